#pragma once
// The case badges (RoSH, child protection, MAPPA, DA) used on several screens.
#include "domain/enums.hpp"
#include "model/case_timeline.hpp"  // action_title
#include "theme.hpp"

namespace doorstep::field {

// Draws the badges on the current line (SameLine between them).
void case_badges(const Palette& p, Rosh rosh, ChildProtection cp, MappaLevel mappa, bool da_perpetrator);
const char* priority_label(Priority p);
ImVec4 priority_colour(const Palette& p, Priority priority);
// "Lives here", "Stays over", "Visits", in the UI language.
const char* residence_label(Residence r);
// "Partner", "Child", "Other adult"..., in the UI language.
const char* relationship_label(Relationship r);

}  // namespace doorstep::field
