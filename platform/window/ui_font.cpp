#include "window/ui_font.hpp"

#include <imgui.h>

#include <array>
#include <filesystem>

namespace doorstep::platform {

namespace {

// In order of preference; all are Debian packages (fonts-dejavu-core,
// fonts-noto-core, fonts-liberation2, fonts-freefont-ttf).
constexpr std::array kCandidates{
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
};

// Basic Latin + Latin-1 supplement, general punctuation (dashes, quotes,
// bullet, ellipsis) and a few symbols the screens use. Must outlive the atlas.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0x2713, 0x2717, 0x26A0, 0x26A0, 0};

}  // namespace

LoadedFont load_ui_font(ImFontAtlas& atlas, float size_px) {
  atlas.Clear();
  for (const char* path : kCandidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (atlas.AddFontFromFileTTF(path, size_px, &cfg, kGlyphRanges) != nullptr) return {path, size_px};
  }
  ImFontConfig cfg;
  cfg.SizePixels = size_px;
  atlas.AddFontDefault(&cfg);
  return {"ImGui default font", size_px};
}

}  // namespace doorstep::platform
