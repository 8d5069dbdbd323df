#include "app.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "model/keyed_store.hpp"
#include "util/error.hpp"

namespace doorstep::field {

namespace {

// ImGui's recovery reports each window it closes; the message shown is ours.
void ignore_recover_log(void* /*user*/, const char* /*fmt*/, ...) {}

}  // namespace

App::App(AppConfig config, const Clock& clock, RuleSet rules, ChecklistTemplate checklist)
    : m_config(std::move(config)),
      m_clock(clock),
      m_rules(std::move(rules)),
      m_checklist(std::move(checklist)),
      m_settings(load_settings(m_config.store_dir)),
      m_font_request(font_px(m_settings.text_size)),
      m_now(clock.now_utc_ms()),
      m_last_input(m_now),
      m_enrollment(m_config.wake_main_thread),
      m_sync(m_config.wake_main_thread) {
  ImGuiIO& io = ImGui::GetIO();
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need a frame every 0.5 s
  io.IniFilename = nullptr;               // no imgui.ini: nothing about the session on disk
  apply_theme(m_settings.theme, font_px(m_settings.text_size));
  m_screen = folder().exists() ? ScreenId::unlock : ScreenId::first_run;
}

App::~App() = default;

std::optional<float> App::take_font_request() {
  auto r = m_font_request;
  m_font_request.reset();
  return r;
}

void App::on_input(UtcMillis now) {
  m_last_input = std::max(m_last_input, now);
  m_quick_frames = 3;
}

void App::on_minimised() {
  if (!locked()) lock();
}

void App::on_focus_lost() {
  if (!locked() && m_settings.lock_on_focus_lost) lock();
}

int App::wait_timeout_ms(UtcMillis now) const {
  if (m_quick_frames > 0) return 16;
  std::int64_t wait = 60'000;
  if (!locked()) {
    const std::int64_t lock_at = m_last_input + std::int64_t{m_settings.auto_lock_minutes} * 60'000;
    wait = std::min<std::int64_t>(wait, std::max<std::int64_t>(lock_at - now, 0) + 1);
  } else if (m_screen == ScreenId::unlock) {
    wait = 1000;  // the backoff countdown (the screen reads the file only when it changes)
  }
  if (m_sync.busy() || m_enrollment.busy()) wait = std::min<std::int64_t>(wait, 1000);
  return static_cast<int>(wait);
}

void App::go(ScreenId screen) {
  m_screen = screen;
  m_message.clear();
}

void App::open_case(const std::string& crn) {
  m_case.open(crn);
  go(ScreenId::case_view);
}

void App::start_visit(const std::string& crn) {
  m_visit.open(*this, crn);
  go(ScreenId::visit);
}

void App::tell(std::string message, bool is_error) {
  m_message = std::move(message);
  m_message_is_error = is_error;
}

void App::drop_screen_state() {
  m_first_run.reset();
  m_unlock.reset();
  m_caseload.reset();
  m_case.reset();
  m_visit.reset();
  m_follow_ups.reset();
  m_sync_screen.reset();
  m_manager.reset();
  m_settings_screen.reset();
}

void App::lock() {
  // Drafts are already in the store (saved on every change); the screens
  // drop what they read from it, then the Store (and its key) goes.
  m_resume_screen = m_screen;
  m_resume_crn = m_screen == ScreenId::visit ? m_visit.crn() : m_case.crn();
  drop_screen_state();
  m_session.reset();
  m_screen = folder().exists() ? ScreenId::unlock : ScreenId::first_run;
  m_message.clear();
}

void App::unlocked(Store store, SecureKey key, bool first_run) {
  m_session = std::make_unique<Session>(std::move(store), std::move(key), m_rules, m_clock);
  run_standing_rules();
  m_session->reload_caseload(today());
  m_last_input = m_now;
  m_screen = ScreenId::caseload;
  if (!first_run && !m_resume_crn.empty() && m_session->store().find_case(m_resume_crn)) {
    if (m_resume_screen == ScreenId::visit) start_visit(m_resume_crn);
    else if (m_resume_screen == ScreenId::case_view) open_case(m_resume_crn);
  } else if (!first_run && m_resume_screen != ScreenId::unlock && m_resume_screen != ScreenId::first_run &&
             m_resume_screen != ScreenId::visit && m_resume_screen != ScreenId::case_view) {
    m_screen = m_resume_screen;
  }
  m_resume_crn.clear();
  m_resume_screen = ScreenId::caseload;
}

void App::change_settings(const UiSettings& s) {
  if (s.text_size != m_settings.text_size) m_font_request = font_px(s.text_size);
  const bool restyle = s.text_size != m_settings.text_size || s.theme != m_settings.theme;
  m_settings = s;
  if (restyle) m_restyle = true;
  try {
    save_settings(m_config.store_dir, s);
  } catch (const std::exception& e) {
    tell(std::string("Settings apply now but could not be saved: ") + e.what(), true);
  }
}

void App::run_standing_rules() {
  if (!m_session) return;
  try {
    m_session->review_standing(today());
  } catch (const std::exception& e) {
    tell(std::string("The standing rules could not run: ") + e.what(), true);
  }
}

bool App::can_sync() const {
  if (!m_config.make_sync_job || !m_session) return false;
  return !m_config.sync_available || m_config.sync_available(*m_session);
}

void App::start_enrollment(const std::string& code_text, const std::string& passphrase) {
  if (!can_enroll()) throw Error(ErrorCode::usage, "this build cannot enroll with an office");
  m_enrollment.start(code_text, passphrase, m_config.device_label, m_config.kdf, folder(), m_config.make_transport);
}

void App::drain_enrollment() {
  auto outcome = m_enrollment.take();
  if (!outcome) return;
  if (!outcome->ok) {
    m_first_run.enrollment_failed(outcome->message);
    return;
  }
  try {
    // The task closed the store it created; this thread opens its own.
    Store store = open_connection(folder(), outcome->key, m_clock);
    m_first_run.reset();
    unlocked(std::move(store), std::move(outcome->key), true);
    if (start_sync()) {
      tell("Enrolled as " + outcome->officer.name + ". Downloading your caseload...");
    } else {
      tell("Enrolled as " + outcome->officer.name + ". Open Sync to download your caseload.");
    }
  } catch (const std::exception& e) {
    m_first_run.enrollment_failed(std::string("Enrolled, but the new store could not be opened: ") + e.what());
  }
}

bool App::start_sync() {
  if (!can_sync() || locked() || m_sync.busy()) return false;
  std::unique_ptr<SyncJob> job;
  try {
    job = m_config.make_sync_job(*m_session);
  } catch (const std::exception& e) {
    m_last_sync = SyncResult{false, std::string("Sync could not start: ") + e.what(), 0, 0, 0, 0, false};
    return false;
  }
  m_sync_progress.reset();
  return m_sync.start(std::move(job));
}

void App::drain_sync_events() {
  for (auto& e : m_sync.drain()) {
    if (e.kind == SyncEvent::Kind::progress) {
      m_sync_progress = e.progress;
      continue;
    }
    m_sync_progress.reset();
    m_last_sync = e.result;
    if (m_session) {
      try {
        if (e.result.ok) m_session->store().set_meta("sync.last_success_at", format_utc(m_now).substr(0, 16) + " UTC");
        run_standing_rules();  // what the office sent may change what is due
        m_session->reload_caseload(today());
      } catch (const std::exception& ex) {
        tell(std::string("After sync: ") + ex.what(), true);
      }
      // Off the Sync screen, say how it went (a failure never blocks recording).
      if (!e.result.revoked && m_screen != ScreenId::sync) tell(e.result.message, !e.result.ok);
    }
    if (e.result.revoked) {
      // The office revoked this device: its records were sent or are held at
      // the office; the design says the device wipes its store.
      lock();
      try {
        folder().wipe();
      } catch (const std::exception& ex) {
        tell(std::string("This device was revoked, and wiping failed: ") + ex.what(), true);
      }
      m_screen = ScreenId::first_run;
      if (!folder().exists()) tell(e.result.message, true);
    }
  }
}

void App::draw_navigation() {
  struct Tab {
    const char* label;
    ScreenId screen;
  };
  const Tab tabs[] = {{"Today##nav", ScreenId::caseload},
                      {"Follow-ups##nav", ScreenId::follow_ups},
                      {"Sync##nav", ScreenId::sync},
                      {"Oversight##nav", ScreenId::manager},
                      {"Settings##nav", ScreenId::settings}};
  const bool manager = m_session->is_manager();
  for (const auto& tab : tabs) {
    if (tab.screen == ScreenId::manager && !manager) continue;
    const bool current = m_screen == tab.screen ||
                         (tab.screen == ScreenId::caseload && (m_screen == ScreenId::case_view || m_screen == ScreenId::visit));
    if (ui::choice(m_recorder, tab.label, current)) go(tab.screen);
    ImGui::SameLine();
  }
  if (m_sync.busy()) {
    ImGui::TextDisabled("syncing...");
    ImGui::SameLine();
  }
  const float lock_width = ImGui::CalcTextSize("Lock").x + ImGui::GetStyle().FramePadding.x * 4;
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - lock_width));
  if (ui::button(m_recorder, "Lock##nav", lock_width)) lock();
  ImGui::Separator();
}

void App::frame(UtcMillis now) {
  m_now = now;
  m_recorder.begin_frame();
  if (m_quick_frames > 0) --m_quick_frames;
  const ImGuiIO& io = ImGui::GetIO();
  bool input = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.InputQueueCharacters.Size > 0;
  for (const bool down : io.MouseDown) input = input || down;
  for (const bool down : io.KeysDown) input = input || down;
  if (input) on_input(now);
  if (m_restyle) {
    apply_theme(m_settings.theme, font_px(m_settings.text_size));
    m_restyle = false;
  }
  drain_enrollment();
  drain_sync_events();
  // Midnight while the app is open: what is due changes with the date.
  if (m_session) {
    try {
      if (m_session->review_if_new_day(today())) m_session->refresh_summaries(today());
    } catch (const std::exception& e) {
      tell(std::string("The standing rules could not run: ") + e.what(), true);
    }
  }
  if (!locked() && now - m_last_input >= std::int64_t{m_settings.auto_lock_minutes} * 60'000) lock();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("Doorstep", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoResize);
  try {
    if (!locked()) draw_navigation();
    if (!m_message.empty()) {
      ui::text_coloured_wrapped(m_message_is_error ? colours().danger : colours().ok, m_message.c_str());
      if (m_message_is_error) ui::mark(m_recorder, "message_error");
    }
    switch (m_screen) {
      case ScreenId::first_run: m_first_run.draw(*this, m_recorder); break;
      case ScreenId::unlock: m_unlock.draw(*this, m_recorder); break;
      case ScreenId::caseload: m_caseload.draw(*this, m_recorder); break;
      case ScreenId::case_view: m_case.draw(*this, m_recorder); break;
      case ScreenId::visit: m_visit.draw(*this, m_recorder); break;
      case ScreenId::follow_ups: m_follow_ups.draw(*this, m_recorder); break;
      case ScreenId::sync: m_sync_screen.draw(*this, m_recorder); break;
      case ScreenId::manager: m_manager.draw(*this, m_recorder); break;
      case ScreenId::settings: m_settings_screen.draw(*this, m_recorder); break;
    }
  } catch (const std::exception& e) {
    // A screen failed mid-draw (e.g. the store refused a read): show why,
    // and close whatever windows and style pushes the screen left open.
    tell(std::string("Something went wrong: ") + e.what(), true);
    ImGui::ErrorCheckEndFrameRecover(ignore_recover_log, nullptr);
    return;
  }
  ImGui::End();
}

}  // namespace doorstep::field
