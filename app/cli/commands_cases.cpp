// case import / list / show, check record, export.
#include <fmt/core.h>

#include <iostream>

#include "commands.hpp"
#include "common/program_edge.hpp"
#include "domain/json_codec.hpp"
#include "report/case_report.hpp"
#include "rule_assets.hpp"
#include "standing_review.hpp"
#include "util/error.hpp"

namespace doorstep::cli {
namespace {

// One case object, or an array of them: all are validated before any is
// stored, so a bad file writes nothing.
std::vector<Case> parse_cases(const std::string& text, const std::string& source) {
  const auto j = parse_json_text(text, source);
  std::vector<Case> cases;
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) cases.push_back(case_from_json(j[i], "case[" + std::to_string(i) + "]"));
  } else {
    cases.push_back(case_from_json(j));
  }
  return cases;
}

std::string badges(const CaseSummary& s) {
  std::string b;
  if (s.has_alerts) b += "ALERT ";
  if (s.child_protection != ChildProtection::none) b += "CP:" + std::string(to_string(s.child_protection)) + " ";
  if (s.mappa_level != MappaLevel::none) b += "MAPPA:" + std::string(to_string(s.mappa_level)) + " ";
  if (s.domestic_abuse_perpetrator) b += "DA ";
  return b;
}

// "2026-03-02 police_da_check: callouts_found, 'two callouts' (replied 2026-03-09) [id ...]".
std::string check_line(const Check& k) {
  std::string out = k.date.to_string() + " " + std::string(to_string(k.kind)) + ": ";
  if (!k.answered()) {
    out += "requested, awaiting reply";
  } else {
    out += k.result ? std::string(to_string(*k.result)) : "no coded result";
    if (k.outcome && !k.outcome->empty()) out += ", '" + *k.outcome + "'";
    if (k.replied_on) out += " (replied " + k.replied_on->to_string() + ")";
  }
  if (!k.id.empty()) out += " [id " + k.id + "]";
  return out;
}

nlohmann::json check_json(const Check& k) {
  nlohmann::json j = to_json(k);
  j["awaiting_reply"] = !k.answered();
  return j;
}

// An optional --outcome: given but empty is an error (say nothing instead).
std::optional<std::string> outcome_option(const CLI::Option* opt, const std::string& value) {
  if (opt->count() == 0) return std::nullopt;
  if (value.empty()) throw Error(ErrorCode::bad_input, "--outcome: empty; leave it out when there is no outcome text");
  return value;
}

// check record / reply / list.
void add_check_commands(CLI::App& app, CliSession& session) {
  auto* check = app.add_subcommand("check", "Inter-agency checks: record a request or an answer, record a reply, list");
  check->require_subcommand(1);

  auto* record = check->add_subcommand(
      "record", "Record a check on a case; with neither --result nor --outcome it is requested, awaiting reply");
  auto crn = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>();
  auto result = std::make_shared<std::string>();
  auto outcome = std::make_shared<std::string>();
  record->add_option("CRN", *crn, "Case reference number")->required();
  record->add_option("KIND", *kind, "csc_check or police_da_check")->required();
  record->add_option("--date", *date, "Date the check was made or requested (YYYY-MM-DD)")->required();
  auto* rec_result = record->add_option("--result", *result, "Coded answer: " + enum_choices<CheckResult>());
  auto* rec_outcome = record->add_option("--outcome", *outcome, "What the agency said, in words");
  record->callback([&session, crn, kind, date, result, outcome, rec_result, rec_outcome] {
    Check k;
    k.kind = parse_enum<CheckKind>(*kind, "KIND");
    k.date = Date::parse(*date, "--date");
    if (rec_result->count() > 0) k.result = parse_enum<CheckResult>(*result, "--result");
    k.outcome = outcome_option(rec_outcome, *outcome);
    Store store = session.open_store();
    const Check saved = store.record_check(*crn, k);
    if (session.options().json) {
      CliSession::print_json(check_json(saved));
    } else {
      cmdline::show("Recorded {} for {} on {}{} (id {}).\n", *kind, *crn, k.date.to_string(),
                    saved.answered() ? "" : ", requested, awaiting reply", saved.id);
    }
    review_after_write(store, session.clock(), *crn, session.options().json);
  });

  auto* reply = check->add_subcommand("reply", "Record the reply to a requested check (by its id, see `check list`)");
  auto id = std::make_shared<std::string>();
  auto reply_date = std::make_shared<std::string>();
  auto reply_result = std::make_shared<std::string>();
  auto reply_outcome = std::make_shared<std::string>();
  reply->add_option("ID", *id, "The check's id")->required();
  reply->add_option("--date", *reply_date, "Date of the reply (YYYY-MM-DD)")->required();
  reply->add_option("--result", *reply_result, "Coded answer: " + enum_choices<CheckResult>())->required();
  auto* rep_outcome = reply->add_option("--outcome", *reply_outcome, "What the agency said, in words");
  reply->callback([&session, id, reply_date, reply_result, reply_outcome, rep_outcome] {
    const Date d = Date::parse(*reply_date, "--date");
    const CheckResult r = parse_enum<CheckResult>(*reply_result, "--result");
    auto text = outcome_option(rep_outcome, *reply_outcome);
    Store store = session.open_store();
    const Check saved = store.record_check_reply(*id, d, r, std::move(text));
    if (session.options().json) {
      CliSession::print_json(check_json(saved));
    } else {
      cmdline::show("Recorded the reply to {} ({} requested {}): {}.\n", saved.id, to_string(saved.kind),
                    saved.date.to_string(), to_string(r));
    }
    (void)review_caseload(store, session.clock(), session.options().json);  // the reply names a check, not its case
  });

  auto* list = check->add_subcommand("list", "List a case's checks with their ids, results and replies");
  auto list_crn = std::make_shared<std::string>();
  list->add_option("CRN", *list_crn, "Case reference number")->required();
  list->callback([&session, list_crn] {
    Store store = session.open_store();
    const Case c = store.get_case(*list_crn);
    if (session.options().json) {
      auto arr = nlohmann::json::array();
      for (const auto& k : c.checks) arr.push_back(check_json(k));
      CliSession::print_json({{"crn", c.crn}, {"checks", arr}});
      return;
    }
    if (c.checks.empty()) cmdline::show("No checks recorded for {}.\n", c.crn);
    for (const auto& k : c.checks) cmdline::show("{}\n", check_line(k));
  });
}

}  // namespace

void add_case_commands(CLI::App& app, CliSession& session) {
  auto* kase = app.add_subcommand("case", "Cases on this device");
  kase->require_subcommand(1);

  auto* import = kase->add_subcommand("import", "Import one case or an array of cases (JSON, shared schema)");
  auto file = std::make_shared<std::string>();
  import->add_option("FILE", *file, "JSON file, or - for standard input")->required();
  import->callback([&session, file] {
    Store store = session.open_store();
    const auto cases = parse_cases(session.read_input(*file), *file == "-" ? "stdin" : *file);
    for (const auto& c : cases) store.upsert_case(c);
    cmdline::show("Imported {} case{}.\n", cases.size(), cases.size() == 1 ? "" : "s");
    for (const auto& c : cases) review_after_write(store, session.clock(), c.crn, false);
  });

  auto* list = kase->add_subcommand("list", "List the caseload");
  list->callback([&session] {
    Store store = session.open_store();
    const auto cases = store.list_cases();
    if (session.options().json) {
      auto arr = nlohmann::json::array();
      for (const auto& s : cases) {
        nlohmann::json j = {{"crn", s.crn},
                            {"name", s.name},
                            {"rosh", to_string(s.rosh)},
                            {"child_protection", to_string(s.child_protection)},
                            {"mappa_level", to_string(s.mappa_level)},
                            {"domestic_abuse_perpetrator", s.domestic_abuse_perpetrator},
                            {"has_alerts", s.has_alerts},
                            {"open_actions", s.open_actions},
                            {"urgent_actions", s.urgent_actions}};
        if (s.earliest_due) j["earliest_due"] = s.earliest_due->to_string();
        if (s.last_purposeful_home_visit) j["last_purposeful_home_visit"] = s.last_purposeful_home_visit->to_string();
        arr.push_back(std::move(j));
      }
      CliSession::print_json({{"cases", arr}});
      return;
    }
    if (cases.empty()) {
      cmdline::show("No cases. Import some with `doorstep-cli case import FILE`.\n");
      return;
    }
    cmdline::show("{:<8} {:<24} {:<10} {:>5} {:>6} {:<11} {}\n", "CRN", "NAME", "ROSH", "OPEN", "URGENT", "NEXT DUE",
               "FLAGS");
    for (const auto& s : cases) {
      cmdline::show("{:<8} {:<24} {:<10} {:>5} {:>6} {:<11} {}\n", s.crn, s.name.substr(0, 24), to_string(s.rosh),
                 s.open_actions, s.urgent_actions, s.earliest_due ? s.earliest_due->to_string() : "-", badges(s));
    }
  });

  auto* show = kase->add_subcommand("show", "Show one case's facts");
  auto crn = std::make_shared<std::string>();
  show->add_option("CRN", *crn, "Case reference number")->required();
  show->callback([&session, crn] {
    Store store = session.open_store();
    const Case c = store.get_case(*crn);
    if (session.options().json) {
      CliSession::print_json(to_json(c));
      return;
    }
    cmdline::show("{} {}\n", c.crn, c.name);
    for (const auto& a : c.alerts) cmdline::show("  ALERT: {}\n", a);
    cmdline::show("  RoSH {}, MAPPA {}, child protection {}, DA perpetrator {}\n", to_string(c.rosh),
               to_string(c.mappa_level), to_string(c.child_protection), c.domestic_abuse_perpetrator ? "yes" : "no");
    cmdline::show("  {} from {}\n", to_string(c.sentence.type), c.sentence.start.to_string());
    for (const auto& r : c.restrictions) cmdline::show("  restriction: {}\n", to_string(r));
    for (const auto& p : c.household)
      cmdline::show("  household: {} ({}{})\n", p.name, to_string(p.relationship), p.age ? ", " + std::to_string(*p.age) : "");
    for (const auto& p : c.victims)
      cmdline::show("  victim: {} ({}){}\n", p.name, to_string(p.relationship),
                 p.protected_by_restriction ? ", protected by a restriction" : "");
    for (const auto& k : c.checks) cmdline::show("  check: {}\n", check_line(k));
    cmdline::show("  last purposeful home visit: {}\n",
               c.last_purposeful_home_visit ? c.last_purposeful_home_visit->to_string() : "none recorded");
  });

  add_check_commands(app, session);

  auto* exp = app.add_subcommand(
      "export", "Export a case report (Markdown, JSON or printable HTML) to standard output");
  auto exp_crn = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("md");
  auto audience = std::make_shared<std::string>();
  exp->add_option("CRN", *exp_crn, "Case reference number")->required();
  exp->add_option("--format", *format, "md, json or html")
      ->check(CLI::IsMember({"md", "json", "html"}))
      ->capture_default_str();
  exp->add_option("--for", *audience,
                  "cp-conference: the children-first report for a child protection conference (md or html)")
      ->check(CLI::IsMember({"cp-conference"}));
  exp->callback([&session, exp_crn, format, audience] {
    if (*audience == "cp-conference" && *format == "json")
      throw Error(ErrorCode::usage, "--for cp-conference: available as --format md or html, not json");
    const ChecklistTemplate checklist = load_checklist();
    Store store = session.open_store();
    const Case c = store.get_case(*exp_crn);
    const auto visits = store.list_visits(c.crn);
    auto notes = store.list_notes(c.crn);
    for (auto& amendment : store.list_visit_amendments(c.crn)) notes.push_back(std::move(amendment));
    const auto actions = store.list_actions(std::string_view(c.crn), false);
    CaseReportInput in{c, visits, notes, actions, session.clock().now_utc_ms(), store.identity().officer_id,
                       {}, store.visit_officers(c.crn), utc_date(session.clock().now_utc_ms())};
    for (const auto& section : checklist.sections()) {
      for (const auto& item : section.items) in.questions.emplace(item.fact, item.label);
    }
    if (*audience == "cp-conference") {
      if (*format == "html") {
        std::cout << cp_conference_html(in);
      } else {
        cmdline::show_block(cp_conference_markdown(in));
      }
    } else if (*format == "json") {
      CliSession::print_json(case_report_json(in));
    } else if (*format == "html") {
      std::cout << case_report_html(in);
    } else {
      cmdline::show_block(case_report_markdown(in));
    }
  });
}

}  // namespace doorstep::cli
