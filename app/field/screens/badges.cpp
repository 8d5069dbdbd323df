#include "screens/badges.hpp"

#include <imgui.h>

#include "widgets.hpp"

namespace doorstep::field {

void case_badges(const Palette& p, Rosh rosh, ChildProtection cp, MappaLevel mappa, bool da_perpetrator) {
  const char* rosh_text = rosh == Rosh::very_high ? "RoSH very high"
                          : rosh == Rosh::high    ? "RoSH high"
                          : rosh == Rosh::medium  ? "RoSH medium"
                                                  : "RoSH low";
  const ImVec4 rosh_colour = rosh >= Rosh::high ? p.danger : rosh == Rosh::medium ? p.warning : p.ok;
  ui::badge(rosh_text, rosh_colour, p.on_colour);
  if (cp != ChildProtection::none) {
    ImGui::SameLine();
    ui::badge(cp == ChildProtection::cp_plan         ? "CP plan"
              : cp == ChildProtection::child_in_need ? "Child in need"
                                                     : "CP concerns",
              p.child, p.on_colour);
  }
  if (mappa != MappaLevel::none) {
    ImGui::SameLine();
    ui::badge(mappa == MappaLevel::level_3 ? "MAPPA 3" : mappa == MappaLevel::level_2 ? "MAPPA 2" : "MAPPA 1", p.info,
              p.on_colour);
  }
  if (da_perpetrator) {
    ImGui::SameLine();
    ui::badge("DA", p.muted, p.on_colour);
  }
}

const char* action_title(ActionKind kind) {
  switch (kind) {
    case ActionKind::home_visit: return "Home visit";
    case ActionKind::csc_check: return "Children's social care check";
    case ActionKind::police_da_check: return "Police DA callout check";
    case ActionKind::police_notify: return "Tell the police";
    case ActionKind::rosh_review: return "RoSH review";
    case ActionKind::rmp_review: return "Risk management plan review";
    case ActionKind::sentence_plan_review: return "Sentence plan review";
    case ActionKind::manager_oversight: return "Management oversight";
    case ActionKind::enforcement_review: return "Enforcement review";
    case ActionKind::mappa_review: return "MAPPA review";
    case ActionKind::cp_meeting: return "Child protection meeting";
    case ActionKind::vlo_inform: return "Inform the victim liaison officer";
    case ActionKind::interventions_review: return "Interventions review";
  }
  return "Follow-up";
}

const char* priority_label(Priority p) {
  return p == Priority::urgent ? "Urgent" : p == Priority::high ? "High" : "Normal";
}

ImVec4 priority_colour(const Palette& p, Priority priority) {
  return priority == Priority::urgent ? p.danger : priority == Priority::high ? p.warning : p.muted;
}

}  // namespace doorstep::field
