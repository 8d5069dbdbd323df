#include "office/oversight_queue.hpp"

#include <algorithm>
#include <map>

namespace doorstep::office {

std::vector<OversightItem> oversight_queue(const std::vector<Action>& actions, const std::vector<RemoteRecord>& visits,
                                           const std::set<std::string>& visible_crns) {
  std::map<std::string, const RemoteRecord*, std::less<>> visit_by_id;
  for (const auto& v : visits) visit_by_id[v.id] = &v;
  std::vector<OversightItem> out;
  for (const auto& a : actions) {
    if (a.kind != ActionKind::manager_oversight || a.status != ActionStatus::open || !a.visit_id) continue;
    if (!visible_crns.contains(a.crn)) continue;
    const auto v = visit_by_id.find(*a.visit_id);
    if (v == visit_by_id.end() || v->second->crn != a.crn) continue;
    const auto date = Date::try_parse(v->second->payload.value("date", ""));
    if (!date) continue;
    out.push_back({a.id, *a.visit_id, a.crn, *date, a.priority, v->second->officer, a.reasons});
  }
  std::stable_sort(out.begin(), out.end(), [](const OversightItem& x, const OversightItem& y) {
    return std::tie(x.visit_date, x.crn, x.action_id) < std::tie(y.visit_date, y.crn, y.action_id);
  });
  return out;
}

std::vector<OversightEntry> oversight_index(const std::vector<DashboardAction>& actions,
                                            const std::vector<DashboardVisit>& visits,
                                            const std::set<std::string>& visible_crns) {
  std::map<std::string, const DashboardVisit*, std::less<>> visit_by_id;
  for (const auto& v : visits) visit_by_id[v.id] = &v;
  std::vector<OversightEntry> out;
  for (const auto& a : actions) {
    if (a.kind != ActionKind::manager_oversight || a.status != ActionStatus::open || !a.visit_id) continue;
    if (!visible_crns.contains(a.crn)) continue;
    const auto v = visit_by_id.find(*a.visit_id);
    if (v == visit_by_id.end() || v->second->crn != a.crn) continue;
    out.push_back({a.id, *a.visit_id, a.crn, v->second->date});
  }
  std::stable_sort(out.begin(), out.end(), [](const OversightEntry& x, const OversightEntry& y) {
    return std::tie(x.visit_date, x.crn, x.action_id) < std::tie(y.visit_date, y.crn, y.action_id);
  });
  return out;
}

}  // namespace doorstep::office
