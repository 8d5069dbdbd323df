#pragma once
// The standing rules at the office: the same case-only evaluation and plan
// as on tablets (rules/standing_actions.hpp), over the case as the office
// holds it, written as office records that devices pull. The office runs
// them after every applied push that touches a case's visits, checks,
// actions or facts, on case import and update, once a day inside `serve`,
// and on `doorstep-office rules run`.
#include <atomic>
#include <optional>
#include <string_view>

#include "domain/model.hpp"
#include "office/office_store.hpp"
#include "rules/rule_set.hpp"
#include "rules/standing_actions.hpp"

namespace doorstep::office {

// Runs the standing rules over one case as of `today` and writes what they
// raise, merge and close. `previous_rosh`: the RoSH the case had before an
// office update raised it (R9's "RoSH increase"); only the update passes it,
// so the increase is raised once. Error(not_found) for an unknown case.
// Returns the actions written.
std::vector<Action> run_case_rules(OfficeStore& store, const RuleSet& rules, std::string_view crn, Date today,
                                   UtcMillis now, std::optional<Rosh> previous_rosh = std::nullopt);

struct RulesRunSummary {
  int cases = 0;    // cases evaluated
  int raised = 0;   // actions created
  int updated = 0;  // open actions merged with a newer reason, priority or due
  int closed = 0;   // actions that closed by themselves
};

// Every case the office holds. `stop`, when given, is checked before each
// case: once it is set the pass ends there (what was written stays written;
// the next pass goes on from the facts).
RulesRunSummary run_rules_everywhere(OfficeStore& store, const RuleSet& rules, Date today, UtcMillis now,
                                     const std::atomic<bool>* stop = nullptr);

}  // namespace doorstep::office
