#include "casework/casework.hpp"

#include "rules/purposeful.hpp"

namespace doorstep {

Evaluation Casework::preview(std::string_view crn, const Visit* visit) {
  const Case kase = m_store.get_case(crn);
  const std::vector<Visit> earlier = m_store.list_visits(crn);
  const RuleContext ctx{kase, visit, earlier, std::nullopt, today()};
  return m_rules.evaluate(ctx);
}

RecordedVisit Casework::finish_visit(std::string_view crn, Visit visit) {
  const Case kase = m_store.get_case(crn);
  const Evaluation eval = preview(crn, &visit);
  const bool purposeful = is_purposeful(kase, visit);
  return m_store.record_visit(crn, std::move(visit), purposeful, eval.actions, eval.new_alerts);
}

std::vector<Action> Casework::review_case(std::string_view crn) {
  const Evaluation eval = preview(crn, nullptr);
  return m_store.raise_actions(crn, eval.actions);
}

}  // namespace doorstep
