#pragma once
// Drives the field App headlessly: an ImGui context with no window and no
// renderer (fonts built into the atlas, io.DisplaySize set), a ManualClock,
// and input injected frame by frame (Dear ImGui 1.86: io.MousePos,
// io.MouseDown, io.AddInputCharactersUTF8). Widgets are found by the label
// the App recorded for them in the last frame (widgets.hpp).
#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app.hpp"
#include "util/clock.hpp"

namespace doorstep::field::test {

inline constexpr const char* kPassphrase = "correct horse battery staple";

struct HarnessOptions {
  bool create_store = true;  // with the demo caseload
  bool manager = true;
  float width = 1280;
  float height = 6000;  // tall: every item is on screen, none clipped
  std::function<std::unique_ptr<SyncJob>(Session&)> make_sync_job;
  std::function<void()> wake;
  // Off unless a test is about it: tests that press "Sync now" decide when.
  bool auto_sync = false;
  // Last word on the App's configuration (e.g. connect_to_office).
  std::function<void(AppConfig&)> configure;
};

class UiHarness {
 public:
  explicit UiHarness(HarnessOptions options = {});
  ~UiHarness();
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;

  App& app() { return *m_app; }
  ManualClock& clock() { return m_clock; }
  const std::filesystem::path& dir() const { return m_dir; }

  // One frame: NewFrame, App::frame, Render; the clock moves 16 ms.
  void frame();
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  // Moves to the item recorded under `label`, presses and releases the left
  // button over it, then lets the app settle. Fails the test if absent.
  void click(const std::string& label);
  // A finger event at `pos` (pixels), as main.cpp hands SDL's over.
  void finger(FingerEvent::Kind kind, ImVec2 pos);
  // Clicks the field, types `text`.
  void type_into(const std::string& label, const std::string& text);
  [[nodiscard]] bool has(const std::string& label) const { return m_app->recorder().has(label); }
  // Labels recorded in the last frame that start with `prefix`.
  [[nodiscard]] std::vector<std::string> labels_with(const std::string& prefix) const;
  void unlock();
  // Draws frames (sleeping `pause_ms` between them) until `done` or until
  // `timeout_ms` of wall time passed; returns `done()`.
  bool pump_until(const std::function<bool()>& done, int timeout_ms, int pause_ms = 5);

 private:
  std::filesystem::path m_dir;
  ManualClock m_clock;
  ImGuiContext* m_context = nullptr;
  std::unique_ptr<App> m_app;
};

// Makes a new empty folder under the build directory.
std::filesystem::path fresh_dir(const std::string& name);

}  // namespace doorstep::field::test
