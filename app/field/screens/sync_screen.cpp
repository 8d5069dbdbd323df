#include "screens/sync_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "model/translator.hpp"

namespace doorstep::field {

void SyncScreen::load(App& app) {
  Session& s = *app.session();
  m_loaded_generation = s.generation();
  try {
    m_pending = s.store().outbox_pending_count();
    m_last_sync = s.store().meta("sync.last_success_at").value_or("");
    m_conflicts = s.store().list_conflicts();
    m_quarantined.clear();
    std::int64_t after = 0;
    for (;;) {
      const auto batch = s.store().outbox(after, 1000);
      if (batch.empty()) break;
      for (const auto& e : batch) {
        if (e.quarantined) m_quarantined.push_back(e);
      }
      after = batch.back().seq;
    }
    m_held = s.store().list_pull_held();
    m_error.clear();
  } catch (const std::exception& e) {
    m_error = e.what();
  }
}

void SyncScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  if (m_loaded_generation != s.generation()) load(app);
  const Palette p = app.colours();
  ui::heading(tr("Sync with the office"));
  ImGui::TextUnformatted(fill(tr("Changes waiting to be sent: %s"), {std::to_string(m_pending)}).c_str());
  ui::mark(rec, "sync_pending:" + std::to_string(m_pending));
  ImGui::TextUnformatted(fill(tr("Last synced: %s"), {m_last_sync.empty() ? tr("never") : m_last_sync.c_str()}).c_str());
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());

  if (!app.can_sync()) {
    ui::text_coloured_wrapped(p.warning, "This device is not enrolled with an office, so it cannot sync. "
                                         "Everything you record is kept encrypted here and will be sent once enrolled.");
  } else if (app.sync_busy()) {
    const auto& prog = app.sync_progress();
    float fraction = 0;
    std::string label = "Starting...";
    if (prog) {
      label = prog->phase + " " + std::to_string(prog->done) + (prog->total > 0 ? " of " + std::to_string(prog->total) : "");
      if (prog->total > 0) fraction = static_cast<float>(prog->done) / static_cast<float>(prog->total);
    }
    ImGui::ProgressBar(fraction, ImVec2(-1, ui::touch_height() * 0.6F), label.c_str());
    ui::mark(rec, "sync_in_progress");
    ImGui::TextWrapped("%s", tr("You can keep working: recording never waits for the network."));
  } else {
    if (ui::button(rec, tr("Sync now"), -1)) app.start_sync();
  }
  if (const auto& last = app.last_sync_result()) {
    ui::text_coloured_wrapped(last->ok ? p.ok : p.danger, last->message.c_str());
  }
  if (ui::button(rec, "Refresh##sync")) load(app);

  ui::heading(tr("Conflicts to review"));
  if (m_conflicts.empty()) ImGui::TextDisabled("%s", tr("None."));
  for (const auto& c : m_conflicts) {
    ImGui::BulletText("%s %s on case %s: the office kept a later change; yours (by %s) is kept here for review.",
                      c.entity.c_str(), c.entity_id.c_str(), c.crn.c_str(), c.loser_officer.c_str());
  }
  ui::heading(tr("Changes the office refused (quarantined)"));
  if (m_quarantined.empty()) ImGui::TextDisabled("%s", tr("None."));
  for (const auto& q : m_quarantined) {
    ImGui::BulletText("%s %s: %s", q.entity.c_str(), q.entity_id.c_str(), q.quarantine_reason.value_or("no reason given").c_str());
  }
  ui::heading(tr("Records from the office held back on this tablet"));
  ui::mark(rec, "sync_held:" + std::to_string(m_held.size()));
  if (m_held.empty()) ImGui::TextDisabled("%s", tr("None."));
  for (const auto& h : m_held) {
    ImGui::BulletText("%s %s on case %s: %s", h.entity.c_str(), h.id.c_str(), h.crn.c_str(), h.reason.c_str());
  }
}

}  // namespace doorstep::field
