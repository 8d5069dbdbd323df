#include "touch_pointer.hpp"

#include <algorithm>

namespace doorstep::field {

void TouchPointer::handle(const FingerEvent& e, ImVec2 display_size) {
  if (m_finger && *m_finger != e.finger) return;  // a second finger
  if (!m_finger && e.kind != FingerEvent::Kind::down) return;
  // Hostile input: positions outside 0..1 (or NaN) are clamped to the window.
  const float x = std::clamp(e.x == e.x ? e.x : 0.0F, 0.0F, 1.0F);
  const float y = std::clamp(e.y == e.y ? e.y : 0.0F, 0.0F, 1.0F);
  m_pos = ImVec2(x * display_size.x, y * display_size.y);
  switch (e.kind) {
    case FingerEvent::Kind::down:
      m_finger = e.finger;
      m_shown_down = false;
      m_lifted = false;
      m_release_pending = false;
      break;
    case FingerEvent::Kind::motion: break;
    case FingerEvent::Kind::up:
      if (m_shown_down) {
        m_finger.reset();
        m_release_pending = true;
      } else {
        m_lifted = true;  // show the press first, the release next frame
      }
      break;
  }
}

void TouchPointer::apply(ImGuiIO& io) {
  if (m_finger) {
    io.MousePos = m_pos;
    io.MouseDown[0] = true;
    m_shown_down = true;
    if (m_lifted) {
      m_finger.reset();
      m_lifted = false;
      m_release_pending = true;
    }
  } else if (m_release_pending) {
    io.MousePos = m_pos;
    io.MouseDown[0] = false;
    m_release_pending = false;
  }
}

}  // namespace doorstep::field
