#include "screens/settings_screen.hpp"

#include <imgui.h>

#include <array>

#include "app.hpp"
#include "model/secret_text.hpp"
#include "crypto/passphrase_policy.hpp"

namespace doorstep::field {

void SettingsScreen::reset() {
  wipe_secret(m_old);
  wipe_secret(m_new);
  wipe_secret(m_confirm);
  m_result.clear();
  m_pending = false;
}

void SettingsScreen::draw(App& app, UiRecorder& rec) {
  const Palette p = app.colours();
  UiSettings s = app.settings();
  const UiSettings before = s;

  ui::heading(tr("Language"));
  for (const auto language : {Language::en, Language::cy}) {
    const std::string label = std::string(language_name(language)) + "##language";
    if (ui::choice(rec, label.c_str(), s.language == language)) s.language = language;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ui::heading(tr("Text size"));
  for (const auto size : {TextSize::normal, TextSize::large, TextSize::extra_large, TextSize::double_size}) {
    const std::string label = std::string(text_size_label(size)) + "##text_size";
    if (ui::choice(rec, label.c_str(), s.text_size == size)) s.text_size = size;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ui::heading(tr("Theme"));
  for (const auto theme : {Theme::light, Theme::dark, Theme::high_contrast}) {
    const std::string label = std::string(theme_label(theme)) + "##theme";
    if (ui::choice(rec, label.c_str(), s.theme == theme)) s.theme = theme;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ui::heading(tr("Lock automatically"));
  ImGui::TextWrapped("%s", tr("The app locks and forgets the key after this long without input, and whenever it is minimised."));
  for (const int minutes : {1, 2, 5, 10, 15, 30}) {
    const std::string label = fill(tr("%s min"), {std::to_string(minutes)}) + "##auto_lock";
    if (ui::choice(rec, label.c_str(), s.auto_lock_minutes == minutes)) s.auto_lock_minutes = minutes;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ui::checkbox(rec, (std::string(tr("Also lock when the app loses focus")) + "##lock_on_focus_lost").c_str(),
               &s.lock_on_focus_lost);
  if (s != before) app.change_settings(s);

  ui::heading(tr("Change passphrase"));
  if (m_pending) {
    ImGui::TextUnformatted(tr("Changing the passphrase..."));
    m_pending = false;
    try {
      app.folder().change_passphrase(m_old, m_new, app.kdf(), app.clock());
      m_result = tr("Passphrase changed.");
      m_result_ok = true;
    } catch (const std::exception& e) {
      m_result = std::string(tr("Not changed:")) + " " + e.what();
      m_result_ok = false;
    }
    wipe_secret(m_old);
    wipe_secret(m_new);
    wipe_secret(m_confirm);
    return;
  }
  ImGui::TextUnformatted(tr("Current passphrase"));
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##old_passphrase", &m_old, false);
  ImGui::TextUnformatted(tr("New passphrase"));
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##change_new_passphrase", &m_new, false);
  const PassphraseAssessment strength = assess_passphrase(m_new);
  if (!m_new.empty()) {
    ui::text_coloured_wrapped(strength.strength == PassphraseStrength::strong ? p.ok
                              : strength.strength == PassphraseStrength::fair ? p.warning
                                                                    : p.danger,
                              strength.advice_sentence().c_str());
  }
  ImGui::TextUnformatted(tr("New passphrase again"));
  ImGui::SetNextItemWidth(-1);
  ui::input_password(rec, "##change_confirm_passphrase", &m_confirm, false);
  if (!m_confirm.empty() && m_confirm != m_new) ui::text_coloured_wrapped(p.danger, tr("The two new passphrases differ."));
  if (!m_result.empty()) ui::text_coloured_wrapped(m_result_ok ? p.ok : p.danger, m_result.c_str());
  ImGui::BeginDisabled(m_old.empty() || !strength.acceptable() || m_new != m_confirm);
  if (ui::button(rec, (std::string(tr("Change passphrase")) + "##change_passphrase").c_str())) m_pending = true;
  ImGui::EndDisabled();
}

}  // namespace doorstep::field
