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

#include "model/drag_scroll.hpp"

namespace doorstep::field {

struct ItemRect {
  ImVec2 min;
  ImVec2 max;
  bool interactive = true;  // a widget (false: a marker, see ui::mark)
  bool focused = false;     // has the keyboard focus (ImGui's nav)
  [[nodiscard]] ImVec2 centre() const { return {(min.x + max.x) * 0.5F, (min.y + max.y) * 0.5F}; }
};

class UiRecorder {
 public:
  void begin_frame() { m_items.clear(); }
  // Records the last ImGui item under `label`.
  void record(std::string_view label, bool interactive = true);
  [[nodiscard]] std::optional<ItemRect> find(std::string_view label) const;
  [[nodiscard]] bool has(std::string_view label) const { return find(label).has_value(); }
  [[nodiscard]] const std::map<std::string, ItemRect, std::less<>>& items() const { return m_items; }

 private:
  std::map<std::string, ItemRect, std::less<>> m_items;
};

namespace ui {

// Touch scrolling for every scrolling window, through one DragScroll (one
// finger scrolls one window at a time). Call region() inside each scrolling
// window just before its End()/EndChild(): a press there (innermost
// scrollable window first, never on its scrollbar) starts a gesture; past
// the slop the window follows the pointer and the item pressed loses its
// activation, so releasing does not click it; a press that stays within the
// slop is left alone and clicks as usual. After release the window coasts.
// end_frame() after all windows: a gesture whose window was not drawn this
// frame (the screen changed) ends. Times come from ImGui::GetTime().
class TouchScroller {
 public:
  void region();
  void end_frame();
  // A finger is down or a coast is running: the app must keep drawing.
  [[nodiscard]] bool busy() const { return m_physics.pressed() || m_physics.coasting(); }
  [[nodiscard]] const DragScroll& physics() const { return m_physics; }

 private:
  DragScroll m_physics;
  unsigned m_window = 0;  // ImGuiID of the window being scrolled
  int m_frame = -1;       // the frame `m_claimed` belongs to
  bool m_claimed = false;  // this frame's press was taken by an inner window
  bool m_seen = false;     // m_window was drawn this frame
};

// The smallest height of a touch target, in pixels at the current font size.
float touch_height();

// Frame padding that makes a one-line frame (text field, checkbox, combo)
// touch_height() tall. Push before the widget, pop after (RAII).
class TouchFrame {
 public:
  TouchFrame();
  ~TouchFrame();
  TouchFrame(const TouchFrame&) = delete;
  TouchFrame& operator=(const TouchFrame&) = delete;
};

// Wrapped text in this scope wraps at the window's visible right edge
// (inside the scrollbar), never at a content width that grew with it.
class WrapAtEdge {
 public:
  WrapAtEdge();
  ~WrapAtEdge();
  WrapAtEdge(const WrapAtEdge&) = delete;
  WrapAtEdge& operator=(const WrapAtEdge&) = delete;
};

bool button(UiRecorder& rec, const char* label, float width = 0);
// A button that reads as chosen when `selected` (radio-style choices).
bool choice(UiRecorder& rec, const char* label, bool selected, float width = 0);
bool checkbox(UiRecorder& rec, const char* label, bool* value);
bool input_text(UiRecorder& rec, const char* label, std::string* text, int flags = 0);
bool input_multiline(UiRecorder& rec, const char* label, std::string* text, float lines = 3);
bool input_password(UiRecorder& rec, const char* label, std::string* text, bool enter_submits = true);
// A static marker tests can look for (a row of a list, a shown result).
void mark(UiRecorder& rec, std::string_view label);

// A small coloured label ("RoSH high", "CP plan", "MAPPA 2"), its text in
// black or white, whichever reads better on `background`.
void badge(const char* text, ImVec4 background);
void heading(const char* text);
void text_coloured_wrapped(ImVec4 colour, const char* text);
// One line of text, cut with "..." to the width left on the line (lists that
// need one line per row: nothing clips at the window edge or scrolls sideways).
void text_fit(std::string_view text);
// A full-width box with a coloured background and wrapped lines (alerts).
void banner(const char* id, ImVec4 background, ImVec4 foreground, std::string_view title,
            const std::vector<std::string>& lines);

}  // namespace ui

}  // namespace doorstep::field
