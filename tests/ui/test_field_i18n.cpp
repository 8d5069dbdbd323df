// Every name spelled right, and Welsh: the font atlas covers Latin
// Extended-A/B, the gettext catalogs (assets/locale/*.po compiled by the
// build) are read and used, a missing Welsh string falls back to English
// and is listed, a broken .po fails msgfmt --check naming the entry, and the
// language switch in Settings works and persists.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "model/mo_catalog.hpp"
#include "model/translator.hpp"
#include "support/run_process.hpp"
#include "ui_harness.hpp"
#include "util/error.hpp"
#include "window/ui_font.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

namespace {

// The msgids of a .po/.pot file (msgid lines and their continuation lines).
std::vector<std::string> po_msgids(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::string> ids;
  std::string line;
  bool in_id = false;
  const auto unquote = [](const std::string& q) {
    std::string out;
    for (std::size_t i = 1; i + 1 < q.size(); ++i) {
      if (q[i] == '\\' && i + 2 < q.size()) {
        const char c = q[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        out += q[i];
      }
    }
    return out;
  };
  while (std::getline(in, line)) {
    if (line.rfind("msgid \"", 0) == 0) {
      ids.push_back(unquote(line.substr(6)));
      in_id = true;
    } else if (in_id && line.rfind("\"", 0) == 0) {
      ids.back() += unquote(line);
    } else {
      in_id = false;
    }
  }
  std::erase(ids, std::string());  // the header
  return ids;
}

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1FU) : n == 3 ? (c & 0x0FU) : (c & 0x07U);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3FU);
    out += cp;
    i += static_cast<std::size_t>(n);
  }
  return out;
}

}  // namespace

TEST_CASE("the UI font draws Welsh, Polish, Romanian and Irish names without a fallback glyph", "[ui][i18n]") {
  UiHarness h;  // builds the atlas as the app does (DejaVu from fonts-dejavu-core)
  h.frame();
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  REQUIRE(font != nullptr);
  const std::string names = "G\u0175yl Dewi, \u0141\u00f3d\u017a, \u015etefan, Siobh\u00e1n, \u0175 \u0177 \u0142 \u015b \u017c \u0163 \u011f \u0131 \u1e81 \u1ef3";
  ImGui::NewFrame();
  ImGui::Begin("glyphs");
  ImGui::TextUnformatted(names.c_str());  // drawn, as a screen would
  ImGui::End();
  ImGui::Render();
  for (const char32_t cp : utf8_to_u32(names)) {
    INFO("U+" << std::hex << static_cast<unsigned>(cp));
    CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
  }
  // Names typed in any script are stored intact (the store keeps UTF-8).
  h.unlock();
  h.click("case:X100001");
  h.click("Start visit");
  h.click("Add person present");
  h.type_into("##person_name.1", "Gw\u0175yn \u0141ukasz \u5f20\u4f1f");
  CHECK(h.app().visit_screen().draft()->people_present.at(0).name == "Gw\u0175yn \u0141ukasz \u5f20\u4f1f");
}

TEST_CASE("the Welsh catalog: every UI string has a Welsh text or is listed as missing, English covers all", "[field][i18n]") {
  const auto pot = std::filesystem::path(DOORSTEP_BINARY_DIR) / "locale" / "doorstep.pot";
  const auto ids = po_msgids(pot);
  REQUIRE(ids.size() > 50);
  const MoCatalog en = MoCatalog::load_file(catalog_file(default_locale_dir(), Language::en));
  const MoCatalog cy = MoCatalog::load_file(catalog_file(default_locale_dir(), Language::cy));
  std::vector<std::string> missing_en;
  std::vector<std::string> missing_cy;
  for (const auto& id : ids) {
    if (en.find(id) == nullptr) missing_en.push_back(id);
    if (cy.find(id) == nullptr) missing_cy.push_back(id);
  }
  std::string list;
  for (const auto& m : missing_cy) list += "\n  " + m;
  // The list translators work from (scripts/update_locale.sh adds new strings to cy.po).
  WARN("Welsh strings missing (shown in English): " << missing_cy.size() << " of " << ids.size() << list);
  INFO("run scripts/update_locale.sh: en.po is behind the sources");
  CHECK(missing_en.empty());
  // Nothing in cy.po that the sources no longer use.
  const std::set<std::string> used(ids.begin(), ids.end());
  for (const auto& [id, text] : cy.entries()) {
    INFO(id);
    CHECK(used.contains(id));
  }
}

TEST_CASE("a missing Welsh string shows in English, and placeholders are filled in either language", "[field][i18n]") {
  Translator t;
  t.set_language(Language::cy, default_locale_dir());
  CHECK(std::string(t.translate("Today")) == "Heddiw");
  const char* absent = "A sentence no catalog has";
  CHECK(t.translate(absent) == absent);
  CHECK(fill(t.translate("Last synced: %s"), {"2026-03-02"}) == "Cysonwyd ddiwethaf: 2026-03-02");
  CHECK(fill("%2$s then %1$s, 100%%", {"a", "b"}) == "b then a, 100%");
  CHECK(fill("%s and %s", {"one"}) == "one and %s");
  // A catalog that is not there: an error naming the file, and the language stays.
  CHECK_THROWS_AS(t.set_language(Language::cy, "/nonexistent"), Error);
  CHECK(t.language() == Language::cy);
}

TEST_CASE("a damaged .mo file is refused, naming what is wrong", "[field][i18n]") {
  std::ifstream in(catalog_file(default_locale_dir(), Language::cy), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string good = ss.str();
  REQUIRE(MoCatalog::parse(good, "cy.mo").size() > 50);
  CHECK_THROWS_WITH(MoCatalog::parse(good.substr(0, 20), "cy.mo"), Catch::Contains("shorter than its header"));
  CHECK_THROWS_WITH(MoCatalog::parse(std::string(64, 'x'), "cy.mo"), Catch::Contains("wrong magic"));
  std::string cut = good.substr(0, good.size() / 2);
  CHECK_THROWS_WITH(MoCatalog::parse(cut, "cy.mo"), Catch::Contains("cy.mo") && Catch::Contains("past the end"));
  std::string huge = good;
  huge[8] = '\xff';
  huge[9] = '\xff';
  huge[10] = '\xff';
  huge[11] = '\x7f';
  CHECK_THROWS_WITH(MoCatalog::parse(huge, "cy.mo"), Catch::Contains("claims"));
}

TEST_CASE("msgfmt --check fails on a .po entry whose placeholders differ, naming the entry", "[field][i18n]") {
  const auto dir = fresh_dir("po");
  const auto po = dir / "cy.po";
  std::ofstream(po) << "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                       "#, c-format\nmsgid \"Last synced: %s\"\nmsgstr \"Cysonwyd ddiwethaf: %s %s\"\n";
  const auto r = doorstep::test::run_process({DOORSTEP_MSGFMT, "--check", "-o", (dir / "cy.mo").string(), po.string()});
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("cy.po:7"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("switching to Welsh and back, and the choice survives a restart", "[ui][i18n]") {
  UiHarness h;
  h.unlock();
  h.click("Settings##nav");
  h.click("Cymraeg##language");
  h.frames(2);
  CHECK(h.app().settings().language == Language::cy);
  CHECK(h.has("Heddiw##nav"));
  CHECK(h.has("Gosodiadau##nav"));
  CHECK(h.has("Cloi##nav"));
  CHECK_FALSE(h.has("Today##nav"));
  CHECK(load_settings(h.dir()).language == Language::cy);
  // A visit in Welsh: the buttons read in Welsh and work.
  h.click("Heddiw##nav");
  h.click("case:X100001");
  h.click("Dechrau ymweliad");
  REQUIRE(h.app().screen() == ScreenId::visit);
  CHECK(h.has("Nesaf >"));
  h.click("Nesaf >");
  CHECK(h.app().visit_screen().draft()->section == 1);
  h.click("Gosodiadau##nav");
  h.click("English##language");
  h.frames(2);
  CHECK(h.has("Today##nav"));
  CHECK(load_settings(h.dir()).language == Language::en);
}
