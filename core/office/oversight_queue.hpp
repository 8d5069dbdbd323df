#pragma once
// The console's oversight queue: visits awaiting a manager's countersignature
// (an open manager_oversight follow-up raised by a visit), oldest visit
// first, for the cases the viewer sees. Pure: over the office's records.
#include <set>
#include <string>
#include <vector>

#include "domain/model.hpp"
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

}  // namespace doorstep::office
