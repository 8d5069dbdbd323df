#include "casework/casework.hpp"

#include "casework/people_met.hpp"
#include "rules/purposeful.hpp"
#include "rules/standing_actions.hpp"
#include "util/error.hpp"

namespace doorstep {

Evaluation Casework::preview(std::string_view crn, const Visit* visit) {
  const Case kase = m_store.get_case(crn);
  const std::vector<Visit> earlier = m_store.list_visits(crn);
  const RuleContext ctx{kase, visit, earlier, std::nullopt, today()};
  return m_rules.evaluate(ctx);
}

RecordedVisit Casework::finish_visit(std::string_view crn, Visit visit) {
  require_valid_people_present(visit);
  const Case kase = m_store.get_case(crn);
  const Evaluation eval = preview(crn, &visit);
  const bool purposeful = is_purposeful(kase, visit);
  const std::vector<Person> joining = people_joining_household(kase, visit);
  RecordedVisit recorded =
      m_store.record_visit(crn, std::move(visit), purposeful, eval.actions, eval.new_alerts, joining);
  (void)review_case(crn);
  return recorded;
}

std::vector<Action> Casework::review_case(std::string_view crn) {
  const Case kase = m_store.get_case(crn);
  // The case-only rules read visits only for the last purposeful one, and
  // the store moves the case's last_purposeful_home_visit forward with every
  // purposeful visit: visits before it cannot change the answer, so they
  // are not read (nor parsed) at all.
  const std::vector<Visit> visits = m_store.list_visits_from(crn, kase.last_purposeful_home_visit);
  const RuleContext ctx{kase, nullptr, visits, std::nullopt, today()};
  const Evaluation eval = m_rules.evaluate(ctx);
  const std::vector<Action> existing = m_store.list_actions(crn, false);
  const StandingPlan plan = plan_standing_actions(kase, visits, existing, eval.actions, m_rules);
  std::vector<Action> updated = plan.merged;
  updated.insert(updated.end(), plan.closed.begin(), plan.closed.end());
  return m_store.save_standing_actions(crn, plan.created, updated);
}

Action Casework::complete_with_check(std::string_view action_id, Date date, std::optional<CheckResult> result,
                                    std::optional<std::string> outcome) {
  const Action action = m_store.get_action(action_id);
  const auto kind = check_kind_for(action.kind);
  if (!kind)
    throw Error(ErrorCode::usage, "action " + action.id + " is " + std::string(to_string(action.kind)) +
                                      ", not a check: close it with its outcome");
  if (action.status != ActionStatus::open)  // before the check is written: nothing on error
    throw Error(ErrorCode::conflict, "action " + action.id + " is already " + std::string(to_string(action.status)));
  if (outcome && outcome->empty()) outcome.reset();
  Check check;
  check.kind = *kind;
  check.date = date;
  check.result = result;
  check.outcome = outcome;
  const Check saved = m_store.record_check(action.crn, check);
  std::string said = saved.answered() ? "Check recorded on " + date.to_string()
                                      : "Check requested on " + date.to_string() + ", awaiting reply";
  if (result) said += ": " + std::string(to_string(*result));
  if (outcome) said += (result ? ", " : ": ") + *outcome;
  said += " (check " + saved.id + ")";
  Action done = m_store.complete_action(action_id, said);
  (void)review_case(action.crn);
  return done;
}

Casework::CaseloadReview Casework::review_caseload() {
  CaseloadReview out;
  for (const auto& c : m_store.list_cases()) {
    out.written += static_cast<int>(review_case(c.crn).size());
    ++out.cases;
  }
  return out;
}

}  // namespace doorstep
