#include "screens/manager_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"

namespace doorstep::field {

void ManagerScreen::reset() {
  m_loaded_generation = 0;
  m_actions.clear();
  m_names.clear();
  m_comments.clear();
}

void ManagerScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  const Palette p = app.colours();
  if (m_loaded_generation != s.generation()) {
    m_loaded_generation = s.generation();
    m_actions.clear();
    for (auto& a : s.store().list_actions(std::nullopt, true)) {
      if (a.kind == ActionKind::manager_oversight) m_actions.push_back(std::move(a));
    }
    m_names.clear();
    for (const auto& c : s.caseload().cases()) m_names[c.crn] = c.name;
  }
  ui::heading("Cases needing management oversight");
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());
  if (m_actions.empty()) ImGui::TextDisabled("Nothing waiting for a countersignature.");
  ImGui::BeginChild("oversight", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  for (const auto& a : m_actions) {
    ImGui::PushID(a.id.c_str());
    ImGui::Separator();
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority));
    ImGui::SameLine();
    ImGui::Text("%s (%s), due %s", m_names.count(a.crn) ? m_names[a.crn].c_str() : "", a.crn.c_str(),
                display_date(a.due).c_str());
    ui::mark(rec, "oversight:" + a.crn);
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    for (const auto& r : a.reasons) ImGui::TextWrapped("- %s [%s]", r.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
    std::string& comment = m_comments[a.id];
    ImGui::SetNextItemWidth(-1);
    ui::input_text(rec, ("##countersign_comment:" + a.crn).c_str(), &comment);
    // `comment` dies with its map entry when countersigned: read it first.
    const bool has_comment = !comment.empty();
    ImGui::BeginDisabled(!has_comment);
    if (ui::button(rec, ("Countersign##" + a.crn).c_str())) {
      try {
        s.store().complete_action(a.id, "countersigned: " + comment);
        m_comments.erase(a.id);
        s.refresh_summaries(app.today());
        app.tell("Countersigned.");
      } catch (const std::exception& e) {
        m_error = e.what();
      }
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !has_comment) {
      ImGui::SetTooltip("Write a comment first");
    }
    ImGui::PopID();
    if (m_loaded_generation != s.generation()) break;
  }
  app.scroller().region();
  ImGui::EndChild();
}

}  // namespace doorstep::field
