// bench_frames [OUT.json]: CPU time per frame of the field app, headless
// (ImGui with no renderer: layout + draw-list building, which is all the CPU
// work a frame does besides the GPU submit), on a store with 200 cases and
// 20,000 notes. For each main screen: 300 frames, median and p99 of the
// thread's CPU time. Goal (issue 5): <= 2 ms. Not a ctest test.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "casework/casework.hpp"
#include "device/store_folder.hpp"
#include "model/demo_caseload.hpp"
#include "model/visit_draft.hpp"
#include "rules/assets_dir.hpp"
#include "util/uuid.hpp"
#include "window/ui_font.hpp"

using namespace doorstep;
using namespace doorstep::field;

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Result {
  std::string screen;
  double median_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

void build_fonts(float px) {
  platform::load_ui_font(*ImGui::GetIO().Fonts, px);
  unsigned char* pixels = nullptr;
  int w = 0;
  int h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
}

Result measure(App& app, ManualClock& clock, const std::string& name, int frames) {
  std::vector<double> ms;
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < frames + 10; ++i) {
    if (const auto px = app.take_font_request()) build_fonts(*px);
    // Move the mouse a little every frame: a frame drawn because of input.
    io.MousePos = ImVec2(400.0F + static_cast<float>(i % 7), 300.0F);
    const double t0 = thread_cpu_ms();
    io.DeltaTime = 1.0F / 60.0F;
    ImGui::NewFrame();
    app.frame(clock.now_utc_ms());
    ImGui::Render();
    const double t1 = thread_cpu_ms();
    clock.advance(16);
    if (i >= 10) ms.push_back(t1 - t0);  // the first frames load the screen's data
  }
  std::sort(ms.begin(), ms.end());
  return {name, ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back()};
}

// Drag-scrolling with inertia: repeated flicks (finger down, 15 frames
// moving 20 px up per frame, lift, coast until it stops) through the
// touch path main.cpp uses. Every frame of the gestures and coasts counts.
// Also checks that the app asks to sleep once a coast has ended.
Result measure_drag(App& app, ManualClock& clock, const std::string& name, int frames, bool& idle_after) {
  std::vector<double> ms;
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 size = io.DisplaySize;
  const auto frame = [&] {
    if (const auto px = app.take_font_request()) build_fonts(*px);
    const double t0 = thread_cpu_ms();
    io.DeltaTime = 1.0F / 60.0F;
    app.touch().apply(io);
    ImGui::NewFrame();
    app.frame(clock.now_utc_ms());
    ImGui::Render();
    ms.push_back(thread_cpu_ms() - t0);
    clock.advance(16);
  };
  for (int i = 0; i < 5; ++i) frame();
  ms.clear();
  idle_after = true;
  bool down_dir = true;
  while (static_cast<int>(ms.size()) < frames) {
    float y = down_dir ? 700 : 200;
    app.touch().handle({FingerEvent::Kind::down, 1, 640 / size.x, y / size.y}, size);
    frame();
    for (int i = 0; i < 15; ++i) {
      y += down_dir ? -20.0F : 20.0F;
      app.touch().handle({FingerEvent::Kind::motion, 1, 640 / size.x, y / size.y}, size);
      frame();
    }
    app.touch().handle({FingerEvent::Kind::up, 1, 640 / size.x, y / size.y}, size);
    for (int i = 0; i < 400 && (app.scroller().busy() || app.touch().active()); ++i) frame();
    for (int i = 0; i < 4; ++i) frame();  // the quick frames after input
    idle_after = idle_after && app.wait_timeout_ms(clock.now_utc_ms()) > 16;
    down_dir = !down_dir;
  }
  std::sort(ms.begin(), ms.end());
  return {name, ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back()};
}

}  // namespace

int main(int argc, char** argv) {
  const int cases = 200;
  const int notes = 20000;
  const int frames = 300;
  const auto dir = std::filesystem::temp_directory_path() / ("doorstep-bench-frames-" + make_uuid_v7(SystemClock().now_utc_ms()));
  ManualClock clock(SystemClock().now_utc_ms());
  const std::string pass = "bench passphrase 1234";
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  std::fprintf(stderr, "seeding %d cases and %d notes...\n", cases, notes);
  {
    std::filesystem::create_directories(dir);
    Store store = StoreFolder(dir).create(pass, KdfParams::fast_for_tests(), std::nullopt,
                                          StoreIdentity{"bench", make_uuid_v7(clock.now_utc_ms())}, clock);
    store.set_meta("device.role", "manager");
    Casework casework(store, rules, clock);
    seed_large_caseload(store, casework, utc_date(clock.now_utc_ms()), cases, notes);
  }
  std::vector<Result> results;
  ImGuiContext* ctx = ImGui::CreateContext();
  {
    ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
    for (int k = 0; k < ImGuiKey_COUNT; ++k) ImGui::GetIO().KeyMap[k] = k;
    AppConfig config;
    config.store_dir = dir;
    config.kdf = KdfParams::fast_for_tests();
    App app(std::move(config), clock, rules,
            ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json"));
    results.push_back(measure(app, clock, "unlock", frames));
    if (!app.unlock_screen().unlock(app, pass)) {
      std::fprintf(stderr, "bench_frames: unlock failed: %s\n", app.unlock_screen().error().c_str());
      return 1;
    }
    results.push_back(measure(app, clock, "caseload (200 cases)", frames));
    bool idle_after_coast = false;
    results.push_back(measure_drag(app, clock, "caseload drag+inertia", frames, idle_after_coast));
    std::fprintf(stderr, "after each coast the app asks to sleep: %s\n", idle_after_coast ? "yes" : "NO");
    app.open_case("L100000");
    results.push_back(measure(app, clock, "case (100 notes)", frames));
    app.start_visit("L100000");
    results.push_back(measure(app, clock, "visit checklist", frames));
    {
      VisitDraft d = *app.visit_screen().draft();
      d.section = static_cast<int>(app.checklist().sections().size()) + 1;
      save_draft(app.session()->store(), d);
      app.start_visit("L100000");
    }
    results.push_back(measure(app, clock, "visit summary", frames));
    app.go(ScreenId::follow_ups);
    results.push_back(measure(app, clock, "follow-ups (all)", frames));
    app.go(ScreenId::manager);
    results.push_back(measure(app, clock, "oversight", frames));
    app.go(ScreenId::sync);
    results.push_back(measure(app, clock, "sync", frames));
  }
  ImGui::DestroyContext(ctx);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  std::printf("%-24s %10s %10s %10s\n", "screen", "median ms", "p99 ms", "max ms");
  nlohmann::json out = {{"benchmark", "field_app_frames"}, {"cases", cases}, {"notes", notes},
                        {"frames_per_screen", frames}, {"goal_ms", 2.0}, {"screens", nlohmann::json::array()}};
  for (const auto& r : results) {
    std::printf("%-24s %10.3f %10.3f %10.3f\n", r.screen.c_str(), r.median_ms, r.p99_ms, r.max_ms);
    out["screens"].push_back({{"screen", r.screen}, {"median_ms", r.median_ms}, {"p99_ms", r.p99_ms}, {"max_ms", r.max_ms}});
  }
  if (argc > 1) {
    std::ofstream f(argv[1]);
    f << out.dump(2) << "\n";
  }
  return 0;
}
