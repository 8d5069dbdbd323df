#include "screens/caseload_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "model/translator.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"

namespace doorstep::field {

void CaseloadScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  const Palette p = app.colours();
  ImGui::TextUnformatted(tr("Search"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ui::input_text(rec, "##search", &m_query);
  const auto& rows = s.caseload().rows(m_query);
  if (s.is_demo()) {
    ui::text_coloured_wrapped(p.warning, tr("DEMO caseload: fictional people, not enrolled with an office."));
  }
  ImGui::TextDisabled("%s", fill(tr("%s of %s cases"), {std::to_string(rows.size()), std::to_string(s.caseload().size())}).c_str());
  if (rows.empty()) {
    ImGui::TextWrapped("%s", s.caseload().size() == 0 ? tr("No cases on this device yet.") : tr("No case matches the search."));
    return;
  }
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float row_height = line * 2 + ImGui::GetStyle().FramePadding.y * 2 + 6;
  ImGui::BeginChild("caseload_rows", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()), row_height + ImGui::GetStyle().ItemSpacing.y);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const CaseloadRow& row = rows[static_cast<std::size_t>(i)];
      const CaseSummary& c = *row.summary;
      ImGui::PushID(i);
      const ImVec2 start = ImGui::GetCursorPos();
      const std::string id = "case:" + c.crn;
      if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, row_height))) {
        app.open_case(c.crn);
      }
      rec.record(id);
      ImGui::SetCursorPos(ImVec2(start.x + 8, start.y + 4));
      ImGui::TextUnformatted(c.name.c_str());
      ImGui::SameLine();
      ImGui::TextDisabled("%s", c.crn.c_str());
      ImGui::SameLine();
      case_badges(p, c.rosh, c.child_protection, c.mappa_level, c.domestic_abuse_perpetrator);
      if (c.has_alerts) {
        ImGui::SameLine();
        ui::badge(tr("Alert"), p.danger);
      }
      ImGui::SetCursorPosX(start.x + 8);
      std::string second;
      if (row.overdue) {
        second = fill(tr("OVERDUE since %s"), {display_date(*c.earliest_due)});
      } else if (c.earliest_due) {
        second = fill(tr("Next due %s"), {display_date(*c.earliest_due)});
      } else {
        second = tr("Nothing due");
      }
      second += "  |  " + fill(tr("open follow-ups: %s"), {std::to_string(c.open_actions)});
      if (c.urgent_actions > 0) second += ", " + fill(tr("urgent: %s"), {std::to_string(c.urgent_actions)});
      if (c.last_purposeful_home_visit) second += "  |  " + fill(tr("last purposeful visit %s"), {display_date(*c.last_purposeful_home_visit)});
      if (row.matched_notes) second += std::string("  |  ") + tr("matched in notes");
      ImGui::PushStyleColor(ImGuiCol_Text, row.overdue ? p.danger : c.urgent_actions > 0 ? p.warning : p.muted);
      ui::text_fit(second);
      ImGui::PopStyleColor();
      ImGui::SetCursorPos(ImVec2(start.x, start.y + row_height + ImGui::GetStyle().ItemSpacing.y));
      ImGui::PopID();
    }
  }
  app.scroller().region();
  ImGui::EndChild();
}

}  // namespace doorstep::field
