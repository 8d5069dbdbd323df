#pragma once
// The field app: its state and screens, independent of the window. main.cpp
// feeds it SDL events and calls frame() between ImGui::NewFrame() and
// ImGui::Render(); the headless tests do the same without a window, with a
// ManualClock. No business rules here: screens call the core (Store,
// Casework, StoreFolder) and show what it returns.
//
// Locking: lock() destroys the Session (its Store and its SecureKey copy of
// the key, see model/keyed_store.hpp) and every screen's cached data, and
// shows the Unlock screen. A sync already running finishes on its own
// connection. Enrollment and sync run off the UI thread (office_sync.hpp). It
// happens on request, after `auto_lock_minutes` without input, and when the
// window is minimised (or loses focus, if the officer chose that).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "checklist/checklist_template.hpp"
#include "crypto/kdf_params.hpp"
#include "device/store_folder.hpp"
#include "model/office_sync.hpp"
#include "model/sync_worker.hpp"
#include "model/ui_settings.hpp"
#include "rules/rule_set.hpp"
#include "screens/case_screen.hpp"
#include "screens/caseload_screen.hpp"
#include "screens/first_run_screen.hpp"
#include "screens/follow_ups_screen.hpp"
#include "screens/manager_screen.hpp"
#include "screens/settings_screen.hpp"
#include "screens/sync_screen.hpp"
#include "screens/unlock_screen.hpp"
#include "screens/visit_screen.hpp"
#include "session.hpp"
#include "theme.hpp"
#include "util/clock.hpp"
#include "widgets.hpp"

namespace doorstep::field {

enum class ScreenId { first_run, unlock, caseload, case_view, visit, follow_ups, sync, manager, settings };

struct AppConfig {
  std::filesystem::path store_dir;
  KdfParams kdf = KdfParams::interactive_default();
  // Makes a sync job for the unlocked store (main thread; the job runs on
  // the worker). Empty: this build cannot sync, and the Sync screen says so.
  std::function<std::unique_ptr<SyncJob>(Session&)> make_sync_job;
  // Whether this session can sync (e.g. its store is enrolled with an
  // office). Empty: whenever make_sync_job is set.
  std::function<bool(Session&)> sync_available;
  // How to reach an office (pinned to the enrollment code's certificate).
  // Empty: this build cannot enroll; first run offers a local store only.
  TransportFactory make_transport;
  // The name the office shows for this device.
  std::string device_label = "doorstep field app";
  // Called on the worker thread when a sync event is queued (main.cpp
  // pushes an SDL event so a waiting loop wakes up).
  std::function<void()> wake_main_thread;
};

class App {
 public:
  // `clock` must outlive the App. Loads the rule set and checklist.
  App(AppConfig config, const Clock& clock, RuleSet rules, ChecklistTemplate checklist);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // ---- Driven by the loop (main.cpp or a test)
  // Draws one frame. Call between ImGui::NewFrame() and ImGui::Render().
  void frame(UtcMillis now);
  // Any input event (keys, mouse, touch, text) happened at `now`.
  void on_input(UtcMillis now);
  void on_minimised();
  void on_focus_lost();
  // How long the loop may sleep before the next frame is needed (ms), given
  // that the last input was handled: a few quick frames after input (ImGui
  // settles hover and animations), then until the next timed thing (auto
  // lock, a backoff countdown), capped at 1 s while a sync runs.
  [[nodiscard]] int wait_timeout_ms(UtcMillis now) const;
  // Set when the text size changed: the loop rebuilds the font atlas (and
  // its texture) at this size before the next frame. Cleared by the read.
  std::optional<float> take_font_request();
  [[nodiscard]] Palette colours() const { return palette(m_settings.theme); }
  [[nodiscard]] const UiRecorder& recorder() const { return m_recorder; }

  // ---- Commands for the screens
  [[nodiscard]] ScreenId screen() const { return m_screen; }
  void go(ScreenId screen);
  void open_case(const std::string& crn);
  void start_visit(const std::string& crn);
  void lock();
  [[nodiscard]] bool locked() const { return !m_session; }
  Session* session() { return m_session.get(); }
  // Takes ownership of an unlocked or newly created store and its key (empty
  // if not kept: then this session cannot sync).
  void unlocked(Store store, SecureKey key, bool first_run = false);
  // First run: enroll with the office in the background (EnrollmentTask);
  // when it succeeds the app unlocks the new store and starts the first
  // sync (the caseload download). Error(bad_input) for a malformed code,
  // Error(usage) if this build cannot enroll.
  void start_enrollment(const std::string& code_text, const std::string& passphrase);
  [[nodiscard]] bool can_enroll() const { return static_cast<bool>(m_config.make_transport); }
  [[nodiscard]] bool enrolling() const { return m_enrollment.busy(); }
  [[nodiscard]] StoreFolder folder() const { return StoreFolder(m_config.store_dir); }
  [[nodiscard]] const Clock& clock() const { return m_clock; }
  [[nodiscard]] const KdfParams& kdf() const { return m_config.kdf; }
  [[nodiscard]] const ChecklistTemplate& checklist() const { return m_checklist; }
  [[nodiscard]] const RuleSet& rules() const { return m_rules; }
  [[nodiscard]] UtcMillis now() const { return m_now; }
  [[nodiscard]] Date today() const { return utc_date(m_now); }
  [[nodiscard]] const UiSettings& settings() const { return m_settings; }
  void change_settings(const UiSettings& s);
  // A one-line message under the navigation bar until the next navigation.
  void tell(std::string message, bool is_error = false);

  // A sync job can be made for this session (not whether the office answers).
  [[nodiscard]] bool can_sync() const;
  // Session::review_standing as of today; a failure is told, never thrown.
  void run_standing_rules();
  bool start_sync();
  [[nodiscard]] bool sync_busy() const { return m_sync.busy(); }
  [[nodiscard]] const std::optional<SyncProgressInfo>& sync_progress() const { return m_sync_progress; }
  [[nodiscard]] const std::optional<SyncResult>& last_sync_result() const { return m_last_sync; }

  // For tests: the screens' state.
  VisitScreen& visit_screen() { return m_visit; }
  CaseScreen& case_screen() { return m_case; }
  UnlockScreen& unlock_screen() { return m_unlock; }
  [[nodiscard]] const std::string& first_run_error() const { return m_first_run.error(); }

 private:
  void draw_navigation();
  void drain_sync_events();
  void drain_enrollment();
  void drop_screen_state();

  AppConfig m_config;
  const Clock& m_clock;
  RuleSet m_rules;
  ChecklistTemplate m_checklist;
  UiSettings m_settings;
  std::optional<float> m_font_request;
  std::unique_ptr<Session> m_session;
  ScreenId m_screen = ScreenId::unlock;
  ScreenId m_resume_screen = ScreenId::caseload;  // where to return after unlock
  std::string m_resume_crn;
  bool m_restyle = false;
  UtcMillis m_now = 0;
  UtcMillis m_last_input = 0;
  int m_quick_frames = 0;  // frames still to draw soon after input
  std::string m_message;
  bool m_message_is_error = false;
  UiRecorder m_recorder;

  FirstRunScreen m_first_run;
  UnlockScreen m_unlock;
  CaseloadScreen m_caseload;
  CaseScreen m_case;
  VisitScreen m_visit;
  FollowUpsScreen m_follow_ups;
  SyncScreen m_sync_screen;
  ManagerScreen m_manager;
  SettingsScreen m_settings_screen;

  EnrollmentTask m_enrollment;
  SyncWorker m_sync;
  std::optional<SyncProgressInfo> m_sync_progress;
  std::optional<SyncResult> m_last_sync;
};

}  // namespace doorstep::field
