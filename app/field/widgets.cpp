#include "widgets.hpp"

#include "theme.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

namespace doorstep::field {

void UiRecorder::record(std::string_view label, bool interactive) {
  m_items.insert_or_assign(std::string(label), ItemRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), interactive,
                                                                 interactive && ImGui::IsItemFocused()});
}

std::optional<ItemRect> UiRecorder::find(std::string_view label) const {
  const auto it = m_items.find(label);
  if (it == m_items.end()) return std::nullopt;
  return it->second;
}

namespace ui {

void TouchScroller::region() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImGuiIO& io = g.IO;
  const double now = ImGui::GetTime();
  if (m_frame != g.FrameCount) {
    m_frame = g.FrameCount;
    m_claimed = false;
  }
  const ImGuiID scrollbar = ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
  if (io.MouseClicked[0] && !m_claimed && window->ScrollMax.y > 0 &&
      ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
    m_claimed = true;  // the innermost scrollable window under the pointer
    if (g.ActiveId != scrollbar) {
      m_window = window->ID;
      m_physics.press(io.MousePos.y, now);
    }
  }
  if (m_window != window->ID) return;
  m_seen = true;
  float delta = 0;
  if (m_physics.pressed()) {
    if (!io.MouseDown[0]) {
      m_physics.release(now);
    } else {
      delta = m_physics.move(io.MousePos.y, now);
      // A drag, not a tap: whatever was pressed must not click on release.
      if (m_physics.dragging() && g.ActiveId != 0) ImGui::ClearActiveID();
    }
  } else if (m_physics.coasting()) {
    delta = m_physics.step(now);
  }
  if (delta == 0) return;
  const float target = window->Scroll.y + delta;
  if (target <= 0 || target >= window->ScrollMax.y) m_physics.stop();  // reached an end
  ImGui::SetScrollY(window, ImClamp(target, 0.0F, window->ScrollMax.y));
}

void TouchScroller::end_frame() {
  if (!m_seen && busy()) {
    m_physics.release(ImGui::GetTime());
    m_physics.stop();
  }
  m_seen = false;
}

float touch_height() { return std::max(48.0F, ImGui::GetFontSize() * 2.0F); }

WrapAtEdge::WrapAtEdge() {
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImGui::PushTextWrapPos(w->InnerRect.Max.x - w->Pos.x - ImGui::GetStyle().WindowPadding.x);
}

WrapAtEdge::~WrapAtEdge() { ImGui::PopTextWrapPos(); }

TouchFrame::TouchFrame() {
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(pad.x, std::max(pad.y, std::ceil((touch_height() - ImGui::GetFontSize()) * 0.5F))));
}

TouchFrame::~TouchFrame() { ImGui::PopStyleVar(); }

bool button(UiRecorder& rec, const char* label, float width) {
  const bool pressed = ImGui::Button(label, ImVec2(width, touch_height()));
  rec.record(label);
  return pressed;
}

bool choice(UiRecorder& rec, const char* label, bool selected, float width) {
  if (selected) {
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
    ImGui::PushStyleColor(ImGuiCol_Button, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, readable_text_on(bg));
  }
  const bool pressed = ImGui::Button(label, ImVec2(width, touch_height()));
  if (selected) ImGui::PopStyleColor(2);
  rec.record(label);
  return pressed;
}

bool checkbox(UiRecorder& rec, const char* label, bool* value) {
  const TouchFrame frame;
  const bool changed = ImGui::Checkbox(label, value);
  rec.record(label);
  return changed;
}

bool input_text(UiRecorder& rec, const char* label, std::string* text, int flags) {
  const TouchFrame frame;
  const bool changed = ImGui::InputText(label, text, flags);
  rec.record(label);
  return changed;
}

bool input_multiline(UiRecorder& rec, const char* label, std::string* text, float lines) {
  const bool changed = ImGui::InputTextMultiline(label, text, ImVec2(-1, ImGui::GetTextLineHeight() * lines + 16));
  rec.record(label);
  return changed;
}

bool input_password(UiRecorder& rec, const char* label, std::string* text, bool enter_submits) {
  const TouchFrame frame;
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_Password;
  if (enter_submits) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
  const bool result = ImGui::InputText(label, text, flags);
  rec.record(label);
  return result;
}

void mark(UiRecorder& rec, std::string_view label) { rec.record(label, false); }

void badge(const char* text, ImVec4 background) {
  const ImVec4 foreground = readable_text_on(background);
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 pad(8, 3);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x + pad.x * 2, pos.y + size.y + pad.y * 2), ImGui::GetColorU32(background), 6);
  dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(foreground), text);
  ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_NavHighlight));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

void text_fit(std::string_view text) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (ImGui::CalcTextSize(begin, end).x <= avail) {
    ImGui::TextUnformatted(begin, end);
    return;
  }
  const float room = avail - ImGui::CalcTextSize("...").x;
  std::size_t lo = 0;
  std::size_t hi = text.size();
  while (lo < hi) {  // the longest prefix that fits
    const std::size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize(begin, begin + mid).x <= room) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0U) == 0x80U) --lo;  // whole UTF-8 characters
  const std::string cut = std::string(text.substr(0, lo)) + "...";
  ImGui::TextUnformatted(cut.c_str());
}

void text_coloured_wrapped(ImVec4 colour, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void banner(const char* id, ImVec4 background, ImVec4 foreground, std::string_view title,
            const std::vector<std::string>& lines) {
  const float wrap = ImGui::GetContentRegionAvail().x - 24;
  float height = ImGui::GetTextLineHeightWithSpacing() + 20;
  for (const auto& l : lines) height += ImGui::CalcTextSize(l.c_str(), nullptr, false, wrap).y + ImGui::GetStyle().ItemSpacing.y;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, background);
  ImGui::PushStyleColor(ImGuiCol_Text, foreground);
  ImGui::BeginChild(id, ImVec2(-1, height), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::SetCursorPos(ImVec2(12, 8));
  ImGui::TextUnformatted(title.data(), title.data() + title.size());
  for (const auto& l : lines) {
    ImGui::SetCursorPosX(12);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(l.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
}

}  // namespace ui

}  // namespace doorstep::field
