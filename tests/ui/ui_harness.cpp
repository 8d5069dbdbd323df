#include "ui_harness.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "casework/casework.hpp"
#include "device/store_folder.hpp"
#include "model/demo_caseload.hpp"
#include "rules/assets_dir.hpp"
#include "util/uuid.hpp"
#include "window/ui_font.hpp"

namespace doorstep::field::test {

std::filesystem::path fresh_dir(const std::string& name) {
  static_assert(sizeof(DOORSTEP_BINARY_DIR) > 1);
  const auto dir = std::filesystem::path(DOORSTEP_BINARY_DIR) / "ui-test-stores" /
                   (name + "-" + make_uuid_v7(SystemClock().now_utc_ms()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

namespace {

// Monday 2 March 2026, 10:00 UTC.
constexpr UtcMillis kStart = 1772445600000;

void build_fonts(float px) {
  ImGuiIO& io = ImGui::GetIO();
  platform::load_ui_font(*io.Fonts, px);
  unsigned char* pixels = nullptr;
  int w = 0;
  int h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
}

}  // namespace

UiHarness::UiHarness(HarnessOptions options) : m_dir(fresh_dir("ui")), m_clock(kStart) {
  m_context = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(options.width, options.height);
  io.DeltaTime = 1.0F / 60.0F;
  // No platform backend: give every navigation key a slot (keyboard navigation needs them mapped).
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  if (options.create_store) {
    const StoreFolder folder(m_dir);
    Store store = folder.create(kPassphrase, KdfParams::fast_for_tests(), std::nullopt,
                                StoreIdentity{"officer.test", make_uuid_v7(m_clock.now_utc_ms())}, m_clock);
    store.set_meta("device.role", options.manager ? "manager" : "officer");
    Casework casework(store, rules, m_clock);
    import_demo_caseload(store, casework, utc_date(m_clock.now_utc_ms()));
  }
  AppConfig config;
  config.store_dir = m_dir;
  config.kdf = KdfParams::fast_for_tests();
  config.make_sync_job = std::move(options.make_sync_job);
  config.wake_main_thread = std::move(options.wake);
  config.auto_sync = options.auto_sync;
  if (options.configure) options.configure(config);
  m_app = std::make_unique<App>(std::move(config), m_clock, rules,
                                ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json"));
  frame();
}

UiHarness::~UiHarness() {
  m_app.reset();
  ImGui::DestroyContext(m_context);
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

void UiHarness::frame() {
  if (const auto px = m_app->take_font_request()) build_fonts(*px);
  ImGui::GetIO().DeltaTime = 1.0F / 60.0F;
  m_app->touch().apply(ImGui::GetIO());
  ImGui::NewFrame();
  m_app->frame(m_clock.now_utc_ms());
  ImGui::Render();
  m_clock.advance(16);
}

void UiHarness::click(const std::string& label) {
  const auto rect = m_app->recorder().find(label);
  INFO("clicking '" << label << "'");
  REQUIRE(rect.has_value());
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = rect->centre();
  frame();
  io.MouseDown[0] = true;
  frame();
  io.MouseDown[0] = false;
  frame();
  frame();  // screens that do slow work show it first and act on the next frame
  frame();  // and the screen it led to records its items
}

void UiHarness::finger(FingerEvent::Kind kind, ImVec2 pos) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  m_app->touch().handle({kind, 7, pos.x / size.x, pos.y / size.y}, size);
  m_app->on_input(m_clock.now_utc_ms());
}

void UiHarness::type_into(const std::string& label, const std::string& text) {
  click(label);
  ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
  frames(2);
}

std::vector<std::string> UiHarness::labels_with(const std::string& prefix) const {
  std::vector<std::string> out;
  for (const auto& [label, rect] : m_app->recorder().items()) {
    if (label.rfind(prefix, 0) == 0) out.push_back(label);
  }
  return out;
}

bool UiHarness::pump_until(const std::function<bool()>& done, int timeout_ms, int pause_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    frame();
  }
  return true;
}

void UiHarness::unlock() {
  REQUIRE(m_app->screen() == ScreenId::unlock);
  type_into("##passphrase", kPassphrase);
  click("Unlock");
  REQUIRE_FALSE(m_app->locked());
}

}  // namespace doorstep::field::test
