#include "theme.hpp"

#include <algorithm>
#include <cmath>

namespace doorstep::field {

namespace {

float linear(float c) { return c <= 0.04045F ? c / 12.92F : std::pow((c + 0.055F) / 1.055F, 2.4F); }

float luminance(ImVec4 c) { return 0.2126F * linear(c.x) + 0.7152F * linear(c.y) + 0.0722F * linear(c.z); }

}  // namespace

float contrast_ratio(ImVec4 a, ImVec4 b) {
  const float la = luminance(a);
  const float lb = luminance(b);
  return (std::max(la, lb) + 0.05F) / (std::min(la, lb) + 0.05F);
}

ImVec4 readable_text_on(ImVec4 background) {
  const ImVec4 black(0, 0, 0, 1);
  const ImVec4 white(1, 1, 1, 1);
  return contrast_ratio(black, background) >= contrast_ratio(white, background) ? black : white;
}

Palette palette(Theme theme) {
  switch (theme) {
    case Theme::dark:
      return {{0.95F, 0.35F, 0.32F, 1}, {0.90F, 0.60F, 0.10F, 1}, {0.25F, 0.65F, 0.35F, 1}, {0.25F, 0.50F, 0.85F, 1},
              {0.60F, 0.35F, 0.80F, 1}, {0.65F, 0.67F, 0.70F, 1}, {1, 1, 1, 1}, {0.09F, 0.10F, 0.12F, 1}};
    case Theme::high_contrast:
      return {{1, 0.15F, 0.15F, 1}, {1, 0.85F, 0, 1}, {0, 0.9F, 0.3F, 1}, {0.3F, 0.75F, 1, 1},
              {0.95F, 0.5F, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}, {0, 0, 0, 1}};
    case Theme::light:
    default:
      return {{0.75F, 0.10F, 0.10F, 1}, {0.62F, 0.32F, 0.00F, 1}, {0.10F, 0.50F, 0.20F, 1}, {0.10F, 0.35F, 0.70F, 1},
              {0.45F, 0.20F, 0.60F, 1}, {0.35F, 0.37F, 0.40F, 1}, {1, 1, 1, 1}, {0.95F, 0.95F, 0.96F, 1}};
  }
}

void apply_theme(Theme theme, float font_px) {
  ImGuiStyle style;
  switch (theme) {
    case Theme::dark: {
      ImGui::StyleColorsDark(&style);
      // Opaque, darker blues than ImGui's translucent ones: white text on
      // them reads at >= 4.5:1 (tests/ui/test_field_access.cpp).
      ImVec4* c = style.Colors;
      c[ImGuiCol_Button] = c[ImGuiCol_Header] = ImVec4(0.16F, 0.29F, 0.48F, 1);
      c[ImGuiCol_ButtonHovered] = c[ImGuiCol_HeaderHovered] = c[ImGuiCol_HeaderActive] = ImVec4(0.22F, 0.40F, 0.65F, 1);
      c[ImGuiCol_FrameBg] = ImVec4(0.14F, 0.17F, 0.22F, 1);
      c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = ImVec4(0.20F, 0.25F, 0.33F, 1);
      break;
    }
    case Theme::high_contrast: {
      ImGui::StyleColorsDark(&style);
      ImVec4* c = style.Colors;
      c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
      c[ImGuiCol_TextDisabled] = ImVec4(0.8F, 0.8F, 0.8F, 1);
      c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = ImVec4(0, 0, 0, 1);
      c[ImGuiCol_Border] = ImVec4(1, 1, 1, 1);
      c[ImGuiCol_FrameBg] = ImVec4(0.12F, 0.12F, 0.12F, 1);
      c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = ImVec4(0.25F, 0.25F, 0.25F, 1);
      c[ImGuiCol_Button] = ImVec4(0.15F, 0.15F, 0.15F, 1);
      c[ImGuiCol_ButtonHovered] = ImVec4(0.35F, 0.35F, 0.0F, 1);
      c[ImGuiCol_ButtonActive] = ImVec4(1, 0.85F, 0, 1);
      c[ImGuiCol_NavHighlight] = ImVec4(1, 0.9F, 0, 1);
      c[ImGuiCol_CheckMark] = ImVec4(1, 0.9F, 0, 1);
      c[ImGuiCol_Separator] = ImVec4(1, 1, 1, 1);
      c[ImGuiCol_Header] = ImVec4(0.2F, 0.2F, 0.2F, 1);
      style.FrameBorderSize = 2;
      style.ChildBorderSize = 2;
      break;
    }
    case Theme::light:
    default: {
      ImGui::StyleColorsLight(&style);
      ImVec4* c = style.Colors;
      c[ImGuiCol_WindowBg] = ImVec4(0.95F, 0.95F, 0.96F, 1);
      c[ImGuiCol_Button] = ImVec4(0.84F, 0.88F, 0.95F, 1);
      c[ImGuiCol_ButtonHovered] = ImVec4(0.70F, 0.80F, 0.95F, 1);
      c[ImGuiCol_ButtonActive] = ImVec4(0.16F, 0.38F, 0.75F, 1);
      c[ImGuiCol_NavHighlight] = ImVec4(0.10F, 0.25F, 0.60F, 1);
      c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
      c[ImGuiCol_TextDisabled] = ImVec4(0.38F, 0.38F, 0.40F, 1);  // ImGui's 0.60 grey reads at 2.6:1
      style.FrameBorderSize = 1;
      break;
    }
  }
  style.WindowRounding = 0;
  style.FrameRounding = 6;
  style.GrabRounding = 6;
  style.ScrollbarSize = 22;
  style.FramePadding = ImVec2(12, 10);
  style.ItemSpacing = ImVec2(12, 10);
  style.WindowPadding = ImVec2(16, 14);
  style.ScaleAllSizes(font_px / 20.0F);
  // A scrollbar a finger can hold: as wide as a touch target, a long grab.
  style.ScrollbarSize = std::max(style.ScrollbarSize, 48.0F);
  style.GrabMinSize = std::max(style.GrabMinSize, 48.0F);
  // Selected choices read in the "on" colour of the active button.
  if (theme == Theme::light) style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.10F, 0.25F, 0.60F, 1);
  ImGui::GetStyle() = style;
}

}  // namespace doorstep::field
