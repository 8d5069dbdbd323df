#pragma once
// Settings: text size, theme, auto-lock time, lock when the app loses focus,
// and changing the passphrase (re-wraps the key; the store is not
// re-encrypted). Display settings apply at once and are saved at once.
#include <string>

namespace doorstep::field {

class App;
class UiRecorder;

class SettingsScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset();

 private:
  std::string m_old;
  std::string m_new;
  std::string m_confirm;
  std::string m_result;
  bool m_result_ok = false;
  bool m_pending = false;
};

}  // namespace doorstep::field
