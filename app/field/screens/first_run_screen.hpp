#pragma once
// First run: no store on this device yet. The officer chooses a passphrase
// (its strength shown) and creates the encrypted store. Enrollment with an
// office needs the sync client's enroll API, which this build does not have
// yet; until then the device gets a local store and may import the demo
// caseload (fictional people, labelled as demo everywhere).
#include <string>

namespace doorstep::field {

class App;
class UiRecorder;

class FirstRunScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset();
  [[nodiscard]] const std::string& error() const { return m_error; }

 private:
  void create(App& app);

  std::string m_officer;
  std::string m_passphrase;
  std::string m_confirm;
  bool m_manager = false;
  bool m_demo = true;
  bool m_pending = false;
  std::string m_error;
};

}  // namespace doorstep::field
