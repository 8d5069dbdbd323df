// Touch: the drag-to-scroll physics on its own (model/drag_scroll.hpp), the
// finger-to-pointer path (touch_pointer.hpp) and drag-scrolling a long
// visit section through the headless app, with fingers and with the mouse.
#include <catch2/catch.hpp>
#include <imgui_internal.h>

#include "model/drag_scroll.hpp"
#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

TEST_CASE("drag scroll: a press within the slop is a tap and scrolls nothing", "[field][touch]") {
  DragScroll d;
  d.press(500, 0.0);
  CHECK(d.move(505, 0.016) == 0);
  CHECK(d.move(492, 0.032) == 0);
  CHECK_FALSE(d.dragging());
  d.release(0.048);
  CHECK_FALSE(d.coasting());
  CHECK(d.step(0.064) == 0);
}

TEST_CASE("drag scroll: past the slop the content follows the finger without a jump", "[field][touch]") {
  DragScroll d;
  d.press(500, 0.0);
  const float first = d.move(480, 0.016);  // 20 px up, 12 of them slop
  CHECK(d.dragging());
  CHECK(first == Approx(8.0F));
  CHECK(d.move(440, 0.032) == Approx(40.0F));  // finger up: content scrolls down
  CHECK(d.move(460, 0.048) == Approx(-20.0F));
}

TEST_CASE("drag scroll: a flick coasts, slows down and stops", "[field][touch]") {
  DragScroll d;
  d.press(800, 0.0);
  double t = 0;
  float y = 800;
  for (int i = 0; i < 10; ++i) {
    t += 0.016;
    y -= 30;
    d.move(y, t);
  }
  d.release(t + 0.001);
  REQUIRE(d.coasting());
  CHECK(d.coast_speed() == Approx(30.0 / 0.016).epsilon(0.05));
  float total = 0;
  float last = 1e9F;
  int frames = 0;
  while (d.coasting() && frames < 1000) {
    t += 0.016;
    const float step = d.step(t);
    CHECK(step > 0);
    CHECK(step <= last + 0.5F);  // slowing down (the first frame was 1 ms shorter)
    last = step;
    total += step;
    ++frames;
  }
  CHECK_FALSE(d.coasting());
  // v0 / k = 1875 / 4 ≈ 469 px, less what is lost under the stop speed.
  CHECK(total == Approx(1875.0 / 4).epsilon(0.05));
  CHECK(frames < 120);  // about 1.9 s at 60 Hz, then the app may sleep
}

TEST_CASE("drag scroll: a finger held still before lifting does not coast, a new press stops a coast", "[field][touch]") {
  DragScroll d;
  d.press(800, 0.0);
  d.move(700, 0.05);
  d.release(0.5);
  CHECK_FALSE(d.coasting());
  d.press(800, 1.0);
  d.move(700, 1.016);
  d.move(600, 1.032);
  d.release(1.033);
  REQUIRE(d.coasting());
  CHECK(d.coast_speed() <= d.params().max_speed);  // a flick is capped
  d.press(600, 1.05);
  CHECK_FALSE(d.coasting());
}

namespace {

// The visit's first section on a short screen, so it scrolls.
HarnessOptions short_screen() {
  HarnessOptions o;
  o.height = 700;
  return o;
}

float y_of(UiHarness& h, const std::string& label) {
  const auto r = h.app().recorder().find(label);
  INFO(label);
  REQUIRE(r.has_value());
  return r->min.y;
}

enum class Pointer { finger, mouse };

void pointer(UiHarness& h, Pointer p, FingerEvent::Kind kind, ImVec2 pos) {
  if (p == Pointer::finger) {
    h.finger(kind, pos);
    return;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  if (kind == FingerEvent::Kind::down) io.MouseDown[0] = true;
  if (kind == FingerEvent::Kind::up) io.MouseDown[0] = false;
  h.app().on_input(h.clock().now_utc_ms());
}

}  // namespace

TEST_CASE("drag-scrolling a long visit section, where a short drag still clicks", "[ui][touch]") {
  const Pointer p = GENERATE(Pointer::finger, Pointer::mouse);
  INFO((p == Pointer::finger ? "finger" : "mouse"));
  UiHarness h(short_screen());
  h.unlock();
  h.click("case:X100001");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  // The section goes below the screen's bottom edge.
  const std::string below = "No##children_live_at_address.no";
  REQUIRE(h.has(below));

  // A drag starting on a button scrolls the section and does not press it.
  const std::string start_on = "Yes##person_present.yes";
  const ImVec2 at = h.app().recorder().find(start_on)->centre();
  const float y0 = y_of(h, below);
  pointer(h, p, FingerEvent::Kind::down, at);
  h.frame();
  for (int i = 1; i <= 10; ++i) {
    pointer(h, p, FingerEvent::Kind::motion, ImVec2(at.x, at.y - static_cast<float>(i) * 15));
    h.frame();
  }
  pointer(h, p, FingerEvent::Kind::up, ImVec2(at.x, at.y - 150));
  h.frame();
  h.frame();
  const float moved = y0 - y_of(h, below);
  CHECK(moved > 100);  // followed the finger (150 px less the slop, clamped at the end)
  CHECK_FALSE(h.app().visit_screen().draft()->answers.contains("person_present"));

  // Released while moving: it coasts on for a while, then the app may sleep.
  CHECK(h.app().scroller().busy());
  CHECK(h.app().wait_timeout_ms(h.clock().now_utc_ms()) == 16);
  for (int i = 0; i < 300 && h.app().scroller().busy(); ++i) h.frame();
  CHECK_FALSE(h.app().scroller().busy());
  h.frames(4);  // the quick frames after input run out
  CHECK(h.app().wait_timeout_ms(h.clock().now_utc_ms()) > 1000);

  // A short drag (under the slop) on a button is still a click.
  const ImVec2 tap = h.app().recorder().find(below)->centre();
  pointer(h, p, FingerEvent::Kind::down, tap);
  h.frame();
  pointer(h, p, FingerEvent::Kind::motion, ImVec2(tap.x + 3, tap.y - 5));
  h.frame();
  pointer(h, p, FingerEvent::Kind::up, ImVec2(tap.x + 3, tap.y - 5));
  h.frames(3);
  CHECK(h.app().visit_screen().draft()->answers.at("children_live_at_address") == "no");
}

TEST_CASE("a quick tap between two frames still clicks", "[ui][touch]") {
  UiHarness h;
  h.unlock();
  const ImVec2 at = h.app().recorder().find("case:X100001")->centre();
  h.finger(FingerEvent::Kind::down, at);
  h.finger(FingerEvent::Kind::up, at);
  h.frames(4);
  CHECK(h.app().screen() == ScreenId::case_view);
  // A second finger while the first is down is ignored; hostile positions are clamped.
  h.app().touch().handle({FingerEvent::Kind::down, 1, 2.0F, -1.0F}, ImVec2(1280, 6000));
  h.app().touch().handle({FingerEvent::Kind::down, 2, 0.5F, 0.5F}, ImVec2(1280, 6000));
  h.frame();
  CHECK(ImGui::GetIO().MousePos.x == 1280);
  CHECK(ImGui::GetIO().MousePos.y == 0);
  h.app().touch().handle({FingerEvent::Kind::up, 1, 1.0F, 0.0F}, ImVec2(1280, 6000));
  h.frames(2);
  CHECK_FALSE(h.app().touch().active());
}

TEST_CASE("touch targets are at least 48 px and nothing scrolls sideways", "[ui][touch]") {
  UiHarness h;
  h.unlock();
  const auto check_screen = [&](const std::string& name) {
    INFO("screen " << name);
    for (const auto& [label, r] : h.app().recorder().items()) {
      if (!r.interactive) continue;
      INFO(label);
      CHECK(r.max.y - r.min.y >= 48.0F);
    }
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (!w->Active) continue;
      INFO("window " << w->Name);
      CHECK(w->ScrollMax.x == 0.0F);
    }
  };
  check_screen("caseload");
  h.click("case:X100001");
  check_screen("case");
  h.click("Start visit");
  check_screen("visit");
  h.click("Follow-ups##nav");
  check_screen("follow-ups");
  h.click("Settings##nav");
  check_screen("settings");
  CHECK(ImGui::GetStyle().ScrollbarSize >= 40.0F);
}
