#pragma once
// Standing follow-ups: what a case-only evaluation (no visit) means for the
// actions a case already has. The same plan runs on tablets and at the
// office, so that one (case, rule, kind) is one action everywhere:
//  - a new standing action's id is standing_action_id(CRN, rule, kind,
//    reason): a tablet and the office raising it from the same facts make
//    the same record, and sync merges it like any other; the office merges
//    what still differs (office/office_actions.hpp);
//  - a raise merges into the open action of the same (case, rule, kind)
//    (domain/action_merge.hpp);
//  - a raise whose reason a closed action of the same (case, rule, kind)
//    already carries is not raised again: that situation was dealt with
//    (done or dismissed), and comes back only when the facts change;
//  - an open action of a rule that closes itself (RuleSet::closes_by) which
//    the evaluation no longer raises is closed (done) once the record that
//    met it is found, and its outcome names that record.
// Pure: no store, no clock; the writer stamps created_at and hlc.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "rules/rule_set.hpp"

namespace doorstep {

struct StandingPlan {
  std::vector<Action> created;  // new open actions (created_at and hlc not set)
  std::vector<Action> merged;   // open actions whose reasons, priority or due changed
  std::vector<Action> closed;   // open actions that closed by themselves (status done, outcome set)

  [[nodiscard]] bool empty() const { return created.empty() && merged.empty() && closed.empty(); }
  // created, merged and closed, in that order.
  [[nodiscard]] std::vector<Action> all() const;
};

// `existing`: every action of the case (any status). `standing`: the
// case-only evaluation's actions (RuleSet::evaluate with no visit) for
// `kase` as of `today`, with `visits` its recorded visits.
StandingPlan plan_standing_actions(const Case& kase, std::span<const Visit> visits, std::span<const Action> existing,
                                   std::span<const RaisedAction> standing, const RuleSet& rules);

// The id of the standing action raised for (crn, rule, kind) with this
// first reason: a name-based UUID, the same everywhere.
std::string standing_action_id(std::string_view crn, std::string_view rule, ActionKind kind, std::string_view reason);

// The record that meets an open action closing by `how`, in words for its
// outcome ("Closed by itself: purposeful home visit on 2026-03-02 (visit
// 0190…)"); nullopt while there is none.
std::optional<std::string> closing_record(ClosesBy how, const Action& action, const Case& kase,
                                          std::span<const Visit> visits);

}  // namespace doorstep
