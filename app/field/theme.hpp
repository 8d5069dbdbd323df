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
  ImVec4 on_colour;    // unused by badges now (readable_text_on picks black or white)
  ImVec4 clear;        // window background (the renderer's clear colour)
};

// WCAG 2 contrast ratio of two opaque colours (1..21); text needs >= 4.5.
float contrast_ratio(ImVec4 a, ImVec4 b);
// Black or white, whichever reads better on `background`.
ImVec4 readable_text_on(ImVec4 background);

// Replaces ImGui's style with the theme's, sized for `font_px` text.
void apply_theme(Theme theme, float font_px);
Palette palette(Theme theme);

}  // namespace doorstep::field
