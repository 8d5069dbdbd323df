#pragma once
// First run: no store on this device yet. The officer chooses a passphrase
// (its strength shown), pastes the enrollment code from the office and
// presses Enroll: the app redeems the code over the pinned connection,
// creates the encrypted store and downloads the caseload (App and
// EnrollmentTask do the work; this screen only collects and shows). Without
// an office (demos, training), "Create local store" makes a store that is
// not enrolled, optionally with the DEMO caseload (fictional people,
// labelled as demo everywhere).
#include <string>

namespace doorstep::field {

class App;
class UiRecorder;

class FirstRunScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset();
  [[nodiscard]] const std::string& error() const { return m_error; }
  // The background enrollment failed: show why (the typed fields stay).
  void enrollment_failed(std::string message) { m_error = std::move(message); }

 private:
  void create_local(App& app);
  void enroll(App& app);

  std::string m_code;
  std::string m_officer;
  std::string m_passphrase;
  std::string m_confirm;
  bool m_manager = false;
  bool m_demo = true;
  bool m_pending = false;
  std::string m_error;
};

}  // namespace doorstep::field
