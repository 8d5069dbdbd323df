#include "screens/manager_screen.hpp"

#include <imgui.h>

#include "app.hpp"
#include "casework/visit_lookup.hpp"
#include "domain/oversight.hpp"
#include "util/error.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"

namespace doorstep::field {
namespace {

// The visit detail's Markdown (report/visit_detail.hpp) as the screen's own
// text: headings as headings, emphasis markers dropped.
void draw_markdown(const std::string& markdown) {
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string line = markdown.substr(start, end - start);
    start = end + 1;
    for (std::size_t at = line.find("**"); at != std::string::npos; at = line.find("**", at)) line.erase(at, 2);
    if (line.starts_with("#")) {
      ui::heading(line.substr(line.find_first_not_of("# ")).c_str());
    } else if (!line.empty()) {
      ImGui::TextWrapped("%s", line.c_str());
    }
  }
}

}  // namespace

void ManagerScreen::reset() {
  m_loaded_generation = 0;
  m_actions.clear();
  m_names.clear();
  m_comments.clear();
  m_reasons.clear();
  m_visits.clear();
}

void ManagerScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  const Palette p = app.colours();
  if (m_loaded_generation != s.generation()) {
    m_loaded_generation = s.generation();
    m_actions.clear();
    m_visits.clear();
    for (auto& a : s.store().list_actions(std::nullopt, true)) {
      if (a.kind != ActionKind::manager_oversight) continue;
      if (a.visit_id) {
        try {
          m_visits[a.id] = load_visit_detail(s.store(), *a.visit_id, app.checklist(), a.crn).markdown;
        } catch (const Error& e) {
          m_visits[a.id] = std::string("The visit could not be shown: ") + e.what();
        }
      }
      m_actions.push_back(std::move(a));
    }
    m_names.clear();
    for (const auto& c : s.caseload().cases()) m_names[c.crn] = c.name;
  }
  ui::heading("Cases needing management oversight");
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());
  if (m_actions.empty()) ImGui::TextDisabled("Nothing waiting for a countersignature.");
  ImGui::BeginChild("oversight", ImVec2(0, 0), false);
  for (const auto& a : m_actions) {
    ImGui::PushID(a.id.c_str());
    ImGui::Separator();
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority), p.on_colour);
    ImGui::SameLine();
    ImGui::Text("%s (%s), due %s", m_names.count(a.crn) ? m_names[a.crn].c_str() : "", a.crn.c_str(),
                display_date(a.due).c_str());
    ui::mark(rec, "oversight:" + a.crn);
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    for (const auto& r : a.reasons) ImGui::TextWrapped("- %s [%s]", r.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
    // Decide on the whole visit, not a count of answers.
    if (const auto v = m_visits.find(a.id); v != m_visits.end()) {
      if (ImGui::CollapsingHeader(("The whole visit##" + a.id).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        ui::mark(rec, "oversight_visit:" + a.crn);
        draw_markdown(v->second);
      }
    } else {
      ImGui::TextDisabled("Raised from the case's facts, not a visit.");
    }
    if (ui::button(rec, ("Open case##oversight:" + a.crn).c_str())) app.open_case(a.crn);
    // One decision: a text field, a button enabled once it is filled, and
    // the store write; the typed text is forgotten once it is written.
    const auto decide = [&](std::map<std::string, std::string>& typed, const char* prompt, const std::string& field,
                            const std::string& button, const auto& write, const char* done) {
      ImGui::TextUnformatted(prompt);
      std::string& text = typed[a.id];
      ImGui::SetNextItemWidth(-1);
      ui::input_text(rec, (field + a.crn).c_str(), &text);
      ImGui::BeginDisabled(text.empty());
      if (ui::button(rec, (button + a.crn).c_str())) {
        try {
          require_may_decide(a, s.is_manager());
          write(text);
          typed.erase(a.id);  // `text` dies here
          s.refresh_summaries(app.today());
          app.tell(done);
        } catch (const std::exception& e) {
          m_error = e.what();
        }
      }
      ImGui::EndDisabled();
    };
    decide(m_comments, "Countersign with a comment:", "##countersign_comment:", "Countersign##",
           [&](const std::string& comment) { s.store().complete_action(a.id, "countersigned: " + comment); },
           "Countersigned.");
    decide(m_reasons, "Or send it back to the officer, saying what to do first:", "##send_back_reason:", "Send back##",
           [&](const std::string& reason) { s.store().send_back_oversight(a.id, reason); },
           "Sent back to the officer; this stays open for your countersignature.");
    ImGui::PopID();
    if (m_loaded_generation != s.generation()) break;
  }
  ImGui::EndChild();
}

}  // namespace doorstep::field
