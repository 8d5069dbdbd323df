// evaluate FILE (no store), briefing CRN, review CRN.
#include <fmt/core.h>

#include <iostream>

#include "briefing/briefing.hpp"
#include "casework/casework.hpp"
#include "commands.hpp"
#include "common/program_edge.hpp"
#include "domain/json_codec.hpp"
#include "rule_assets.hpp"
#include "rules/scenario.hpp"

namespace doorstep::cli {
namespace {

void print_raised(const std::vector<RaisedAction>& actions, const std::vector<std::string>& alerts) {
  for (const auto& alert : alerts) cmdline::show("ALERT added to the case: {}\n", alert);
  if (actions.empty()) {
    cmdline::show("No follow-ups.\n");
    return;
  }
  for (const auto& a : actions) {
    cmdline::show("[{}] {} due {} ({})\n", to_string(a.priority), to_string(a.kind), a.due.to_string(), a.rule);
    cmdline::show("    {}\n", a.reason);
  }
}

}  // namespace

void add_rules_commands(CLI::App& app, CliSession& session) {
  auto* evaluate = app.add_subcommand(
      "evaluate", "Run the rules over a scenario file (case, optional visit, today) without a store");
  auto file = std::make_shared<std::string>();
  evaluate->add_option("FILE", *file, "Scenario JSON (shared shape; any `expect` is ignored), or -")->required();
  evaluate->callback([&session, file] {
    const RuleSet rules = load_rule_set();
    const std::string source = *file == "-" ? "stdin" : *file;
    const Scenario scenario = scenario_from_json(parse_json_text(session.read_input(*file), source), source);
    const Evaluation eval = rules.evaluate(scenario.context());
    if (session.options().json) {
      nlohmann::json j;
      j["actions"] = nlohmann::json::array();
      for (const auto& a : eval.actions) j["actions"].push_back(to_json(a));
      j["new_alerts"] = eval.new_alerts;
      CliSession::print_json(j);
      return;
    }
    cmdline::show("{} ({})\n", scenario.name, scenario.today.to_string());
    print_raised(eval.actions, eval.new_alerts);
  });

  auto* briefing = app.add_subcommand("briefing", "What to know before knocking: alerts, restrictions, household, follow-ups");
  auto crn = std::make_shared<std::string>();
  briefing->add_option("CRN", *crn, "Case reference number")->required();
  briefing->callback([&session, crn] {
    Store store = session.open_store();
    const Case c = store.get_case(*crn);
    const auto actions = store.list_actions(std::string_view(c.crn), true);
    const auto visits = store.list_visits(c.crn);
    const Briefing b = make_briefing(c, actions, visits, utc_date(session.clock().now_utc_ms()));
    if (session.options().json)
      CliSession::print_json(to_json(b));
    else
      cmdline::show_block(to_text(b));
  });

  auto* review = app.add_subcommand("review", "Run the standing rules over a case as of today and store what they raise");
  auto review_crn = std::make_shared<std::string>();
  review->add_option("CRN", *review_crn, "Case reference number")->required();
  review->callback([&session, review_crn] {
    const RuleSet rules = load_rule_set();
    Store store = session.open_store();
    Casework casework(store, rules, session.clock());
    const auto raised = casework.review_case(*review_crn);
    if (session.options().json) {
      auto arr = nlohmann::json::array();
      for (const auto& a : raised) arr.push_back(to_json(a));
      CliSession::print_json({{"actions", arr}});
      return;
    }
    if (raised.empty()) cmdline::show("Nothing due for {}.\n", *review_crn);
    for (const auto& a : raised)
      cmdline::show("{} [{}] {} due {} ({})\n    {}\n", a.id, to_string(a.priority), to_string(a.kind), a.due.to_string(),
                 a.rule, a.reasons.back());
  });
}

}  // namespace doorstep::cli
