#include "model/sync_status.hpp"

namespace doorstep::field {

SyncStatus read_sync_status(Store& store) {
  SyncStatus s;
  s.last_success = store.meta("sync.last_success_at").value_or("");
  s.unsent = store.outbox_pending_count();
  std::int64_t after = 0;
  for (;;) {
    const auto batch = store.outbox(after, 1000);
    if (batch.empty()) break;
    for (const auto& e : batch) {
      if (e.entity == "action") s.unsent_actions.insert(e.entity_id);
    }
    after = batch.back().seq;
  }
  if (!s.unsent_actions.empty()) {
    for (const auto& a : store.list_actions(std::nullopt, true)) {
      if (a.priority == Priority::urgent && s.unsent_actions.contains(a.id)) ++s.urgent_unsent;
    }
  }
  return s;
}

}  // namespace doorstep::field
