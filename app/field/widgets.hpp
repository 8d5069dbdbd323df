#pragma once
// Touch-sized widgets and the item recorder. Every interactive widget the
// screens draw goes through here, which (1) makes targets large enough for
// a finger and (2) records each item's rectangle under its label for the
// frame, so tests (and accessibility tooling) can find "Finish visit" by
// name. The recorder holds only this frame's items.
#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::field {

struct ItemRect {
  ImVec2 min;
  ImVec2 max;
  [[nodiscard]] ImVec2 centre() const { return {(min.x + max.x) * 0.5F, (min.y + max.y) * 0.5F}; }
};

class UiRecorder {
 public:
  void begin_frame() { m_items.clear(); }
  // Records the last ImGui item under `label`.
  void record(std::string_view label);
  [[nodiscard]] std::optional<ItemRect> find(std::string_view label) const;
  [[nodiscard]] bool has(std::string_view label) const { return find(label).has_value(); }
  [[nodiscard]] const std::map<std::string, ItemRect, std::less<>>& items() const { return m_items; }

 private:
  std::map<std::string, ItemRect, std::less<>> m_items;
};

namespace ui {

// The smallest height of a touch target, in pixels at the current font size.
float touch_height();

bool button(UiRecorder& rec, const char* label, float width = 0);
// A button that reads as chosen when `selected` (radio-style choices).
bool choice(UiRecorder& rec, const char* label, bool selected, float width = 0);
bool checkbox(UiRecorder& rec, const char* label, bool* value);
bool input_text(UiRecorder& rec, const char* label, std::string* text, int flags = 0);
bool input_multiline(UiRecorder& rec, const char* label, std::string* text, float lines = 3);
bool input_password(UiRecorder& rec, const char* label, std::string* text, bool enter_submits = true);
// A static marker tests can look for (a row of a list, a shown result).
void mark(UiRecorder& rec, std::string_view label);

// A small coloured label ("RoSH high", "CP plan", "MAPPA 2").
void badge(const char* text, ImVec4 background, ImVec4 foreground = ImVec4(1, 1, 1, 1));
void heading(const char* text);
void text_coloured_wrapped(ImVec4 colour, const char* text);
// A full-width box with a coloured background and wrapped lines (alerts).
void banner(const char* id, ImVec4 background, ImVec4 foreground, std::string_view title,
            const std::vector<std::string>& lines);

}  // namespace ui

}  // namespace doorstep::field
