#include "screens/case_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <utility>

#include "app.hpp"
#include "model/translator.hpp"
#include "model/visit_draft.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"

namespace doorstep::field {

void CaseScreen::reset() {
  m_crn.clear();
  m_case.reset();
  m_briefing.reset();
  m_timeline.clear();
  m_loaded_generation = 0;
}

void CaseScreen::load(App& app) {
  Session& s = *app.session();
  m_loaded_generation = s.generation();
  m_error.clear();
  try {
    m_case = s.store().get_case(m_crn);
    const auto actions = s.store().list_actions(m_crn, false);
    const auto visits = s.store().list_visits(m_crn);
    auto notes = s.store().list_notes(m_crn);
    for (auto& amendment : s.store().list_visit_amendments(m_crn)) notes.push_back(std::move(amendment));
    m_briefing = make_briefing(*m_case, actions, visits, app.today());
    m_has_draft = load_draft(s.store(), m_crn).has_value();
    m_timeline = build_case_timeline(visits, m_case->checks, notes, actions);
    m_visits = visits;
  } catch (const std::exception& e) {
    m_error = e.what();
    m_case.reset();
    m_briefing.reset();
  }
}

void CaseScreen::draw(App& app, UiRecorder& rec) {
  Session& s = *app.session();
  if (m_loaded_generation != s.generation()) load(app);
  const Palette p = app.colours();
  if (ui::button(rec, tr("< Caseload"))) app.go(ScreenId::caseload);
  if (!m_case || !m_briefing) {
    ui::text_coloured_wrapped(p.danger, m_error.empty() ? tr("Case not found.") : m_error.c_str());
    return;
  }
  const Briefing& b = *m_briefing;
  ImGui::SameLine();
  if (ui::button(rec, m_has_draft ? tr("Continue visit") : tr("Start visit"))) app.start_visit(m_crn);
  ImGui::BeginChild("case_body", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  ImGui::TextWrapped("%s  %s", b.name.c_str(), b.crn.c_str());
  case_badges(p, b.rosh, b.child_protection, b.mappa_level, b.domestic_abuse_perpetrator);
  if (!b.address.empty()) ImGui::TextWrapped("%s", b.address.c_str());

  // Alerts: officer safety first, in a banner with no close button.
  std::vector<std::string> safety;
  std::vector<std::string> other;
  for (const auto& a : b.alerts) (is_officer_safety_alert(a) ? safety : other).push_back(a);
  if (!safety.empty()) {
    ui::banner("safety_banner", p.danger, ImVec4(1, 1, 1, 1), tr("OFFICER SAFETY"), safety);
    ui::mark(rec, "officer_safety_banner");
  }
  if (!other.empty()) ui::banner("alert_banner", p.warning, ImVec4(0, 0, 0, 1), tr("Alerts"), other);

  ui::heading(tr("Restrictions and protected people"));
  if (b.restrictions.empty()) ImGui::TextDisabled("%s", tr("No restrictions recorded."));
  for (const auto r : b.restrictions) ImGui::BulletText("%s", capitalised(display_id(to_string(r))).c_str());
  for (const auto& person : b.protected_people) {
    std::string line = "Protected: " + person.name + " (" + display_id(to_string(person.relationship));
    if (person.age) line += ", " + std::to_string(*person.age);
    line += ")";
    if (person.known_to_vlo) line += ", known to the VLO";
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::BulletText("%s", line.c_str());
    ImGui::PopStyleColor();
  }

  ui::heading(tr("Expected household"));
  if (b.expected_household.empty()) ImGui::TextDisabled("%s", tr("Nobody else recorded at the address."));
  for (const auto& person : b.expected_household) {
    std::string line = person.name + " (" + relationship_label(person.relationship);
    line += person.age ? ", age " + std::to_string(*person.age) : std::string(", age unknown");
    if (person.residence) line += ", " + std::string(residence_label(*person.residence));
    if (person.address_elsewhere) line += ", " + *person.address_elsewhere;
    line += ")";
    if (person.is_child) line = "Child: " + line;
    ImGui::BulletText("%s", line.c_str());
  }

  ui::heading(tr("Open follow-ups"));
  if (b.open_actions.empty()) ImGui::TextDisabled("%s", tr("None."));
  for (const auto& a : b.open_actions) {
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority));
    ImGui::SameLine();
    ImGui::TextWrapped("%s, due %s%s", action_title(a.kind), display_date(a.due).c_str(), a.overdue ? " (OVERDUE)" : "");
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    ImGui::TextWrapped("%s [%s]", a.reason.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent();
  }

  ui::heading(tr("Visits and checks"));
  if (b.last_purposeful_visit) {
    ImGui::TextWrapped("Last purposeful home visit: %s (%d days ago)", display_date(*b.last_purposeful_visit).c_str(),
                       b.days_since_last_purposeful_visit.value_or(0));
  } else {
    ui::text_coloured_wrapped(p.danger, tr("No purposeful home visit recorded."));
  }
  for (const auto& m : b.missing_checks) {
    std::string line = std::string("Missing: ") + (m.kind == CheckKind::csc_check ? "children's social care check" : "police DA callout check");
    if (m.requested) line += " (requested " + display_date(*m.requested) + ", no answer yet)";
    line += ": " + m.reason;
    ui::text_coloured_wrapped(p.warning, line.c_str());
  }
  for (const auto& k : b.checks) {
    if (k.answered_on) continue;  // answered checks are in the timeline
    const std::string line = std::string("Awaiting reply: ") +
                             (k.kind == CheckKind::csc_check ? "children's social care check" : "police DA callout check") +
                             ", requested " + display_date(k.requested) + ", " +
                             std::to_string(k.working_days_awaited.value_or(0)) + " working days ago";
    ui::text_coloured_wrapped(p.warning, line.c_str());
  }

  draw_amendments(app, rec);

  ui::heading(tr("Timeline"));
  if (m_timeline.empty()) ImGui::TextDisabled("%s", tr("Nothing recorded yet."));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(m_timeline.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& e = m_timeline[static_cast<std::size_t>(i)];
      ImGui::TextDisabled("%s", e.when.c_str());
      ImGui::SameLine();
      ImGui::TextUnformatted(e.title.c_str());
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
      // One line per entry keeps the clipper exact; the full text is in the report.
      ui::text_fit(e.text);
      ImGui::PopStyleColor();
    }
  }
  app.scroller().region();
  ImGui::EndChild();
}

void CaseScreen::draw_amendments(App& app, UiRecorder& rec) {
  if (m_visits.empty()) return;
  const Palette& p = app.colours();
  ui::heading(tr("Correct a finished visit"));
  if (!m_amend) {
    if (m_amend_saved) {
      ui::text_coloured_wrapped(app.colours().ok, tr("Amendment saved: it is in the timeline and goes to the office with the next sync."));
      ui::mark(rec, "amendment_saved");
    }
    // The five newest visits, newest first.
    const std::size_t shown = std::min<std::size_t>(m_visits.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) {
      const Visit& v = m_visits[m_visits.size() - 1 - i];
      if (ui::button(rec, (fill(tr("Amend the visit of %s"), {display_date(v.date)}) + "##amend." + v.id).c_str())) {
        m_amend = AmendmentDraft{v.id, "", "", {}};
        m_amend_error.clear();
        m_amend_saved = false;
      }
    }
    return;
  }
  const auto visit = std::find_if(m_visits.begin(), m_visits.end(), [&](const Visit& v) { return v.id == m_amend->visit_id; });
  if (visit == m_visits.end()) {
    m_amend.reset();
    return;
  }
  ui::mark(rec, "amendment_form");
  ImGui::TextWrapped("%s", fill(tr("Amending the visit of %s. The visit stays as recorded; the amendment is added beside it."),
                                {display_date(visit->date)}).c_str());
  ImGui::TextUnformatted(tr("Why is it corrected?"));
  ui::input_text(rec, "##amend_reason", &m_amend->reason);
  for (const auto& a : correctable_answers(*visit, app.checklist())) {
    ImGui::TextWrapped("%s", a.question.c_str());
    const auto corrected = m_amend->corrected.find(a.fact);
    const std::string now = corrected != m_amend->corrected.end() ? corrected->second.get<std::string>() : a.recorded;
    const std::array<std::pair<const char*, const char*>, 3> choices{
        {{"yes", tr("Yes")}, {"no", tr("No")}, {"unknown", tr("Not known")}}};
    for (const auto& [value, label] : choices) {
      if (ui::choice(rec, (std::string(label) + "##amend." + a.fact + "." + value).c_str(), now == value))
        set_correction(*m_amend, *visit, a.fact, value);
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  ImGui::TextUnformatted(tr("Correction (text)"));
  ui::input_multiline(rec, "##amend_text", &m_amend->text);
  const auto blockers = amendment_blockers(*m_amend);
  for (const auto& b : blockers) ui::text_coloured_wrapped(p.danger, tr(b.c_str()));
  if (!m_amend_error.empty()) ui::text_coloured_wrapped(p.danger, m_amend_error.c_str());
  if (ui::button(rec, tr("Save amendment")) && blockers.empty()) {
    try {
      (void)save_amendment(app.session()->store(), *m_amend);
      m_amend.reset();
      m_amend_error.clear();
      m_amend_saved = true;
      m_loaded_generation = 0;  // reload: the timeline shows it
      app.request_sync();
    } catch (const std::exception& e) {
      m_amend_error = e.what();  // nothing was stored
    }
  }
  ImGui::SameLine();
  if (ui::button(rec, (std::string(tr("Cancel")) + "##amend").c_str())) m_amend.reset();
}

}  // namespace doorstep::field
