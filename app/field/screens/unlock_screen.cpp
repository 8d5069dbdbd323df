#include "screens/unlock_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "model/translator.hpp"
#include "model/secret_text.hpp"
#include "crypto/unlock_backoff.hpp"
#include "model/keyed_store.hpp"
#include "util/error.hpp"

namespace doorstep::field {

void UnlockScreen::reset() {
  wipe_secret(m_passphrase);
  m_pending = false;
  m_backoff_loaded = false;
}

void UnlockScreen::load_backoff(App& app) {
  m_backoff_loaded = true;
  try {
    const UnlockBackoff backoff(unlock_state_path_for(app.folder().key_file()), app.clock());
    m_locked_until = backoff.locked_until();
    m_failures = backoff.failures();
  } catch (const std::exception& e) {
    m_locked_until.reset();
    m_error = e.what();
  }
}

bool UnlockScreen::unlock(App& app, std::string_view passphrase) {
  try {
    KeyedStore opened = open_keyed(app.folder(), passphrase, app.clock());
    m_error.clear();
    reset();
    app.unlocked(std::move(opened.store), std::move(opened.key));
    return true;
  } catch (const Error& e) {
    switch (e.code()) {
      case ErrorCode::wrong_passphrase: m_error = tr("That passphrase is not right."); break;
      case ErrorCode::locked_out: m_error = std::string("Locked: ") + e.what(); break;
      case ErrorCode::damaged:
        m_error = std::string("The store is damaged and cannot be opened: ") + e.what() +
                  ". Nothing has been deleted; ask your office to recover it.";
        break;
      default: m_error = e.what(); break;
    }
  } catch (const std::exception& e) {
    m_error = e.what();
  }
  m_backoff_loaded = false;
  return false;
}

void UnlockScreen::draw(App& app, UiRecorder& rec) {
  if (!m_backoff_loaded) load_backoff(app);
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 26);
  ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) * 0.5F + ImGui::GetStyle().WindowPadding.x);
  ImGui::BeginChild("unlock", ImVec2(width, 0), false, ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  ui::heading(tr("Doorstep is locked"));
  ImGui::TextWrapped("%s", tr("Enter your passphrase to open your caseload."));
  ImGui::Spacing();

  const UtcMillis now = app.now();
  const bool waiting = m_locked_until && *m_locked_until > now;
  if (m_pending) {
    ImGui::TextUnformatted(tr("Unlocking..."));
    m_pending = false;
    std::string copy = m_passphrase;
    unlock(app, copy);
    wipe_secret(copy);
    app.scroller().region();
    ImGui::EndChild();
    return;
  }
  ImGui::SetNextItemWidth(-1);
  if (!waiting && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered = ui::input_password(rec, "##passphrase", &m_passphrase);
  if (waiting) {
    const auto secs = (*m_locked_until - now + 999) / 1000;
    ui::text_coloured_wrapped(app.colours().warning,
                              ("After " + std::to_string(m_failures) + " wrong passphrases, wait " + std::to_string(secs) +
                               " s before the next try. Nothing is deleted.")
                                  .c_str());
  } else if (m_locked_until) {
    m_backoff_loaded = false;  // the wait is over: re-read the state
  }
  if (!m_error.empty()) ui::text_coloured_wrapped(app.colours().danger, m_error.c_str());
  ImGui::BeginDisabled(waiting || m_passphrase.empty());
  const bool clicked = ui::button(rec, tr("Unlock"), -1);
  ImGui::EndDisabled();
  if ((clicked || entered) && !waiting && !m_passphrase.empty()) m_pending = true;
  app.scroller().region();
  ImGui::EndChild();
}

}  // namespace doorstep::field
