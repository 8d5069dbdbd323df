#pragma once
// Sync: changes waiting to go to the office, when the last sync finished, a
// progress bar while a sync runs on the worker thread (the rest of the app
// stays usable), and the conflicts and quarantined changes to review.
// Counts are read when the screen opens, after a sync and on Refresh.
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class SyncScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset() { m_loaded_generation = 0; }

 private:
  void load(App& app);

  std::uint64_t m_loaded_generation = 0;
  std::int64_t m_pending = 0;
  std::string m_last_sync;
  std::vector<ConflictRecord> m_conflicts;
  std::vector<OutboxEntry> m_quarantined;
  std::vector<HeldRecord> m_held;  // pulled records this tablet could not apply (yet)
  std::string m_error;
};

}  // namespace doorstep::field
