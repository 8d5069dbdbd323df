#pragma once
// Drag-to-scroll with inertia, as a finger expects it: the physics only (no
// ImGui), in pixels and seconds. Dear ImGui 1.86 has no touch scrolling;
// widgets.hpp's ui::TouchScroller feeds this from the pointer and applies
// the result to the window under the finger.
//
// Contract:
// - press() starts a gesture. Until the pointer has moved more than
//   `slop_px` from where it went down, the gesture is a tap (dragging() is
//   false) and nothing scrolls: the widget under it still gets its click.
// - Past the slop, move() returns how far to scroll (content follows the
//   finger: moving up scrolls down, so the delta is the negated motion).
// - release() turns the finger's recent speed into a coast; step() then
//   returns the coast's scroll for each frame, slowing exponentially, until
//   the speed falls under `stop_speed` (coasting() false: the app may stop
//   redrawing). A finger held still before lifting does not coast.
// - stop() ends any coast at once (the content reached its end).
namespace doorstep::field {

struct DragScrollParams {
  float slop_px = 12.0F;         // a press moving less than this is a tap
  float friction_per_s = 4.0F;   // speed decays as exp(-friction * t)
  float stop_speed = 30.0F;      // px/s under which a coast ends
  float max_speed = 6000.0F;     // px/s; a flick is capped here
  float sample_window_s = 0.08F;  // the speed is the motion over this last stretch
};

class DragScroll {
 public:
  explicit DragScroll(DragScrollParams params = {}) : m_params(params) {}

  void press(float y, double t_s);
  // The scroll delta for the pointer now at `y` (0 while within the slop).
  float move(float y, double t_s);
  void release(double t_s);
  // The coast's scroll delta for the frame ending at `t_s` (0 when not coasting).
  float step(double t_s);
  void stop();

  [[nodiscard]] bool pressed() const { return m_pressed; }
  // The press has moved past the slop: it is a drag, not a tap.
  [[nodiscard]] bool dragging() const { return m_dragging; }
  [[nodiscard]] bool coasting() const { return m_coast_speed != 0.0F; }
  // px/s of scroll (positive: content moves up).
  [[nodiscard]] float coast_speed() const { return m_coast_speed; }
  [[nodiscard]] const DragScrollParams& params() const { return m_params; }

 private:
  DragScrollParams m_params;
  bool m_pressed = false;
  bool m_dragging = false;
  float m_start_y = 0;
  float m_last_y = 0;
  // The start of the speed sample window: where the finger was, and when.
  float m_sample_y = 0;
  double m_sample_t = 0;
  double m_last_t = 0;
  float m_speed = 0;  // scroll px/s over the sample window
  float m_coast_speed = 0;
  double m_coast_t = 0;
};

}  // namespace doorstep::field
