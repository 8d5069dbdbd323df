#include "screens/follow_ups_screen.hpp"

#include <imgui.h>

#include "domain/oversight.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "app.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"

namespace doorstep::field {

void FollowUpsScreen::reset() {
  m_loaded_generation = 0;
  m_actions.clear();
  m_names.clear();
  m_editing.clear();
  m_text.clear();
}

void FollowUpsScreen::load(App& app) {
  Session& s = *app.session();
  m_loaded_generation = s.generation();
  m_actions = s.store().list_actions(std::nullopt, true);
  std::stable_sort(m_actions.begin(), m_actions.end(), [](const Action& a, const Action& b) {
    return std::make_tuple(static_cast<int>(a.priority), a.due.days(), a.crn) <
           std::make_tuple(static_cast<int>(b.priority), b.due.days(), b.crn);
  });
  std::map<std::string, std::string> names;
  for (const auto& c : s.caseload().cases()) names[c.crn] = c.name;
  m_names.clear();
  for (const auto& a : m_actions) m_names.push_back(names.count(a.crn) ? names[a.crn] : a.crn);
}

void FollowUpsScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  if (m_loaded_generation != s.generation()) load(app);
  const Palette p = app.colours();
  ImGui::Text("%zu open follow-ups", m_actions.size());
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());
  ImGui::BeginChild("follow_ups", ImVec2(0, 0), false);
  for (std::size_t i = 0; i < m_actions.size(); ++i) {
    const Action& a = m_actions[i];
    ImGui::PushID(a.id.c_str());
    ImGui::Separator();
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority), p.on_colour);
    ImGui::SameLine();
    const bool overdue = a.due < app.today();
    ImGui::Text("%s: %s", m_names[i].c_str(), action_title(a.kind));
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, overdue ? p.danger : p.muted);
    ImGui::Text("due %s%s", display_date(a.due).c_str(), overdue ? " (OVERDUE)" : "");
    ImGui::PopStyleColor();
    ui::mark(rec, "action:" + a.crn + ":" + std::string(to_string(a.kind)));
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    for (const auto& r : a.reasons) ImGui::TextWrapped("- %s [%s]", r.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
    const std::string key = a.crn + ":" + std::string(to_string(a.kind));
    if (m_editing == a.id) {
      // A csc / police check follow-up is done only by recording the check.
      const bool records_check = !m_dismissing && check_kind_for(a.kind).has_value();
      if (records_check) {
        ImGui::TextUnformatted("What did the check find? (recorded as a check on the case)");
        for (const auto name : EnumNames<CheckResult>::names) {
          const auto r = enum_from_string<CheckResult>(name);
          if (ui::choice(rec, (capitalised(display_id(name)) + "##check_result:" + key).c_str(), m_result == r)) {
            m_result = r;
            m_awaiting = false;
          }
        }
        if (ui::choice(rec, ("Requested, awaiting reply##check_result:" + key).c_str(), m_awaiting)) {
          m_awaiting = true;
          m_result.reset();
        }
        ImGui::TextUnformatted("What the agency said (optional):");
      } else {
        ImGui::TextUnformatted(m_dismissing ? "Why is it not needed?" : "Outcome (what was done, what was found):");
      }
      ImGui::SetNextItemWidth(-1);
      ui::input_text(rec, ("##followup_text:" + key).c_str(), &m_text);
      ImGui::BeginDisabled(records_check ? !m_result && !m_awaiting : m_text.empty());
      if (ui::button(rec, ((m_dismissing ? "Confirm dismiss##" : "Confirm done##") + key).c_str())) {
        try {
          require_may_decide(a, s.is_manager());
          if (m_dismissing)
            s.store().dismiss_action(a.id, m_text);
          else if (records_check)
            s.casework().complete_with_check(a.id, app.today(), m_result,
                                             m_text.empty() ? std::nullopt : std::optional(m_text));
          else
            s.store().complete_action(a.id, m_text);
          if (!records_check) s.casework().review_case(a.crn);
          m_error.clear();
          m_editing.clear();
          m_text.clear();
          s.refresh_summaries(app.today());
          app.tell(m_dismissing     ? "Follow-up dismissed."
                   : records_check ? "Check recorded; follow-up done."
                                   : "Follow-up marked done.");
        } catch (const std::exception& e) {
          m_error = e.what();
        }
      }
      ImGui::EndDisabled();
      ImGui::SameLine();
      if (ui::button(rec, ("Cancel##" + key).c_str())) m_editing.clear();
    } else if (!may_decide(a, s.is_manager())) {
      // The office would refuse it anyway: say who decides instead of offering a button.
      ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
      ImGui::TextWrapped("Your manager countersigns this: only a manager of your team can decide manager oversight.");
      ImGui::PopStyleColor();
      ui::mark(rec, "manager_only:" + key);
      if (ui::button(rec, ("Open case##" + key).c_str())) app.open_case(a.crn);
    } else {
      if (ui::button(rec, ((check_kind_for(a.kind) ? "Record check...##" : "Done...##") + key).c_str())) {
        m_editing = a.id;
        m_dismissing = false;
        m_text.clear();
        m_result.reset();
        m_awaiting = false;
      }
      ImGui::SameLine();
      if (ui::button(rec, ("Dismiss...##" + key).c_str())) {
        m_editing = a.id;
        m_dismissing = true;
        m_text.clear();
      }
      ImGui::SameLine();
      if (ui::button(rec, ("Open case##" + key).c_str())) app.open_case(a.crn);
    }
    ImGui::PopID();
    if (m_loaded_generation != s.generation()) break;  // the list changed under us: redraw next frame
  }
  ImGui::EndChild();
}

}  // namespace doorstep::field
