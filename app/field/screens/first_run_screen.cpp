#include "screens/first_run_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "model/demo_caseload.hpp"
#include "model/passphrase_strength.hpp"
#include "util/uuid.hpp"

namespace doorstep::field {

void FirstRunScreen::reset() {
  std::fill(m_passphrase.begin(), m_passphrase.end(), '\0');
  std::fill(m_confirm.begin(), m_confirm.end(), '\0');
  m_passphrase.clear();
  m_confirm.clear();
  m_pending = false;
}

void FirstRunScreen::create(App& app) {
  try {
    const StoreIdentity identity{m_officer, make_uuid_v7(app.clock().now_utc_ms())};
    Store store = app.folder().create(m_passphrase, app.kdf(), std::nullopt, identity, app.clock());
    store.set_meta("device.role", m_manager ? "manager" : "officer");
    if (m_demo) {
      Casework casework(store, app.rules(), app.clock());
      import_demo_caseload(store, casework, app.today());
    }
    reset();
    app.unlocked(std::move(store), true);
  } catch (const std::exception& e) {
    m_error = e.what();
  }
}

void FirstRunScreen::draw(App& app, UiRecorder& rec) {
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 30);
  ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) * 0.5F + ImGui::GetStyle().WindowPadding.x);
  ImGui::BeginChild("first_run", ImVec2(width, 0), false);
  ui::heading("Set up this device");
  if (m_pending) {
    ImGui::TextUnformatted("Creating the encrypted store...");
    m_pending = false;
    create(app);
    ImGui::EndChild();
    return;
  }
  ImGui::TextWrapped("Your caseload is kept encrypted on this device. Choose a passphrase only you know: "
                     "it is needed every time the app unlocks.");
  ImGui::TextUnformatted("Your name or staff id");
  ImGui::SetNextItemWidth(-1);
  ui::input_text(rec, "##officer", &m_officer);
  ImGui::TextUnformatted("Passphrase");
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##new_passphrase", &m_passphrase, false);
  const StrengthReport strength = assess_passphrase(m_passphrase);
  const Palette p = app.colours();
  const ImVec4 colour = strength.strength == Strength::strong ? p.ok
                        : strength.strength == Strength::fair ? p.warning
                                                              : p.danger;
  const float fraction = strength.strength == Strength::strong ? 1.0F
                         : strength.strength == Strength::fair ? 0.66F
                         : strength.strength == Strength::weak ? 0.33F
                                                               : 0.05F;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour);
  ImGui::ProgressBar(fraction, ImVec2(-1, 10), "");
  ImGui::PopStyleColor();
  ui::text_coloured_wrapped(colour, strength.advice.c_str());
  ImGui::TextUnformatted("Passphrase again");
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##confirm_passphrase", &m_confirm, false);
  const bool same = m_passphrase == m_confirm;
  if (!m_confirm.empty() && !same) ui::text_coloured_wrapped(p.danger, "The two passphrases differ.");

  ui::heading("Role");
  if (ui::choice(rec, "Officer##role", !m_manager)) m_manager = false;
  ImGui::SameLine();
  if (ui::choice(rec, "Manager##role", m_manager)) m_manager = true;

  ui::heading("Caseload");
  ImGui::TextWrapped("Enrolling with an office (enrollment code) is not available in this build yet: "
                     "this device will have a local store only.");
  ui::checkbox(rec, "Import the DEMO caseload (fictional people, for trying the app)", &m_demo);
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());
  const bool ready = !m_officer.empty() && passphrase_acceptable(strength) && same;
  ImGui::BeginDisabled(!ready);
  if (ui::button(rec, "Create encrypted store", -1)) m_pending = true;
  ImGui::EndDisabled();
  ImGui::EndChild();
}

}  // namespace doorstep::field
