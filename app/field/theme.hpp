#pragma once
// Colours and sizes for the three themes, scaled for touch.
#include <imgui.h>

#include "model/ui_settings.hpp"

namespace doorstep::field {

struct Palette {
  ImVec4 danger;       // officer safety, RoSH high/very high, overdue
  ImVec4 warning;      // RoSH medium, due soon
  ImVec4 ok;           // RoSH low, done
  ImVec4 info;         // MAPPA
  ImVec4 child;        // child protection
  ImVec4 muted;        // secondary text
  ImVec4 on_colour;    // text on the coloured badges
  ImVec4 clear;        // window background (the renderer's clear colour)
};

// Replaces ImGui's style with the theme's, sized for `font_px` text.
void apply_theme(Theme theme, float font_px);
Palette palette(Theme theme);

}  // namespace doorstep::field
