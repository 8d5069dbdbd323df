// visit record, note add / amend / retract.
#include <algorithm>
#include <fmt/core.h>

#include "commands.hpp"
#include "casework/visit_lookup.hpp"
#include "common/program_edge.hpp"
#include "domain/json_codec.hpp"
#include "util/error.hpp"
#include "casework/casework.hpp"
#include "rule_assets.hpp"

namespace doorstep::cli {
namespace {

void print_actions(const std::vector<Action>& actions) {
  if (actions.empty()) {
    cmdline::show("No follow-ups raised.\n");
    return;
  }
  cmdline::show("Follow-ups raised:\n");
  for (const auto& a : actions) {
    cmdline::show("  [{}] {} due {} ({})\n", to_string(a.priority), to_string(a.kind), a.due.to_string(), a.rule);
    cmdline::show("      {}\n", a.reasons.back());
  }
}

}  // namespace

void add_visit_commands(CLI::App& app, CliSession& session) {
  auto* visit = app.add_subcommand("visit", "Home visits");
  visit->require_subcommand(1);
  // ---- visit show: the whole visit, for a manager deciding oversight.
  auto* show = visit->add_subcommand(
      "show", "Show one visit in full: every question with its answer, the people present, its notes and follow-ups");
  auto show_id = std::make_shared<std::string>();
  show->add_option("ID", *show_id, "The visit's id (see `export` or `actions`)")->required();
  show->callback([&session, show_id] {
    Store store = session.open_store();
    const VisitDetailText detail = load_visit_detail(store, *show_id, load_checklist());
    if (session.options().json) return CliSession::print_json(detail.json);
    cmdline::show_block(detail.markdown);
  });

  auto* record = visit->add_subcommand("record", "Record a finished visit from JSON (the shared visit shape)");
  auto crn = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  record->add_option("CRN", *crn, "Case reference number")->required();
  record->add_option("FILE", *file, "Visit JSON file, or - for standard input")->required();
  record->callback([&session, crn, file] {
    const RuleSet rules = load_rule_set();
    const ChecklistTemplate checklist = load_checklist();
    Store store = session.open_store();
    const std::string source = *file == "-" ? "stdin" : *file;
    Visit v = visit_from_json(parse_json_text(session.read_input(*file), source));
    if (v.template_id.empty()) {
      v.template_id = checklist.id();
      v.template_version = checklist.version();
    }
    // A completed visit must answer every required item it shows ("unknown"
    // is an answer); a visit with no access records only what it has.
    if (v.outcome == VisitOutcome::completed)
      checklist.validate_complete(v.answers);
    else
      checklist.validate(v.answers);
    Casework casework(store, rules, session.clock());
    const RecordedVisit rec = casework.finish_visit(*crn, std::move(v));
    if (session.options().json) {
      nlohmann::json j = {{"visit_id", rec.visit.id}, {"notes", rec.notes.size()}};
      j["actions"] = nlohmann::json::array();
      for (const auto& a : rec.actions) j["actions"].push_back(to_json(a));
      CliSession::print_json(j);
      return;
    }
    cmdline::show("Recorded visit {} on {} for {} ({} note{}).\n", rec.visit.id, rec.visit.date.to_string(), *crn,
               rec.notes.size(), rec.notes.size() == 1 ? "" : "s");
    print_actions(rec.actions);
  });

  auto* note = app.add_subcommand("note", "Risk notes and safeguarding observations (never edited, never deleted)");
  note->require_subcommand(1);

  auto* add = note->add_subcommand("add", "Add a note to a case");
  auto add_crn = std::make_shared<std::string>();
  auto category = std::make_shared<std::string>();
  auto severity = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  add->add_option("CRN", *add_crn, "Case reference number")->required();
  add->add_option("--category", *category, "risk, safeguarding, domestic_abuse, ... (see the schema)")->required();
  add->add_option("--severity", *severity, "info, concern or urgent");
  add->add_option("TEXT", *text, "The note")->required();
  add->callback([&session, add_crn, category, severity, text] {
    NoteDraft d;
    d.category = parse_enum<NoteCategory>(*category, "--category");
    if (!severity->empty()) d.severity = parse_enum<Severity>(*severity, "--severity");
    d.text = *text;
    Store store = session.open_store();
    const Note n = store.add_note(*add_crn, d);
    if (session.options().json)
      CliSession::print_json(to_json(n));
    else
      cmdline::show("Saved note {}.\n", n.id);
  });

  auto* amend = note->add_subcommand("amend", "Amend a note: adds a new entry that refers to it");
  auto amend_id = std::make_shared<std::string>();
  auto amend_text = std::make_shared<std::string>();
  auto amend_reason = std::make_shared<std::string>();
  amend->add_option("ID", *amend_id, "The note's id")->required();
  amend->add_option("TEXT", *amend_text, "The corrected text")->required();
  amend->add_option("--reason", *amend_reason, "Why it is amended");
  amend->callback([&session, amend_id, amend_text, amend_reason] {
    Store store = session.open_store();
    const Note n = store.amend_note(*amend_id, *amend_text,
                                    amend_reason->empty() ? std::nullopt : std::optional(*amend_reason));
    cmdline::show("Saved amendment {} to note {}.\n", n.id, *amend_id);
  });

  auto* retract = note->add_subcommand("retract", "Retract a note, with a reason (the original is kept)");
  auto retract_id = std::make_shared<std::string>();
  auto retract_reason = std::make_shared<std::string>();
  retract->add_option("ID", *retract_id, "The note's id")->required();
  retract->add_option("--reason", *retract_reason, "Why it is retracted")->required();
  retract->callback([&session, retract_id, retract_reason] {
    Store store = session.open_store();
    const Note n = store.retract_note(*retract_id, *retract_reason);
    cmdline::show("Saved retraction {} of note {}.\n", n.id, *retract_id);
  });

  auto* notes = note->add_subcommand("list", "List a case's notes, with amendments and retractions");
  auto list_crn = std::make_shared<std::string>();
  notes->add_option("CRN", *list_crn, "Case reference number")->required();
  notes->callback([&session, list_crn] {
    Store store = session.open_store();
    (void)store.get_case(*list_crn);
    const auto list = store.list_notes(*list_crn);
    if (session.options().json) {
      auto arr = nlohmann::json::array();
      for (const auto& n : list) arr.push_back(to_json(n));
      CliSession::print_json({{"notes", arr}});
      return;
    }
    for (const auto& n : list) {
      cmdline::show("{} {} [{}{}{}] {}{}\n", n.id, format_utc(n.created_at), to_string(n.category),
                 n.severity ? ", " : "", n.severity ? to_string(*n.severity) : "",
                 n.kind == NoteKind::entry ? "" : std::string(to_string(n.kind)) + " of " + *n.refers_to + ": ",
                 n.kind == NoteKind::retraction ? n.reason.value_or("") : n.text);
    }
  });
}

}  // namespace doorstep::cli
