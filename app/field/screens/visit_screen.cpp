#include "screens/visit_screen.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <charconv>

#include "app.hpp"
#include "rules/display.hpp"
#include "screens/badges.hpp"
#include "domain/person_rules.hpp"
#include "model/person_form.hpp"
#include "model/translator.hpp"

namespace doorstep::field {

namespace {

const char* outcome_label(VisitOutcome o) {
  switch (o) {
    case VisitOutcome::completed: return tr("Completed");
    case VisitOutcome::no_access: return tr("No access");
    case VisitOutcome::refused: return tr("Refused");
  }
  return "";
}

const char* kind_label(VisitKind k) {
  switch (k) {
    case VisitKind::initial: return tr("Initial");
    case VisitKind::repeat: return tr("Repeat");
    case VisitKind::unannounced: return tr("Unannounced");
  }
  return "";
}

std::string answer_text(const Answers& answers, const std::string& fact) {
  const auto it = answers.find(fact);
  return it != answers.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

}  // namespace

void VisitScreen::reset() {
  m_summary.reset();
  m_bad_age.clear();
  m_bad_dob.clear();
  m_draft.reset();
  m_finished.reset();
  m_case_name.clear();
  m_error.clear();
}

void VisitScreen::open(App& app, const std::string& crn) {
  reset();
  m_crn = crn;
  Session& s = *app.session();
  try {
    const Case c = s.store().get_case(crn);
    m_case_name = c.name;
    if (auto d = load_draft(s.store(), crn)) {
      m_draft = std::move(*d);
    } else {
      m_draft = start_draft(c, app.today(), s.store().list_visits(crn));
      save(app);
    }
  } catch (const std::exception& e) {
    m_error = e.what();
  }
}

void VisitScreen::save(App& app) {
  if (!m_draft) return;
  m_summary.reset();
  try {
    save_draft(app.session()->store(), *m_draft);
  } catch (const std::exception& e) {
    m_error = std::string(tr("Could not save the draft:")) + " " + e.what();
  }
}

void VisitScreen::draw_item(App& app, UiRecorder& rec, const Item& item) {
  VisitDraft& d = *m_draft;
  const Palette p = app.colours();
  const bool answered = ChecklistTemplate::is_answered(d.answers, item.fact);
  ImGui::PushID(item.fact.c_str());
  ImGui::TextWrapped("%s", tr(item.label.c_str()));
  if (item.required) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, answered ? p.muted : p.danger);
    ImGui::TextUnformatted(answered ? "(required)" : "* required");
    ImGui::PopStyleColor();
  }
  if (!item.help.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    ImGui::TextWrapped("%s", tr(item.help.c_str()));
    ImGui::PopStyleColor();
  }
  bool changed = false;
  switch (item.type) {
    case FactType::yes_no_unknown:
    case FactType::single_choice: {
      const std::string current = answer_text(d.answers, item.fact);
      bool first = true;
      for (const auto& opt : item.options) {
        const std::string label = std::string(tr(opt.label.c_str())) + "##" + item.fact + "." + opt.id;
        if (!first) {
          const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x +
                             ImGui::CalcTextSize(tr(opt.label.c_str())).x + ImGui::GetStyle().FramePadding.x * 2;
          if (next < ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x) ImGui::SameLine();
        }
        first = false;
        if (ui::choice(rec, label.c_str(), current == opt.id)) {
          d.answers[item.fact] = opt.id;
          changed = true;
        }
      }
      break;
    }
    case FactType::multiple_choice: {
      auto it = d.answers.find(item.fact);
      std::vector<std::string> chosen;
      if (it != d.answers.end() && it->second.is_array()) {
        for (const auto& v : it->second) {
          if (v.is_string()) chosen.push_back(v.get<std::string>());
        }
      }
      for (const auto& opt : item.options) {
        bool on = std::find(chosen.begin(), chosen.end(), opt.id) != chosen.end();
        const std::string label = std::string(tr(opt.label.c_str())) + "##" + item.fact + "." + opt.id;
        if (ui::checkbox(rec, label.c_str(), &on)) {
          nlohmann::json arr = nlohmann::json::array();
          for (const auto& o : item.options) {
            const bool keep = o.id == opt.id ? on : std::find(chosen.begin(), chosen.end(), o.id) != chosen.end();
            if (keep) arr.push_back(o.id);
          }
          d.answers[item.fact] = std::move(arr);
          changed = true;
        }
      }
      break;
    }
    case FactType::text: {
      std::string text = answer_text(d.answers, item.fact);
      const std::string label = "##" + item.fact;
      if (ui::input_multiline(rec, label.c_str(), &text, 3)) {
        if (text.empty()) d.answers.erase(item.fact);
        else d.answers[item.fact] = text;
        changed = true;
      }
      break;
    }
    case FactType::number: {
      const auto it = d.answers.find(item.fact);
      std::string text = it != d.answers.end() && it->second.is_number_integer() ? std::to_string(it->second.get<int>()) : "";
      const std::string label = "##" + item.fact;
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
      if (ui::input_text(rec, label.c_str(), &text, ImGuiInputTextFlags_CharsDecimal)) {
        if (text.empty()) d.answers.erase(item.fact);
        else if (int n = 0; std::from_chars(text.data(), text.data() + text.size(), n).ec == std::errc() && n >= 0 && n < 100)
          d.answers[item.fact] = n;
        changed = true;
      }
      break;
    }
    case FactType::date: {
      std::string text = answer_text(d.answers, item.fact);
      const std::string label = "##" + item.fact;
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
      if (ui::input_text(rec, label.c_str(), &text)) {
        d.answers[item.fact] = text;
        changed = true;
      }
      ImGui::SameLine();
      if (!text.empty() && !Date::try_parse(text)) ui::text_coloured_wrapped(p.danger, tr("Use YYYY-MM-DD"));
      else ImGui::TextDisabled("YYYY-MM-DD");
      break;
    }
    case FactType::person_list: draw_people(app, rec); break;
  }
  ImGui::PopID();
  ImGui::Spacing();
  if (changed) save(app);
}

void VisitScreen::draw_people(App& app, UiRecorder& rec) {
  VisitDraft& d = *m_draft;
  bool changed = false;
  std::optional<std::size_t> remove;
  for (std::size_t i = 0; i < d.people_present.size(); ++i) {
    Person& person = d.people_present[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string n = std::to_string(i + 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    changed |= ui::input_text(rec, ("##person_name." + n).c_str(), &person.name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ui::TouchFrame rel_frame;
    if (ImGui::BeginCombo(("##person_rel." + n).c_str(), relationship_label(person.relationship))) {
      for (const auto name : EnumNames<Relationship>::names) {
        const auto r = parse_enum<Relationship>(name, "relationship");
        if (ImGui::Selectable((std::string(relationship_label(r)) + "##rel." + std::string(name)).c_str(),
                              r == person.relationship)) {
          person.relationship = r;
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
    rec.record("##person_rel." + n);
    ImGui::SameLine();
    const auto bad = m_bad_age.find(i);
    std::string age = bad != m_bad_age.end() ? bad->second : person.age ? std::to_string(*person.age) : "";
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3);
    if (ui::input_text(rec, ("##person_age." + n).c_str(), &age, ImGuiInputTextFlags_CharsDecimal)) {
      if (!apply_age_text(person, age)) {
        m_bad_age.erase(i);
        changed = true;
      } else {
        m_bad_age[i] = age;  // not stored: the field says what is wrong
        m_summary.reset();
      }
    }
    ImGui::SameLine();
    if (ui::button(rec, (std::string(tr("Remove")) + "##person." + n).c_str())) remove = i;

    // Date of birth, where they live, and their address if elsewhere.
    ImGui::TextUnformatted(tr("Date of birth (YYYY-MM-DD)"));
    ImGui::SameLine();
    const auto bad_dob = m_bad_dob.find(i);
    std::string dob = bad_dob != m_bad_dob.end() ? bad_dob->second.first
                      : person.date_of_birth   ? person.date_of_birth->to_string()
                                               : "";
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ui::input_text(rec, ("##person_dob." + n).c_str(), &dob)) {
      if (auto problem = apply_dob_text(person, dob, d.date)) {
        m_bad_dob[i] = {dob, *problem};  // not stored
        m_summary.reset();
      } else {
        m_bad_dob.erase(i);
        changed = true;
      }
    }
    for (const auto r : {Residence::lives_here, Residence::stays_over, Residence::visits}) {
      const std::string label = std::string(residence_label(r)) + "##person_res." + n + "." + std::string(to_string(r));
      if (ui::choice(rec, label.c_str(), person.residence == r)) {
        set_residence(person, r);
        changed = true;
      }
      ImGui::SameLine();
    }
    ImGui::NewLine();
    if (person.residence && *person.residence != Residence::lives_here) {
      ImGui::TextUnformatted(tr("Address, if elsewhere"));
      ImGui::SameLine();
      std::string address = person.address_elsewhere.value_or("");
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
      if (ui::input_text(rec, ("##person_address." + n).c_str(), &address)) {
        if (address.empty()) {
          person.address_elsewhere.reset();
        } else {
          person.address_elsewhere = address;
        }
        changed = true;
      }
    }
    if (person.name.empty()) {
      ui::text_coloured_wrapped(app.colours().danger, tr("Name: write the person's name (or remove them)."));
      ui::mark(rec, "person_error:name." + n);
    }
    if (m_bad_age.contains(i)) {
      ui::text_coloured_wrapped(app.colours().danger, tr("Age: a whole number from 0 to 120."));
      ui::mark(rec, "person_error:age." + n);
    }
    if (const auto shown = m_bad_dob.find(i); shown != m_bad_dob.end()) {
      ui::text_coloured_wrapped(app.colours().danger, fill(tr("Date of birth: %s"), {shown->second.second}).c_str());
      ui::mark(rec, "person_error:date_of_birth." + n);
    }
    for (const auto& problem : person_problems(person, d.date)) {
      if (problem.field == "name" && person.name.empty()) continue;  // said above
      ui::text_coloured_wrapped(app.colours().danger, (display_id(problem.field) + ": " + problem.message).c_str());
      ui::mark(rec, "person_error:" + problem.field + "." + n);
    }
    ImGui::PopID();
  }
  if (remove) {
    d.people_present.erase(d.people_present.begin() + static_cast<std::ptrdiff_t>(*remove));
    m_bad_age.clear();
    m_bad_dob.clear();
    changed = true;
  }
  if (ui::button(rec, tr("Add person present"))) {
    d.people_present.push_back(Person{});
    changed = true;
  }
  if (changed) save(app);
}

void VisitScreen::draw_notes(App& app, UiRecorder& rec) {
  VisitDraft& d = *m_draft;
  bool changed = false;
  std::optional<std::size_t> remove;
  for (std::size_t i = 0; i < d.notes.size(); ++i) {
    NoteDraft& note = d.notes[i];
    const std::string n = std::to_string(i + 1);
    ImGui::PushID(static_cast<int>(i) + 1000);
    ImGui::TextUnformatted(fill(tr("Note %s"), {n}).c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ui::TouchFrame category_frame;
    if (ImGui::BeginCombo(("##note_category." + n).c_str(), display_id(to_string(note.category)).c_str())) {
      for (const auto name : EnumNames<NoteCategory>::names) {
        if (ImGui::Selectable(display_id(name).c_str(), name == to_string(note.category))) {
          note.category = parse_enum<NoteCategory>(name, "category");
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
    rec.record("##note_category." + n);
    ImGui::SameLine();
    for (const auto name : EnumNames<Severity>::names) {
      const auto sev = parse_enum<Severity>(name, "severity");
      const std::string label = capitalised(std::string(name)) + "##note_severity." + n + "." + std::string(name);
      if (ui::choice(rec, label.c_str(), note.severity == sev)) {
        note.severity = sev;
        changed = true;
      }
      ImGui::SameLine();
    }
    if (ui::button(rec, (std::string(tr("Remove")) + "##note." + n).c_str())) remove = i;
    changed |= ui::input_multiline(rec, ("##note_text." + n).c_str(), &note.text, 4);
    ImGui::PopID();
  }
  if (remove) {
    d.notes.erase(d.notes.begin() + static_cast<std::ptrdiff_t>(*remove));
    changed = true;
  }
  if (ui::button(rec, tr("Add note"))) {
    d.notes.push_back(NoteDraft{NoteCategory::general, Severity::info, ""});
    changed = true;
  }
  if (changed) save(app);
}

void VisitScreen::finish(App& app) {
  Session& s = *app.session();
  try {
    RecordedVisit recorded = s.casework().finish_visit(m_crn, to_visit(*m_draft, app.checklist()));
    clear_draft(s.store(), m_crn);
    for (const auto& n : recorded.notes) s.note_added(m_crn, n.text);
    s.refresh_summaries(app.today());
    m_finished = std::move(recorded);
    m_draft.reset();
    m_summary.reset();
    m_error.clear();
    app.request_sync();  // the follow-ups should reach the office now
  } catch (const std::exception& e) {
    m_error = fill(tr("The visit was not recorded: %s. Your draft is kept."), {e.what()});
  }
}

void VisitScreen::draw_finished(App& app, UiRecorder& rec) {
  const Palette p = app.colours();
  const RecordedVisit& r = *m_finished;
  const SyncStatus& status = app.sync_status();
  ui::heading(fill(tr("Visit recorded: %s"), {m_case_name}).c_str());
  ui::mark(rec, "visit_recorded");
  if (r.actions.empty()) {
    ImGui::TextWrapped("%s", tr("The rules raised no follow-ups for this visit."));
  } else {
    ImGui::TextWrapped("%s", fill(tr("Before you leave: the rules raised these follow-ups (%s)."), {std::to_string(r.actions.size())}).c_str());
  }
  for (const auto& a : r.actions) {
    ImGui::Separator();
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority));
    ImGui::SameLine();
    ImGui::TextWrapped("%s, due %s", action_title(a.kind), display_date(a.due).c_str());
    const std::string key = a.rule + ":" + std::string(to_string(a.kind));
    ui::mark(rec, "followup:" + key);
    const bool sent = status.sent(a.id);
    ui::text_coloured_wrapped(sent ? p.ok : (a.priority == Priority::urgent ? p.danger : p.muted),
                              sent ? tr("Sent to the office.") : tr("Not yet sent to the office."));
    ui::mark(rec, (sent ? "followup_sent:" : "followup_unsent:") + key);
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    for (const auto& reason : a.reasons) ImGui::TextWrapped("- %s [%s]", reason.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  if (ui::button(rec, tr("Back to the case"), -1)) {
    m_finished.reset();
    app.open_case(m_crn);
  }
}

void VisitScreen::draw_summary(App& app, UiRecorder& rec) {
  const Palette p = app.colours();
  VisitDraft& d = *m_draft;
  if (!m_summary) {
    try {
      m_summary = summarise_visit(d, app.checklist(), app.session()->casework());
    } catch (const std::exception& e) {
      ui::text_coloured_wrapped(p.danger, (std::string(tr("The summary could not be made:")) + " " + e.what()).c_str());
      return;
    }
  }
  const VisitSummary& s = *m_summary;
  const ui::WrapAtEdge wrap;
  ui::heading(tr("Check the visit, then finish"));
  ui::mark(rec, "visit_summary");
  std::optional<int> go_to;
  for (const auto& sec : s.sections) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_NavHighlight));
    ImGui::TextWrapped("%s  %d/%d", tr(sec.title.c_str()), sec.progress.answered, sec.progress.visible);
    ImGui::PopStyleColor();
    const std::string change = std::string(tr("Change")) + "##summary.section." + std::to_string(sec.index);
    if (ui::button(rec, change.c_str())) go_to = sec.index;
    ImGui::Indent();
    for (const auto& a : sec.answers) {
      ImGui::TextWrapped("%s", a.question.c_str());
      ImGui::Indent();
      if (a.answer.empty()) {
        ui::text_coloured_wrapped(a.required ? p.danger : p.muted, a.required ? tr("Not answered (required)") : tr("Not answered"));
      } else {
        ImGui::TextWrapped("%s", a.answer.c_str());
      }
      ui::mark(rec, "summary_answer:" + a.fact);
      ImGui::Unindent();
    }
    ImGui::Unindent();
  }
  ui::heading(tr("People present"));
  if (s.people.empty()) ImGui::TextDisabled("%s", tr("Nobody else recorded."));
  for (const auto& person : s.people) {
    std::string line = (person.name.empty() ? std::string(tr("(no name yet)")) : person.name) + " (" +
                       relationship_label(person.relationship);
    if (person.age) line += ", " + std::to_string(*person.age);
    if (person.date_of_birth) line += ", " + display_date(*person.date_of_birth);
    if (person.residence) line += ", " + std::string(residence_label(*person.residence));
    if (person.address_elsewhere) line += ", " + *person.address_elsewhere;
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s)", line.c_str());
  }
  ui::heading(tr("Notes"));
  if (s.notes.empty()) ImGui::TextDisabled("%s", tr("No notes."));
  for (std::size_t i = 0; i < s.notes.size(); ++i) {
    const auto& n = s.notes[i];
    ImGui::TextWrapped("%zu. %s, %s: %s", i + 1, display_id(to_string(n.category)).c_str(),
                       n.severity ? std::string(to_string(*n.severity)).c_str() : "-", n.text.c_str());
  }
  ui::heading(tr("Follow-ups finishing will raise"));
  if (s.follow_ups.empty()) ImGui::TextWrapped("%s", tr("The rules raise no follow-ups for this visit."));
  for (const auto& a : s.follow_ups) {
    ui::badge(priority_label(a.priority), priority_colour(p, a.priority));
    ImGui::SameLine();
    ImGui::TextWrapped("%s, due %s", action_title(a.kind), display_date(a.due).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    ImGui::TextWrapped("%s [%s]", a.reason.c_str(), a.rule.c_str());
    ImGui::PopStyleColor();
    ui::mark(rec, "summary_followup:" + a.rule + ":" + std::string(to_string(a.kind)));
  }
  ImGui::Spacing();
  std::vector<std::string> blockers = s.blockers;
  for (const auto& [row, text] : m_bad_age)
    blockers.push_back(fill(tr("Fix the age of person %s (a whole number from 0 to 120)"), {std::to_string(row + 1)}));
  for (const auto& [row, bad] : m_bad_dob)
    blockers.push_back(fill(tr("Fix the date of birth of person %s (%s)"), {std::to_string(row + 1), bad.second}));
  if (!blockers.empty()) {
    ui::text_coloured_wrapped(p.danger, tr("Still to do before finishing:"));
    for (const auto& b : blockers) {
      ImGui::Bullet();
      ImGui::SameLine();
      ImGui::TextWrapped("%s", b.c_str());
    }
  }
  ImGui::BeginDisabled(!blockers.empty());
  const bool finish_now = ui::button(rec, tr("Finish visit"), -1);
  ImGui::EndDisabled();
  if (finish_now) {
    finish(app);
    return;  // the draft is gone
  }
  if (go_to) {
    d.section = *go_to;
    save(app);
  }
}

void VisitScreen::draw(App& app, UiRecorder& rec) {
  if (m_finished) {
    draw_finished(app, rec);
    return;
  }
  const Palette p = app.colours();
  if (!m_draft) {
    if (ui::button(rec, tr("< Case"))) app.open_case(m_crn);
    ui::text_coloured_wrapped(p.danger, m_error.empty() ? tr("No visit in progress.") : m_error.c_str());
    return;
  }
  VisitDraft& d = *m_draft;
  const ChecklistTemplate& checklist = app.checklist();
  const auto& sections = checklist.sections();
  d.section = std::clamp(d.section, 0, static_cast<int>(sections.size()) + 1);

  if (ui::button(rec, tr("< Case"))) app.open_case(m_crn);
  ImGui::SameLine();
  ImGui::TextUnformatted(fill(tr("Visit: %s"), {m_case_name}).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("draft saved as you type"));
  if (!m_error.empty()) ui::text_coloured_wrapped(p.danger, m_error.c_str());

  // Outcome and kind.
  ImGui::TextUnformatted(tr("Outcome:"));
  for (const auto name : EnumNames<VisitOutcome>::names) {
    ImGui::SameLine();
    const auto value = parse_enum<VisitOutcome>(name, "outcome");
    const std::string label = std::string(outcome_label(value)) + "##outcome";
    if (ui::choice(rec, label.c_str(), d.outcome == value)) {
      d.outcome = value;
      save(app);
    }
  }
  ImGui::TextUnformatted(tr("Kind:"));
  for (const auto name : EnumNames<VisitKind>::names) {
    ImGui::SameLine();
    const auto value = parse_enum<VisitKind>(name, "kind");
    const std::string label = std::string(kind_label(value)) + "##kind";
    if (ui::choice(rec, label.c_str(), d.kind == value)) {
      d.kind = value;
      save(app);
    }
  }

  // Sections by name with their progress, then notes, then the summary: one
  // row (the current one, and a list of all of them to jump to), so the
  // page keeps the height of the screen.
  const int notes_tab = static_cast<int>(sections.size());
  const int finish_tab = notes_tab + 1;
  const auto section_title = [&](int i) {
    if (i == notes_tab) return fill(tr("Notes %s"), {std::to_string(d.notes.size())});
    if (i == finish_tab) return std::string(tr("Summary"));
    const auto& sec = sections[static_cast<std::size_t>(i)];
    const SectionProgress progress = checklist.progress(d.answers, sec);
    return std::string(tr(sec.title.c_str())) + " " + std::to_string(progress.answered) + "/" + std::to_string(progress.visible) +
           (progress.complete() ? " \u2713" : "");
  };
  ImGui::Separator();
  ImGui::TextUnformatted(fill(tr("Section %s of %s:"), {std::to_string(d.section + 1), std::to_string(finish_tab + 1)}).c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  {
    const ui::TouchFrame frame;
    const std::string current = section_title(d.section);
    if (ImGui::BeginCombo("##sections", current.c_str(), ImGuiComboFlags_HeightLargest)) {
      for (int i = 0; i <= finish_tab; ++i) {
        const std::string label = section_title(i) + "##section." + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), d.section == i, 0, ImVec2(0, ui::touch_height()))) {
          d.section = i;
          save(app);
        }
        rec.record(label);
      }
      ImGui::EndCombo();
    }
    rec.record("##sections");
    ui::mark(rec, "section_now:" + current);
  }
  ImGui::Separator();

  ImGui::BeginChild("visit_body", ImVec2(0, -ui::touch_height() - ImGui::GetStyle().ItemSpacing.y * 2), false,
                    ImGuiWindowFlags_NavFlattened);  // keyboard moves in and out
  if (d.section < notes_tab) {
    const auto& sec = sections[static_cast<std::size_t>(d.section)];
    ui::heading(tr(sec.title.c_str()));
    if (!sec.help.empty()) ImGui::TextWrapped("%s", tr(sec.help.c_str()));
    for (const auto& item : sec.items) {
      if (!checklist.is_visible(item, d.answers)) continue;  // skip logic, live
      draw_item(app, rec, item);
    }
  } else if (d.section == notes_tab) {
    ui::heading(tr("Notes"));
    ImGui::TextWrapped("%s", tr("Risk notes and safeguarding observations. Each is stored as its own record when the visit is finished."));
    draw_notes(app, rec);
  } else {
    draw_summary(app, rec);
  }
  app.scroller().region();
  ImGui::EndChild();
  if (!m_draft) return;  // finished this frame
  // Previous / next along the bottom, always in reach of a thumb.
  ImGui::BeginDisabled(d.section == 0);
  if (ui::button(rec, tr("< Previous"), ImGui::GetFontSize() * 8)) {
    --d.section;
    save(app);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(d.section >= finish_tab);
  if (ui::button(rec, tr("Next >"), ImGui::GetFontSize() * 8)) {
    ++d.section;
    save(app);
  }
  ImGui::EndDisabled();
}

}  // namespace doorstep::field
