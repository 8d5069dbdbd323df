#pragma once
// What the officer sees of sync at all times (the line under the navigation
// bar): when the tablet last synced, how many records wait to be sent, and
// which follow-ups are still on the tablet only. Read from the store when
// something changed, never per frame.
#include <cstdint>
#include <set>
#include <string>

#include "store/store.hpp"

namespace doorstep::field {

struct SyncStatus {
  std::string last_success;        // "2026-03-02 10:15 UTC", "" never
  std::int64_t unsent = 0;         // outbox entries not yet acknowledged (quarantined included)
  std::set<std::string> unsent_actions;  // ids of follow-ups whose latest change is unsent
  std::int64_t urgent_unsent = 0;  // open urgent follow-ups among them

  [[nodiscard]] bool sent(const std::string& action_id) const { return !unsent_actions.contains(action_id); }
};

SyncStatus read_sync_status(Store& store);

}  // namespace doorstep::field
