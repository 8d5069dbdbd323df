#include "model/drag_scroll.hpp"

#include <algorithm>
#include <cmath>

namespace doorstep::field {

void DragScroll::press(float y, double t_s) {
  m_pressed = true;
  m_dragging = false;
  m_start_y = m_last_y = m_sample_y = y;
  m_sample_t = m_last_t = t_s;
  m_speed = 0;
  m_coast_speed = 0;  // a finger on moving content stops it
}

float DragScroll::move(float y, double t_s) {
  if (!m_pressed) return 0;
  if (!m_dragging) {
    if (std::fabs(y - m_start_y) <= m_params.slop_px) return 0;
    m_dragging = true;
    // Scroll from the point the slop was left, so the content does not jump.
    m_last_y = m_start_y + (y > m_start_y ? m_params.slop_px : -m_params.slop_px);
  }
  const float delta = m_last_y - y;
  m_last_y = y;
  m_last_t = t_s;
  // Speed over the last sample window: restart the window once it is full.
  const double span = t_s - m_sample_t;
  if (span > 0) m_speed = static_cast<float>((m_sample_y - y) / span);
  if (span >= m_params.sample_window_s) {
    m_sample_y = y;
    m_sample_t = t_s;
  }
  return delta;
}

void DragScroll::release(double t_s) {
  if (!m_pressed) return;
  m_pressed = false;
  const bool held_still = t_s - m_last_t > m_params.sample_window_s;
  if (m_dragging && !held_still && std::fabs(m_speed) >= m_params.stop_speed) {
    m_coast_speed = std::clamp(m_speed, -m_params.max_speed, m_params.max_speed);
    m_coast_t = t_s;
  }
  m_dragging = false;
}

float DragScroll::step(double t_s) {
  if (m_coast_speed == 0.0F) return 0;
  const double dt = std::max(0.0, t_s - m_coast_t);
  m_coast_t = t_s;
  // Exact integral of v0 * exp(-k t) over dt, so the distance does not
  // depend on the frame rate.
  const double k = m_params.friction_per_s;
  const double v0 = m_coast_speed;
  const double v1 = v0 * std::exp(-k * dt);
  const auto delta = static_cast<float>((v0 - v1) / k);
  m_coast_speed = std::fabs(v1) < m_params.stop_speed ? 0.0F : static_cast<float>(v1);
  return delta;
}

void DragScroll::stop() { m_coast_speed = 0; }

}  // namespace doorstep::field
