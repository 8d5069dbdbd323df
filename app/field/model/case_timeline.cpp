#include "model/case_timeline.hpp"

#include "model/translator.hpp"

#include <algorithm>

#include "rules/display.hpp"

namespace doorstep::field {
namespace {

UtcMillis end_of_day(Date d) { return static_cast<UtcMillis>(d.days()) * 86'400'000 + 86'399'999; }

}  // namespace

const char* action_title(ActionKind kind) {
  switch (kind) {
    case ActionKind::home_visit: return tr("Home visit");
    case ActionKind::csc_check: return tr("Children's social care check");
    case ActionKind::police_da_check: return tr("Police DA callout check");
    case ActionKind::police_notify: return tr("Tell the police");
    case ActionKind::rosh_review: return tr("RoSH review");
    case ActionKind::rmp_review: return tr("Risk management plan review");
    case ActionKind::sentence_plan_review: return tr("Sentence plan review");
    case ActionKind::manager_oversight: return tr("Management oversight");
    case ActionKind::enforcement_review: return tr("Enforcement review");
    case ActionKind::mappa_review: return "MAPPA review";
    case ActionKind::cp_meeting: return tr("Child protection meeting");
    case ActionKind::vlo_inform: return tr("Inform the victim liaison officer");
    case ActionKind::interventions_review: return tr("Interventions review");
    case ActionKind::oversight_returned: return tr("Sent back by your manager");
  }
  return tr("Follow-up");
}

std::vector<TimelineEntry> build_case_timeline(std::span<const Visit> visits, std::span<const Check> checks,
                                               std::span<const Note> notes, std::span<const Action> actions) {
  std::vector<TimelineEntry> out;
  for (const auto& v : visits) {
    std::string title = "Visit: " + display_id(to_string(v.outcome));
    if (v.kind) title += " (" + display_id(to_string(*v.kind)) + ")";
    std::string text = std::to_string(v.answers.size()) + " answers, " + std::to_string(v.people_present.size()) +
                       " other people present";
    out.push_back({end_of_day(v.date), display_date(v.date), title, text, TimelineKind::visit});
  }
  for (const auto& k : checks) {
    std::string title = std::string("Check: ") + action_title(k.kind == CheckKind::csc_check ? ActionKind::csc_check
                                                                                               : ActionKind::police_da_check);
    std::string text;
    if (!k.answered()) {
      text = "requested, awaiting reply";
    } else {
      text = k.result ? display_id(to_string(*k.result)) : std::string("answered");
      if (k.outcome && !k.outcome->empty()) text += ": " + *k.outcome;
      if (k.replied_on) text += " (reply " + display_date(*k.replied_on) + ")";
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    out.push_back({end_of_day(k.answered() ? k.answered_on() : k.date), display_date(k.date), title, text,
                   TimelineKind::check});
  }
  for (const auto& n : notes) {
    if (n.kind == NoteKind::amendment && !n.refers_to && n.visit_id) {  // an amendment to a finished visit
      const auto visit = std::find_if(visits.begin(), visits.end(), [&](const Visit& v) { return v.id == *n.visit_id; });
      std::string title = "Visit amended";
      if (visit != visits.end()) title += " (visit of " + display_date(visit->date) + ")";
      std::string text = "Why: " + n.reason.value_or("");
      for (const auto& [fact, value] : n.corrected_answers)
        text += "  " + display_id(fact) + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
      if (!n.text.empty()) text += "  " + n.text;
      std::replace(text.begin(), text.end(), '\n', ' ');
      out.push_back({n.created_at, format_utc(n.created_at).substr(0, 16), title, text, TimelineKind::note});
      continue;
    }
    std::string title = "Note: " + display_id(to_string(n.category));
    if (n.severity) title += ", " + display_id(to_string(*n.severity));
    if (n.kind != NoteKind::entry) title += " (" + std::string(to_string(n.kind)) + ")";
    std::string text = n.text;
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (n.reason) text += "  [reason: " + *n.reason + "]";
    out.push_back({n.created_at, format_utc(n.created_at).substr(0, 16), title, text, TimelineKind::note});
  }
  for (const auto& a : actions) {
    std::string title = std::string("Follow-up: ") + action_title(a.kind) + " (" + display_id(to_string(a.status)) + ")";
    std::string text = a.reasons.empty() ? std::string() : a.reasons.back();
    if (a.outcome) text += "  Outcome: " + *a.outcome;
    if (a.dismiss_reason) text += "  Dismissed: " + *a.dismiss_reason;
    out.push_back({a.created_at, format_utc(a.created_at).substr(0, 16), title, text, TimelineKind::action});
  }
  std::stable_sort(out.begin(), out.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.at > b.at; });
  return out;
}

}  // namespace doorstep::field
