#include "window/ui_font.hpp"

#include <imgui.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

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

// Basic Latin, Latin-1 supplement, Latin Extended-A and B (Welsh ŵ ŷ,
// Polish ł ś ż, Romanian ş ţ, Turkish ğ ı, Czech ř...), Latin Extended
// Additional (Welsh ẁ ẃ ỳ), general punctuation (dashes, quotes, bullet,
// ellipsis) and a few symbols the screens use. Must outlive the atlas.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x024F, 0x1E00, 0x1EFF, 0x2010, 0x2027, 0x2190, 0x2193,
                                    0x2713, 0x2717, 0x26A0, 0x26A0, 0};

// Asks fontconfig (`fc-match`, from the fontconfig package SDL's X11 stack
// already pulls in) for a sans font file when none of the known paths exist.
std::string fontconfig_sans() {
  FILE* p = ::popen("fc-match -f '%{file}' 'DejaVu Sans:style=Book' 2>/dev/null", "r");
  if (p == nullptr) return {};
  char buf[1024] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  std::string path(buf, n);
  return path.ends_with(".ttf") || path.ends_with(".otf") ? path : std::string();
}

}  // namespace

const ImWchar* ui_glyph_ranges() { return kGlyphRanges; }

LoadedFont load_ui_font(ImFontAtlas& atlas, float size_px) {
  atlas.Clear();
  std::vector<std::string> paths(kCandidates.begin(), kCandidates.end());
  bool known_found = false;
  for (const auto& p : paths) {
    std::error_code ec;
    known_found = known_found || std::filesystem::is_regular_file(p, ec);
  }
  if (!known_found) {
    if (auto fc = fontconfig_sans(); !fc.empty()) paths.push_back(std::move(fc));
  }
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (atlas.AddFontFromFileTTF(path.c_str(), size_px, &cfg, kGlyphRanges) != nullptr) return {path, size_px, {}};
  }
  ImFontConfig cfg;
  cfg.SizePixels = size_px;
  atlas.AddFontDefault(&cfg);
  return {"ImGui default font", size_px,
          "No UI font found (install the Debian package fonts-dejavu-core): letters beyond Latin-1, "
          "such as Welsh \u0175 and Polish \u0142, will show as '?'."};
}

}  // namespace doorstep::platform
