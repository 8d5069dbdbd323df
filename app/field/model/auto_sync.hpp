#pragma once
// When the field app syncs by itself: a policy over times, no threads, no
// store. The App asks due() once per frame while unlocked, able to sync
// and not already syncing; it reports started() and finished().
//
// - request(): something wants a sync soon (a visit was finished, the store
//   was unlocked): due at once, unless a failure's backoff is still running.
// - Every `interval` after the last success a sync is due anyway.
// - A failure backs off: 30 s, 60 s, 2 min ... up to `max_backoff` (15
//   min); while an urgent follow-up waits to be sent the cap is
//   `urgent_max_backoff` (2 min). A success resets the backoff.
// - A request made while a sync runs is not lost: when that sync ends, the
//   next one is due at once (the new records may have missed its push).
#include <algorithm>
#include <cstdint>
#include <optional>

#include "util/clock.hpp"

namespace doorstep::field {

struct AutoSyncParams {
  std::int64_t interval_ms = 15 * 60'000;
  std::int64_t first_backoff_ms = 30'000;
  std::int64_t max_backoff_ms = 15 * 60'000;
  std::int64_t urgent_max_backoff_ms = 2 * 60'000;
};

class AutoSyncPolicy {
 public:
  explicit AutoSyncPolicy(AutoSyncParams params = {}) : m_params(params) {}

  void request(UtcMillis now);
  [[nodiscard]] bool due(UtcMillis now) const { return now >= m_next_at; }
  // When the next sync is due (the loop may sleep until then).
  [[nodiscard]] UtcMillis next_at() const { return m_next_at; }
  void started(UtcMillis now);
  // `urgent_waiting`: an urgent follow-up is still unsent after this run.
  void finished(UtcMillis now, bool ok, bool urgent_waiting);
  [[nodiscard]] int failures() const { return m_failures; }
  [[nodiscard]] std::int64_t current_backoff_ms() const { return m_backoff_ms; }

 private:
  AutoSyncParams m_params;
  UtcMillis m_next_at = 0;           // due at once after construction (unlock)
  UtcMillis m_retry_not_before = 0;  // end of the current backoff
  std::optional<UtcMillis> m_running_since;
  bool m_requested_while_running = false;
  int m_failures = 0;
  std::int64_t m_backoff_ms = 0;
};

}  // namespace doorstep::field
