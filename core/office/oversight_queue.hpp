#pragma once
// The console's oversight queue: visits awaiting a manager's countersignature
// (an open manager_oversight follow-up raised by a visit), oldest visit
// first, for the cases the viewer sees. Pure: over the office's records.
#include <set>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "office/record_summaries.hpp"
#include "store/store_remote.hpp"

namespace doorstep::office {

struct OversightItem {
  std::string action_id;
  std::string visit_id;
  std::string crn;
  Date visit_date;
  Priority priority = Priority::normal;
  std::string recorded_by;  // who recorded the visit
  std::vector<std::string> reasons;
};

// `actions` and `visits` as the office holds them (records("action"/"visit")).
std::vector<OversightItem> oversight_queue(const std::vector<Action>& actions, const std::vector<RemoteRecord>& visits,
                                           const std::set<std::string>& visible_crns);

// The same queue, in the same order, from the summaries the dashboard reads
// (ConsoleStore: no record decoded), without reasons or who recorded the
// visit: enough to page through it, then fill one page with
// oversight_queue over that page's cases alone.
struct OversightEntry {
  std::string action_id;
  std::string visit_id;
  std::string crn;
  Date visit_date;
};
std::vector<OversightEntry> oversight_index(const std::vector<DashboardAction>& actions,
                                            const std::vector<DashboardVisit>& visits,
                                            const std::set<std::string>& visible_crns);

}  // namespace doorstep::office
