// case import / list / show, check record, export.
#include <fmt/core.h>

#include <iostream>

#include "commands.hpp"
#include "common/program_edge.hpp"
#include "domain/json_codec.hpp"
#include "report/case_report.hpp"
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
    for (const auto& k : c.checks)
      cmdline::show("  check: {} {} {}\n", k.date.to_string(), to_string(k.kind), k.outcome.value_or("(awaiting outcome)"));
    cmdline::show("  last purposeful home visit: {}\n",
               c.last_purposeful_home_visit ? c.last_purposeful_home_visit->to_string() : "none recorded");
  });

  auto* check = app.add_subcommand("check", "Inter-agency checks");
  check->require_subcommand(1);
  auto* record = check->add_subcommand("record", "Record a check and its outcome");
  auto check_crn = std::make_shared<std::string>();
  auto check_kind = std::make_shared<std::string>();
  auto check_date = std::make_shared<std::string>();
  auto check_outcome = std::make_shared<std::string>();
  record->add_option("CRN", *check_crn, "Case reference number")->required();
  record->add_option("KIND", *check_kind, "csc_check or police_da_check")->required();
  record->add_option("--date", *check_date, "Date of the check (YYYY-MM-DD)")->required();
  record->add_option("--outcome", *check_outcome, "What the agency said")->required();
  record->callback([&session, check_crn, check_kind, check_date, check_outcome] {
    Check k;
    k.kind = parse_enum<CheckKind>(*check_kind, "KIND");
    k.date = Date::parse(*check_date, "--date");
    k.outcome = *check_outcome;
    Store store = session.open_store();
    store.record_check(*check_crn, k);
    cmdline::show("Recorded {} for {} on {}.\n", *check_kind, *check_crn, k.date.to_string());
  });

  auto* exp = app.add_subcommand("export", "Export a case report (Markdown or JSON) to standard output");
  auto exp_crn = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("md");
  exp->add_option("CRN", *exp_crn, "Case reference number")->required();
  exp->add_option("--format", *format, "md or json")->check(CLI::IsMember({"md", "json"}))->capture_default_str();
  exp->callback([&session, exp_crn, format] {
    Store store = session.open_store();
    const Case c = store.get_case(*exp_crn);
    const auto visits = store.list_visits(c.crn);
    const auto notes = store.list_notes(c.crn);
    const auto actions = store.list_actions(std::string_view(c.crn), false);
    const CaseReportInput in{c, visits, notes, actions, session.clock().now_utc_ms(), store.identity().officer_id};
    if (*format == "json")
      CliSession::print_json(case_report_json(in));
    else
      cmdline::show_block(case_report_markdown(in));
  });
}

}  // namespace doorstep::cli
