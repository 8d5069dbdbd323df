#pragma once
// Fingers as the ImGui pointer. main.cpp turns SDL's finger events
// (SDL_FINGERDOWN/MOTION/UP, positions 0..1 of the window) into
// FingerEvents; SDL's own touch-to-mouse emulation is switched off
// (platform/window), so this is the one path from a finger to ImGui, and the
// headless tests drive it the same way. The first finger down is the
// pointer; other fingers are ignored until it lifts.
//
// apply() runs once per frame between the platform backend's new frame and
// ImGui::NewFrame(): while a finger is down it sets io.MousePos and holds
// io.MouseDown[0]; a finger that went down and up between two frames is
// still seen as down for one frame and up on the next (a quick tap clicks).
#include <imgui.h>

#include <cstdint>
#include <optional>

namespace doorstep::field {

struct FingerEvent {
  enum class Kind { down, motion, up };
  Kind kind = Kind::down;
  std::int64_t finger = 0;
  float x = 0;  // 0..1 of the window width
  float y = 0;  // 0..1 of the window height
};

class TouchPointer {
 public:
  void handle(const FingerEvent& e, ImVec2 display_size);
  void apply(ImGuiIO& io);
  // A finger is down, or its release is still to be shown to ImGui.
  [[nodiscard]] bool active() const { return m_finger.has_value() || m_release_pending; }

 private:
  std::optional<std::int64_t> m_finger;
  ImVec2 m_pos{0, 0};
  bool m_shown_down = false;     // ImGui has seen the current finger down
  bool m_lifted = false;         // the finger lifted before ImGui saw it down
  bool m_release_pending = false;
};

}  // namespace doorstep::field
