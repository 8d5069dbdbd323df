#include "office/office_rules.hpp"

#include <algorithm>
#include <map>

#include "domain/json_codec.hpp"
#include "office/office_actions.hpp"
#include "office/office_records.hpp"

namespace doorstep::office {
namespace {

StandingPlan plan_for(const Case& kase, std::span<const Visit> visits, std::span<const Action> actions,
                      const RuleSet& rules, Date today, std::optional<Rosh> previous_rosh) {
  const RuleContext ctx{kase, nullptr, visits, previous_rosh, today};
  const Evaluation eval = rules.evaluate(ctx);
  return plan_standing_actions(kase, visits, actions, eval.actions, rules);
}

}  // namespace

std::vector<Action> run_case_rules(OfficeStore& store, const RuleSet& rules, std::string_view crn, Date today,
                                   UtcMillis now, std::optional<Rosh> previous_rosh) {
  const auto row = store.find_case(crn);
  if (!row) throw Error(ErrorCode::not_found, "no case " + std::string(crn.substr(0, 16)));
  std::vector<Visit> visits;
  for (const auto& r : store.records("visit", crn)) visits.push_back(visit_of(r));
  std::vector<Action> actions;
  for (const auto& r : store.records("action", crn)) actions.push_back(action_from_record(r));
  const StandingPlan plan = plan_for(row->facts, visits, actions, rules, today, previous_rosh);
  if (plan.empty()) return {};
  return store.write_office_actions(crn, plan.all(), "office", now);
}

RulesRunSummary run_rules_everywhere(OfficeStore& store, const RuleSet& rules, Date today, UtcMillis now,
                                     const std::atomic<bool>* stop) {
  // Three reads for the whole office, then one write per case that changes.
  std::map<std::string, std::vector<Visit>, std::less<>> visits;
  for (const auto& r : store.records("visit", std::nullopt)) visits[r.crn].push_back(visit_of(r));
  std::map<std::string, std::vector<Action>, std::less<>> actions;
  for (const auto& r : store.records("action", std::nullopt)) actions[r.crn].push_back(action_from_record(r));
  RulesRunSummary summary;
  for (const auto& r : store.records("case", std::nullopt)) {
    if (stop && stop->load()) break;
    const Case kase = case_from_json(r.payload, "stored case");
    ++summary.cases;
    const auto v = visits.find(kase.crn);
    const auto a = actions.find(kase.crn);
    const StandingPlan plan = plan_for(kase, v == visits.end() ? std::span<const Visit>() : std::span(v->second),
                                       a == actions.end() ? std::span<const Action>() : std::span(a->second), rules,
                                       today, std::nullopt);
    if (plan.empty()) continue;
    // The write re-checks every action against the store (a push may have
    // landed since the reads); count what it wrote.
    for (const auto& w : store.write_office_actions(kase.crn, plan.all(), "office", now)) {
      if (w.status != ActionStatus::open)
        ++summary.closed;
      else if (std::any_of(plan.created.begin(), plan.created.end(), [&](const Action& c) { return c.id == w.id; }))
        ++summary.raised;
      else
        ++summary.updated;
    }
  }
  return summary;
}

}  // namespace doorstep::office
