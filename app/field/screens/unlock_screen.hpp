#pragma once
// Unlock: the passphrase, the backoff after wrong ones (with the wait shown)
// and the reason when locked out. Unlocking runs Argon2id (about half a
// second): the screen first draws "Unlocking..." and unlocks on the next
// frame, so the officer sees why the app paused.
#include <optional>
#include <string>

#include "util/date.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class UnlockScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  // Unlocks with `passphrase` (also used for DOORSTEP_PASSPHRASE); false
  // with the reason shown on the screen.
  bool unlock(App& app, std::string_view passphrase);
  // Forget the typed passphrase and the cached backoff state.
  void reset();
  [[nodiscard]] const std::string& error() const { return m_error; }

 private:
  void load_backoff(App& app);

  std::string m_passphrase;
  std::string m_error;
  bool m_pending = false;
  bool m_backoff_loaded = false;
  std::optional<UtcMillis> m_locked_until;
  unsigned m_failures = 0;
};

}  // namespace doorstep::field
