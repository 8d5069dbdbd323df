#pragma once
// The UI font: a system font from a Debian font package, found at run time
// (no font files in the repository), or Dear ImGui's built-in font when none
// is installed.
#include <string>

#include <imgui.h>

namespace doorstep::platform {

struct LoadedFont {
  std::string source;  // the font file used, or "ImGui default font"
  float size_px = 0;
  std::string warning;  // set when no system font was found: say so to the user
};

// The code point ranges the atlas covers (0-terminated pairs).
const ImWchar* ui_glyph_ranges();

// Clears `atlas` and loads the UI font at `size_px` (Latin-1, Latin
// Extended-A/B and Additional, punctuation): DejaVu Sans and the other known
// Debian paths, else what fontconfig names for "DejaVu Sans". Must not be called between ImGui::NewFrame and
// ImGui::Render; the renderer's font texture must be rebuilt afterwards.
LoadedFont load_ui_font(ImFontAtlas& atlas, float size_px);

}  // namespace doorstep::platform
