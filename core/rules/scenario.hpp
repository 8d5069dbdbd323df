#pragma once
// A scenario file in the shared shape (../shared/domain/scenario.schema.json):
// a case, optionally one visit, the date, and what the rules must raise.
// Doorstep extensions (optional, for the project's own scenarios):
//   "earlier_visits": [visit...], "previous_rosh": "medium",
//   expect.rules_include / rules_exclude: ["R5a", ...]  (a rule raised / did not raise anything)
//   expect.due: {"home_visit": "2026-02-16"}            (some action of that kind is due that day)
//   expect.alerts_include: ["text fragment", ...]      (a new alert contains it)
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "rules/rule_set.hpp"

namespace doorstep {

struct Scenario {
  std::string name;
  std::string source;
  Case kase;
  std::optional<Visit> visit;
  std::vector<Visit> earlier_visits;
  std::optional<Rosh> previous_rosh;
  Date today;
  // expect
  std::vector<ActionKind> actions_include;
  std::vector<ActionKind> actions_exclude;
  std::vector<ActionKind> urgent_include;
  std::vector<std::string> rules_include;
  std::vector<std::string> rules_exclude;
  std::map<ActionKind, Date> due;
  std::vector<std::string> alerts_include;

  // The evaluation context; valid while this scenario lives.
  [[nodiscard]] RuleContext context() const;
};

// Validates like the domain codec: Error(bad_input) naming `source` and the field.
Scenario scenario_from_json(const nlohmann::json& j, const std::string& source);
Scenario load_scenario_file(const std::filesystem::path& path);

// Human-readable failures comparing `eval` with the scenario's expect (empty = pass).
std::vector<std::string> check_expectations(const Scenario& s, const Evaluation& eval);

}  // namespace doorstep
