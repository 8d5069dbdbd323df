#include "theme.hpp"

#include <algorithm>

namespace doorstep::field {

Palette palette(Theme theme) {
  switch (theme) {
    case Theme::dark:
      return {{0.86F, 0.26F, 0.24F, 1}, {0.90F, 0.60F, 0.10F, 1}, {0.25F, 0.65F, 0.35F, 1}, {0.25F, 0.50F, 0.85F, 1},
              {0.60F, 0.35F, 0.80F, 1}, {0.65F, 0.67F, 0.70F, 1}, {1, 1, 1, 1}, {0.09F, 0.10F, 0.12F, 1}};
    case Theme::high_contrast:
      return {{1, 0.15F, 0.15F, 1}, {1, 0.85F, 0, 1}, {0, 0.9F, 0.3F, 1}, {0.3F, 0.75F, 1, 1},
              {0.95F, 0.5F, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}, {0, 0, 0, 1}};
    case Theme::light:
    default:
      return {{0.75F, 0.10F, 0.10F, 1}, {0.80F, 0.45F, 0.00F, 1}, {0.10F, 0.50F, 0.20F, 1}, {0.10F, 0.35F, 0.70F, 1},
              {0.45F, 0.20F, 0.60F, 1}, {0.35F, 0.37F, 0.40F, 1}, {1, 1, 1, 1}, {0.95F, 0.95F, 0.96F, 1}};
  }
}

void apply_theme(Theme theme, float font_px) {
  ImGuiStyle style;
  switch (theme) {
    case Theme::dark: ImGui::StyleColorsDark(&style); break;
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
