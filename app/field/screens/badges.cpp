#include "screens/badges.hpp"

#include "model/translator.hpp"

#include <imgui.h>

#include "widgets.hpp"

namespace doorstep::field {

void case_badges(const Palette& p, Rosh rosh, ChildProtection cp, MappaLevel mappa, bool da_perpetrator) {
  const char* rosh_text = rosh == Rosh::very_high ? "RoSH very high"
                          : rosh == Rosh::high    ? "RoSH high"
                          : rosh == Rosh::medium  ? "RoSH medium"
                                                  : "RoSH low";
  const ImVec4 rosh_colour = rosh >= Rosh::high ? p.danger : rosh == Rosh::medium ? p.warning : p.ok;
  ui::badge(rosh_text, rosh_colour);
  if (cp != ChildProtection::none) {
    ImGui::SameLine();
    ui::badge(cp == ChildProtection::cp_plan         ? "CP plan"
              : cp == ChildProtection::child_in_need ? "Child in need"
                                                     : "CP concerns",
              p.child);
  }
  if (mappa != MappaLevel::none) {
    ImGui::SameLine();
    ui::badge(mappa == MappaLevel::level_3 ? "MAPPA 3" : mappa == MappaLevel::level_2 ? "MAPPA 2" : "MAPPA 1", p.info);
  }
  if (da_perpetrator) {
    ImGui::SameLine();
    ui::badge("DA", p.muted);
  }
}

const char* priority_label(Priority p) {
  return p == Priority::urgent ? tr("Urgent") : p == Priority::high ? tr("High") : tr("Normal");
}

ImVec4 priority_colour(const Palette& p, Priority priority) {
  return priority == Priority::urgent ? p.danger : priority == Priority::high ? p.warning : p.muted;
}

const char* residence_label(Residence r) {
  switch (r) {
    case Residence::lives_here: return tr("Lives here");
    case Residence::stays_over: return tr("Stays over");
    case Residence::visits: return tr("Visits");
  }
  return "";
}

const char* relationship_label(Relationship r) {
  switch (r) {
    case Relationship::partner: return tr("Partner");
    case Relationship::ex_partner: return tr("Ex-partner");
    case Relationship::child: return tr("Child");
    case Relationship::stepchild: return tr("Stepchild");
    case Relationship::sibling: return tr("Sibling");
    case Relationship::parent: return tr("Parent");
    case Relationship::other_adult: return tr("Other adult");
    case Relationship::other_child: return tr("Other child");
  }
  return "";
}

}  // namespace doorstep::field
