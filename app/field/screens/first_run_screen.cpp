#include "screens/first_run_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "model/secret_text.hpp"
#include "model/demo_caseload.hpp"
#include "crypto/passphrase_policy.hpp"
#include "util/uuid.hpp"

namespace doorstep::field {

void FirstRunScreen::reset() {
  wipe_secret(m_passphrase);
  wipe_secret(m_confirm);
  wipe_secret(m_code);
  m_pending = false;
}

void FirstRunScreen::create_local(App& app) {
  try {
    const StoreIdentity identity{m_officer, make_uuid_v7(app.clock().now_utc_ms())};
    Store store = app.folder().create(m_passphrase, app.kdf(), std::nullopt, identity, app.clock());
    store.set_meta("device.role", m_manager ? "manager" : "officer");
    if (m_demo) {
      Casework casework(store, app.rules(), app.clock());
      import_demo_caseload(store, casework, app.today());
    }
    reset();
    // Not enrolled, so the session needs no key for a sync connection.
    app.unlocked(std::move(store), SecureKey(), true);
  } catch (const std::exception& e) {
    m_error = e.what();
  }
}

void FirstRunScreen::enroll(App& app) {
  try {
    m_error.clear();
    app.start_enrollment(m_code, m_passphrase);
  } catch (const std::exception& e) {
    m_error = e.what();
  }
}

void FirstRunScreen::draw(App& app, UiRecorder& rec) {
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 30);
  ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) * 0.5F + ImGui::GetStyle().WindowPadding.x);
  ImGui::BeginChild("first_run", ImVec2(width, 0), false, ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  ui::heading("Set up this device");
  if (m_pending) {
    ImGui::TextUnformatted("Creating the encrypted store...");
    m_pending = false;
    create_local(app);
    app.scroller().region();
    ImGui::EndChild();
    return;
  }
  if (app.enrolling()) {
    ImGui::TextWrapped("Enrolling with the office and creating the encrypted store...");
    ui::mark(rec, "enrolling");
    app.scroller().region();
    ImGui::EndChild();
    return;
  }
  ImGui::TextWrapped("Your caseload is kept encrypted on this device. Choose a passphrase only you know: "
                     "it is needed every time the app unlocks.");
  ImGui::TextUnformatted("Passphrase");
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##new_passphrase", &m_passphrase, false);
  const PassphraseAssessment strength = assess_passphrase(m_passphrase);
  const Palette p = app.colours();
  const ImVec4 colour = strength.strength == PassphraseStrength::strong ? p.ok
                        : strength.strength == PassphraseStrength::fair ? p.warning
                                                              : p.danger;
  const float fraction = strength.strength == PassphraseStrength::strong ? 1.0F
                         : strength.strength == PassphraseStrength::fair ? 0.66F
                         : strength.strength == PassphraseStrength::weak ? 0.33F
                                                               : 0.05F;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour);
  ImGui::ProgressBar(fraction, ImVec2(-1, 10), "");
  ImGui::PopStyleColor();
  ui::text_coloured_wrapped(colour, strength.advice_sentence().c_str());
  ImGui::TextUnformatted("Passphrase again");
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##confirm_passphrase", &m_confirm, false);
  const bool same = m_passphrase == m_confirm;
  if (!m_confirm.empty() && !same) ui::text_coloured_wrapped(p.danger, "The two passphrases differ.");
  const bool passphrase_ok = strength.acceptable() && same;
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());

  ui::heading("Enroll with your office");
  if (app.can_enroll()) {
    ImGui::TextWrapped("Paste the enrollment code your office gave you (it starts with doorstep1:). "
                       "Your caseload downloads once the device is enrolled.");
    ImGui::SetNextItemWidth(-1);
    ui::input_text(rec, "##enroll_code", &m_code);
    ImGui::BeginDisabled(!passphrase_ok || m_code.empty());
    if (ui::button(rec, "Enroll", -1)) enroll(app);
    ImGui::EndDisabled();
  } else {
    ImGui::TextWrapped("This build cannot reach an office: use a local store below.");
  }

  ui::heading("Or: a local store, without an office");
  ImGui::TextWrapped("For demos and training only: a store that is not enrolled and never syncs.");
  ImGui::TextUnformatted("Your name or staff id");
  ImGui::SetNextItemWidth(-1);
  ui::input_text(rec, "##officer", &m_officer);
  if (ui::choice(rec, "Officer##role", !m_manager)) m_manager = false;
  ImGui::SameLine();
  if (ui::choice(rec, "Manager##role", m_manager)) m_manager = true;
  ui::checkbox(rec, "Import the DEMO caseload (fictional people, for trying the app)", &m_demo);
  ImGui::BeginDisabled(m_officer.empty() || !passphrase_ok);
  if (ui::button(rec, "Create local store (no office)", -1)) m_pending = true;
  ImGui::EndDisabled();
  app.scroller().region();
  ImGui::EndChild();
}

}  // namespace doorstep::field
