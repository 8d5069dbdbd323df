#pragma once
// The UI font: a system font from a Debian font package, found at run time
// (no font files in the repository), or Dear ImGui's built-in font when none
// is installed.
#include <string>

struct ImFontAtlas;

namespace doorstep::platform {

struct LoadedFont {
  std::string source;  // the font file used, or "ImGui default font"
  float size_px = 0;
};

// Clears `atlas` and loads the UI font at `size_px` (Latin-1 + general
// punctuation glyphs). Must not be called between ImGui::NewFrame and
// ImGui::Render; the renderer's font texture must be rebuilt afterwards.
LoadedFont load_ui_font(ImFontAtlas& atlas, float size_px);

}  // namespace doorstep::platform
