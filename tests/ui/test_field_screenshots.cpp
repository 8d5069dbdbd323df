// Under a display (Xvfb in CI): opens the real window (SDL2 + GL + ImGui's
// backends), renders each main screen of the field app on the demo
// caseload, reads the back buffer (glReadPixels) and writes it as PNG to
// <build>/screenshots/, then checks each is a real render: many distinct
// colours and no single colour covering nearly everything. It also checks
// the GL API the driver gave matches the build (GLES 3 with DOORSTEP_GLES3,
// desktop GL otherwise) and writes it to gl-context.txt.
// When configured with -DDOORSTEP_REFERENCE_SCREENSHOTS=DIR (./run.sh test
// gives the GLES 3 tree the desktop GL tree's screenshots folder), every frame
// must also match the reference frame of the same name (frame_compare.hpp).
// Without $DISPLAY the test says so and passes without rendering, unless a
// reference comparison was asked for: then it fails.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "casework/casework.hpp"
#include "device/store_folder.hpp"
#include "frame_compare.hpp"
#include "model/demo_caseload.hpp"
#include "model/visit_draft.hpp"
#include "rules/assets_dir.hpp"
#include "ui_harness.hpp"
#include "util/uuid.hpp"
#include "window/sdl_gl_window.hpp"
#include "window/ui_font.hpp"

using namespace doorstep;
using namespace doorstep::field;

namespace {

// Frames from the other GL API may differ by this much and no more: font
// rasterisation and blending are the same code in llvmpipe, so in practice
// they are identical; the slack is for a clock minute that turned between
// the two runs.
constexpr double kMaxMeanDifference = 1.0;
constexpr double kMaxChangedShare = 0.01;

struct Shot {
  std::string name;
  std::size_t distinct = 0;
  double dominant_share = 0;
  std::optional<test::FrameDifference> vs_reference;  // set when a reference folder was given
  bool reference_missing = false;
};

// The folder configured as DOORSTEP_REFERENCE_SCREENSHOTS, or empty.
std::filesystem::path reference_dir() { return DOORSTEP_REFERENCE_SCREENSHOTS; }

// `scroll_down`: a child window whose name contains it is scrolled down by
// `scroll_px` before the frame is taken (a form below the fold).
Shot capture(platform::SdlGlWindow& window, App& app, const SystemClock& clock, const std::string& name,
             const std::filesystem::path& out_dir, const char* scroll_down = nullptr, float scroll_px = 0) {
  for (int i = 0; i < 4; ++i) {  // let layout and fonts settle
    if (scroll_down != nullptr && i == 2) {
      for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::string_view(w->Name).find(scroll_down) != std::string_view::npos) ImGui::SetScrollY(w, std::min(scroll_px, w->ScrollMax.y));
    }
    if (const auto px = app.take_font_request()) {
      platform::load_ui_font(*ImGui::GetIO().Fonts, *px);
      window.rebuild_font_texture();
    }
    window.begin_frame();
    app.frame(clock.now_utc_ms());
    const auto c = app.colours().clear;
    if (i < 3) {
      window.end_frame(c.x, c.y, c.z);
    } else {
      window.render_without_swap(c.x, c.y, c.z);
    }
  }
  const auto img = window.read_pixels();
  window.swap();
  const auto file = out_dir / (name + ".png");
  REQUIRE(stbi_write_png(file.c_str(), img.width, img.height, 4, img.pixels.data(), img.width * 4) != 0);
  std::map<std::uint32_t, std::size_t> counts;
  for (std::size_t i = 0; i + 3 < img.pixels.size(); i += 4) {
    const std::uint32_t rgb = (std::uint32_t{img.pixels[i]} << 16) | (std::uint32_t{img.pixels[i + 1]} << 8) | img.pixels[i + 2];
    ++counts[rgb];
  }
  std::size_t top = 0;
  for (const auto& [rgb, n] : counts) top = std::max(top, n);
  const auto total = static_cast<double>(img.pixels.size() / 4);
  Shot shot{name, counts.size(), static_cast<double>(top) / total, std::nullopt, false};
  if (const auto ref_dir = reference_dir(); !ref_dir.empty()) {
    if (const auto ref = test::read_png_rgba(ref_dir / (name + ".png"))) {
      shot.vs_reference = test::compare_frames(img, *ref);
    } else {
      shot.reference_missing = true;
    }
  }
  return shot;
}

}  // namespace

TEST_CASE("screenshots of each main screen under a real window", "[ui][screenshot]") {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') {
    if (!reference_dir().empty()) FAIL("no DISPLAY, but this build was configured to compare frames with " << reference_dir());
    WARN("no DISPLAY: screenshot test not run (run it under xvfb-run)");
    return;
  }
  const SystemClock clock;
  const auto dir = test::fresh_dir("screenshots");
  const auto out_dir = std::filesystem::path(DOORSTEP_BINARY_DIR) / "screenshots";
  std::filesystem::create_directories(out_dir / "field-app");
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  {
    Store store = StoreFolder(dir).create(test::kPassphrase, KdfParams::fast_for_tests(), std::nullopt,
                                          StoreIdentity{"officer.demo", make_uuid_v7(clock.now_utc_ms())}, clock);
    store.set_meta("device.role", "manager");
    Casework casework(store, rules, clock);
    import_demo_caseload(store, casework, utc_date(clock.now_utc_ms()));
  }

  ImGuiContext* ctx = ImGui::CreateContext();
  std::vector<Shot> shots;
  {
    auto window = platform::SdlGlWindow::open({"Doorstep screenshots", 1100, 800});
    const auto gl = window->context_info();
    std::ofstream(out_dir / "gl-context.txt") << "version: " << gl.version << "\nrenderer: " << gl.renderer
                                              << "\nshading language: " << gl.shading_language << "\n";
    INFO("GL_VERSION " << gl.version << ", GL_RENDERER " << gl.renderer);
    if (platform::built_for_gles3()) {
      REQUIRE(gl.version.rfind("OpenGL ES 3", 0) == 0);
    } else {
      REQUIRE_FALSE(gl.is_gles());
      REQUIRE_FALSE(gl.version.empty());
    }
    AppConfig config;
    config.store_dir = dir;
    config.kdf = KdfParams::fast_for_tests();
    App app(std::move(config), clock, rules,
            ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json"));
    shots.push_back(capture(*window, app, clock, "unlock", out_dir));
    REQUIRE(app.unlock_screen().unlock(app, test::kPassphrase));
    shots.push_back(capture(*window, app, clock, "caseload", out_dir));
    app.open_case("X100001");
    shots.push_back(capture(*window, app, clock, "case", out_dir));
    {
      // A visit part-way through the children section.
      Session& s = *app.session();
      VisitDraft d = start_draft(s.store().get_case("X100001"), app.today(), {});
      d.answers["person_present"] = "yes";
      d.answers["children_present"] = "yes";
      d.section = 1;
      save_draft(s.store(), d);
    }
    app.start_visit("X100001");
    shots.push_back(capture(*window, app, clock, "visit", out_dir));
    app.go(ScreenId::follow_ups);
    shots.push_back(capture(*window, app, clock, "follow_ups", out_dir));
    app.go(ScreenId::manager);
    shots.push_back(capture(*window, app, clock, "oversight", out_dir));
    app.go(ScreenId::sync);
    shots.push_back(capture(*window, app, clock, "sync", out_dir));
    app.go(ScreenId::settings);
    shots.push_back(capture(*window, app, clock, "settings", out_dir));
    UiSettings dark = app.settings();
    dark.theme = Theme::high_contrast;
    app.change_settings(dark);
    app.open_case("X100001");
    shots.push_back(capture(*window, app, clock, "case_high_contrast", out_dir));

    // Issue 10's screens: the named sections and the summary, in light, dark
    // and Welsh (docs/field-app/).
    const auto answered_draft = [&](int section) {
      Session& s = *app.session();
      VisitDraft d = start_draft(s.store().get_case("X100001"), app.today(), {});
      d.answers["person_present"] = "yes";
      for (const auto& sec : app.checklist().sections()) {
        for (const auto& item : sec.items) {
          if (!item.required || !app.checklist().is_visible(item, d.answers) || d.answers.contains(item.fact)) continue;
          if (item.type == FactType::yes_no_unknown) d.answers[item.fact] = "no";
          else if (item.type == FactType::single_choice) d.answers[item.fact] = item.options.front().id;
          else if (item.type == FactType::multiple_choice) d.answers[item.fact] = nlohmann::json::array({item.options.front().id});
        }
      }
      d.answers["children_present"] = "yes";
      d.answers["children_seen"] = "yes";
      Person partner{"Gw\u0175yn \u0141\u00f3d\u017a", Relationship::partner, 34, false};
      partner.date_of_birth = Date::from_ymd(1991, 6, 14);
      partner.residence = Residence::stays_over;
      partner.address_elsewhere = "4 Heol y Bont, Aberteifi";
      d.people_present.push_back(partner);
      d.notes.push_back(NoteDraft{NoteCategory::safeguarding, Severity::concern, "Partner Gw\u0175yn says Kim stays over at weekends."});
      d.section = section;
      save_draft(s.store(), d);
      app.start_visit("X100001");
    };
    const int summary = static_cast<int>(app.checklist().sections().size()) + 1;
    const auto set_look = [&](Theme theme, Language language) {
      UiSettings look = app.settings();
      look.theme = theme;
      look.language = language;
      app.change_settings(look);
    };
    set_look(Theme::light, Language::en);
    answered_draft(0);  // the first section holds the people met at the door
    shots.push_back(capture(*window, app, clock, "field-app/visit_people", out_dir, "visit_body", 270.0F));
    answered_draft(1);
    shots.push_back(capture(*window, app, clock, "field-app/visit_sections", out_dir));
    answered_draft(summary);
    shots.push_back(capture(*window, app, clock, "field-app/visit_summary", out_dir));
    set_look(Theme::dark, Language::en);
    answered_draft(0);
    shots.push_back(capture(*window, app, clock, "field-app/visit_people_dark", out_dir, "visit_body", 270.0F));
    answered_draft(1);
    shots.push_back(capture(*window, app, clock, "field-app/visit_sections_dark", out_dir));
    answered_draft(summary);
    shots.push_back(capture(*window, app, clock, "field-app/visit_summary_dark", out_dir));
    set_look(Theme::light, Language::cy);
    shots.push_back(capture(*window, app, clock, "field-app/visit_summary_cy", out_dir));
    answered_draft(0);
    shots.push_back(capture(*window, app, clock, "field-app/visit_people_cy", out_dir, "visit_body", 270.0F));
    app.go(ScreenId::caseload);
    shots.push_back(capture(*window, app, clock, "field-app/caseload_cy", out_dir));
    app.go(ScreenId::settings);
    shots.push_back(capture(*window, app, clock, "field-app/settings_cy", out_dir));
    set_look(Theme::light, Language::en);
  }
  ImGui::DestroyContext(ctx);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  if (!reference_dir().empty()) {  // the numbers, for the record (./run.sh test prints them)
    std::ofstream out(out_dir / "frame-differences.txt");
    for (const auto& s : shots) {
      out << s.name << ": ";
      if (s.vs_reference) {
        out << "mean " << s.vs_reference->mean_abs << ", changed pixels " << s.vs_reference->changed_pixels << "\n";
      } else {
        out << "no reference\n";
      }
    }
  }
  for (const auto& s : shots) {
    INFO(s.name << ": " << s.distinct << " colours, dominant " << s.dominant_share);
    CHECK(s.distinct >= 16);
    CHECK(s.dominant_share < 0.97);
    if (!reference_dir().empty()) {
      INFO("reference " << (reference_dir() / (s.name + ".png")).string());
      CHECK_FALSE(s.reference_missing);
      if (s.vs_reference) {
        INFO("mean difference " << s.vs_reference->mean_abs << ", changed share " << s.vs_reference->changed_share);
        CHECK(s.vs_reference->same_size);
        CHECK(s.vs_reference->mean_abs <= kMaxMeanDifference);
        CHECK(s.vs_reference->changed_share <= kMaxChangedShare);
      }
    }
  }
}
