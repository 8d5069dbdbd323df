// Keyboard and reading: contrast of every theme's text/background pairs,
// 200% text without clipping or sideways scrolling, and a visit completed
// from the keyboard alone (arrows to move, Space to press; the focus is
// visible: ImGui draws the nav highlight in the theme's NavHighlight colour).
#include <catch2/catch.hpp>
#include <imgui_internal.h>

#include "theme.hpp"
#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

TEST_CASE("every theme's text and background pairs have a contrast of at least 4.5:1", "[field][access]") {
  CHECK(contrast_ratio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == Approx(21.0F));
  CHECK(contrast_ratio(ImVec4(0.5F, 0.5F, 0.5F, 1), ImVec4(0.5F, 0.5F, 0.5F, 1)) == Approx(1.0F));
  ImGui::CreateContext();
  for (const Theme theme : {Theme::light, Theme::dark, Theme::high_contrast}) {
    apply_theme(theme, 24);
    const ImGuiStyle& st = ImGui::GetStyle();
    const Palette p = palette(theme);
    // A translucent colour as drawn: over the window background.
    const auto c = [&](ImGuiCol i) {
      const ImVec4 v = st.Colors[i];
      const ImVec4 w = st.Colors[ImGuiCol_WindowBg];
      return ImVec4(v.x * v.w + w.x * (1 - v.w), v.y * v.w + w.y * (1 - v.w), v.z * v.w + w.z * (1 - v.w), 1);
    };
    struct Pair {
      const char* name;
      ImVec4 fg;
      ImVec4 bg;
    };
    const std::vector<Pair> pairs = {
        {"text on window", c(ImGuiCol_Text), c(ImGuiCol_WindowBg)},
        {"text on clear colour", c(ImGuiCol_Text), p.clear},
        {"text on button", c(ImGuiCol_Text), c(ImGuiCol_Button)},
        {"text on hovered button", c(ImGuiCol_Text), c(ImGuiCol_ButtonHovered)},
        {"text on text field", c(ImGuiCol_Text), c(ImGuiCol_FrameBg)},
        {"text on popup", c(ImGuiCol_Text), c(ImGuiCol_PopupBg)},
        {"text on selected row", c(ImGuiCol_Text), c(ImGuiCol_Header)},
        {"disabled text on window", c(ImGuiCol_TextDisabled), c(ImGuiCol_WindowBg)},
        {"heading on window", c(ImGuiCol_NavHighlight), c(ImGuiCol_WindowBg)},
        {"chosen button", readable_text_on(c(ImGuiCol_ButtonActive)), c(ImGuiCol_ButtonActive)},
        {"danger text", p.danger, c(ImGuiCol_WindowBg)},
        {"warning text", p.warning, c(ImGuiCol_WindowBg)},
        {"ok text", p.ok, c(ImGuiCol_WindowBg)},
        {"muted text", p.muted, c(ImGuiCol_WindowBg)},
        {"danger badge", readable_text_on(p.danger), p.danger},
        {"warning badge", readable_text_on(p.warning), p.warning},
        {"ok badge", readable_text_on(p.ok), p.ok},
        {"info badge", readable_text_on(p.info), p.info},
        {"child badge", readable_text_on(p.child), p.child},
        {"muted badge", readable_text_on(p.muted), p.muted},
    };
    for (const auto& pair : pairs) {
      INFO("theme " << static_cast<int>(theme) << ": " << pair.name);
      CHECK(contrast_ratio(pair.fg, pair.bg) >= 4.5F);
    }
    // The keyboard focus is visible: its frame stands out from the window.
    INFO("theme " << static_cast<int>(theme) << ": focus frame");
    CHECK(contrast_ratio(c(ImGuiCol_NavHighlight), c(ImGuiCol_WindowBg)) >= 3.0F);
  }
  ImGui::DestroyContext();
}

namespace {

// No window scrolls sideways and every widget ends inside the screen.
void check_fits(UiHarness& h, const std::string& screen) {
  INFO("screen " << screen);
  h.frames(2);  // ImGui sizes a new page's scrollbar one frame after it first lays it out
  const float right = ImGui::GetIO().DisplaySize.x;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active) continue;
    INFO("window " << w->Name);
    CHECK(w->ScrollMax.x == 0.0F);
  }
  for (const auto& [label, r] : h.app().recorder().items()) {
    INFO(label);
    CHECK(r.max.x <= right + 0.5F);
  }
}

}  // namespace

TEST_CASE("text at 200% fits every screen without clipping or sideways scrolling", "[ui][access]") {
  HarnessOptions o;
  o.width = 1280;
  UiHarness h(o);
  h.unlock();
  h.click("Settings##nav");
  h.click("200%##text_size");
  h.frames(3);
  REQUIRE(ImGui::GetFontSize() == Approx(40.0F));
  check_fits(h, "settings");
  h.click("Today##nav");
  check_fits(h, "caseload");
  h.click("case:X100001");
  check_fits(h, "case");
  h.click("Start visit");
  check_fits(h, "visit");
  for (int i = 0; i < 12; ++i) h.click("Next >");
  REQUIRE(h.has("visit_summary"));
  check_fits(h, "summary");
  h.click("Follow-ups##nav");
  check_fits(h, "follow-ups");
  h.click("Sync##nav");
  check_fits(h, "sync");
  h.click("Oversight##nav");
  check_fits(h, "oversight");
}

namespace {

void press(UiHarness& h, ImGuiKey key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[io.KeyMap[key]] = true;
  h.app().on_input(h.clock().now_utc_ms());
  h.frame();
  io.KeysDown[io.KeyMap[key]] = false;
  h.frame();
}

// The item with the keyboard focus: its label when the app recorded it,
// else "" and the rectangle ImGui's navigation keeps for it.
std::optional<std::pair<std::string, ItemRect>> focused(UiHarness& h) {
  for (const auto& [label, r] : h.app().recorder().items()) {
    if (r.focused) return std::make_pair(label, r);
  }
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.NavId == 0 || g.NavWindow == nullptr) return std::nullopt;
  const ImRect rel = g.NavWindow->NavRectRel[g.NavLayer];
  const ImVec2 pos = g.NavWindow->Pos;
  return std::make_pair(std::string(), ItemRect{ImVec2(rel.Min.x + pos.x, rel.Min.y + pos.y),
                                                ImVec2(rel.Max.x + pos.x, rel.Max.y + pos.y), true, true});
}

// Moves the keyboard focus to `label` with the arrow keys only, then presses
// Space. Fails if the focus cannot get there within `limit` key presses.
void keyboard_press(UiHarness& h, const std::string& label, int limit = 120) {
  INFO("keyboard to '" << label << "'");
  for (int i = 0; i < limit; ++i) {
    const auto target = h.app().recorder().find(label);
    REQUIRE(target.has_value());
    const auto now = focused(h);
    if (now && now->first == label) {
      press(h, ImGuiKey_Space);
      h.frames(2);
      return;
    }
    if (!now) {
      press(h, ImGuiKey_DownArrow);
      continue;
    }
    const ImVec2 a = now->second.centre();
    const ImVec2 b = target->centre();
    const float row = (now->second.max.y - now->second.min.y) * 0.5F;
    if (b.y > a.y + row) press(h, ImGuiKey_DownArrow);
    else if (b.y < a.y - row) press(h, ImGuiKey_UpArrow);
    else if (b.x > a.x) press(h, ImGuiKey_RightArrow);
    else press(h, ImGuiKey_LeftArrow);
  }
  FAIL("the keyboard focus never reached it");
}

}  // namespace

TEST_CASE("a visit completed from the keyboard alone", "[ui][access]") {
  UiHarness h;
  // Unlock: type the passphrase (the field has the focus), Enter.
  h.frames(2);
  ImGui::GetIO().AddInputCharactersUTF8(kPassphrase);
  h.frames(2);
  press(h, ImGuiKey_Enter);
  h.frames(3);
  INFO(h.app().unlock_screen().error());
  REQUIRE_FALSE(h.app().locked());

  keyboard_press(h, "case:X100001");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  keyboard_press(h, "Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  keyboard_press(h, "Yes##person_present.yes");
  const auto& sections = h.app().checklist().sections();
  for (const auto& section : sections) {
    for (const auto& item : section.items) {
      const auto& draft = h.app().visit_screen().draft();
      if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
      if (item.type == FactType::yes_no_unknown) keyboard_press(h, "No##" + item.fact + ".no");
      else if (item.type == FactType::single_choice || item.type == FactType::multiple_choice)
        keyboard_press(h, item.options.front().label + "##" + item.fact + "." + item.options.front().id);
    }
    keyboard_press(h, "Next >");
  }
  keyboard_press(h, "Next >");
  REQUIRE(h.has("visit_summary"));
  keyboard_press(h, "Finish visit", 300);
  REQUIRE(h.has("visit_recorded"));
  CHECK_FALSE(h.app().visit_screen().finished()->actions.empty());
  keyboard_press(h, "Back to the case");
  CHECK(h.app().screen() == ScreenId::case_view);
}
