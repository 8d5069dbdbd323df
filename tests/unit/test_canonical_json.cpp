// is_canonical_json: true only for text that nlohmann parses and dumps back
// to the same bytes (the office sends stored payloads as they are on that
// promise), checked against nlohmann itself.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>

#include "domain/canonical_json.hpp"
#include "support/json_mutation.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

// What the check promises for `text`: if it says canonical, the text is JSON
// and dump() writes it back unchanged.
bool round_trips(const std::string& text) {
  try {
    return json::parse(text).dump() == text;
  } catch (const json::exception&) {
    return false;
  }
}

json random_value(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> words = {"", "a", "note", "Zo\xc3\xab", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                                 "q\"uote", "back\\slash", "line\nbreak", "\x01\x1f\x7f", "tab\t",
                                                 "\b\f\r", "/slash", "\xed\x9f\xbf", "\xef\xbf\xbf"};
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  switch (depth > 3 ? pick(6) : pick(8)) {
    case 0: return nullptr;
    case 1: return pick(2) == 0;
    case 2: return static_cast<std::int64_t>(rng());
    case 3: return static_cast<std::uint64_t>(rng());
    case 4: return static_cast<std::int64_t>(pick(21)) - 10;
    case 5: return words[pick(words.size())];
    case 6: {
      json a = json::array();
      for (std::size_t i = pick(4); i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (std::size_t i = pick(5); i > 0; --i) {
        std::string key = words[pick(words.size())];
        if (key.find_first_of("\"\\\b\f\n\r\t\x01") != std::string::npos) key = "k" + std::to_string(pick(100));
        o[key] = random_value(rng, depth + 1);
      }
      return o;
    }
  }
}

}  // namespace

TEST_CASE("is_canonical_json accepts what dump writes", "[json][canonical]") {
  std::mt19937_64 rng(20261130);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_value(rng, 0).dump();
    INFO(text);
    REQUIRE(is_canonical_json(text));
  }
  for (const char* text : {"{}", "[]", "0", "-1", "true", "false", "null", R"("")", R"({"a":[{},[],{"b":null}]})",
                           "18446744073709551615", "-9223372036854775808", R"("\u0000\u001f\u000b")"}) {
    INFO(text);
    CHECK(is_canonical_json(text));
    CHECK(round_trips(text));
  }
}

TEST_CASE("is_canonical_json refuses invalid JSON and every form dump would write differently", "[json][canonical]") {
  for (const char* text :
       {"", " {}", "{} ", "{ }", R"({"a": 1})", R"({"b":1,"a":2})", R"({"a":1,"a":2})", R"({"a":1,})", "[1,]", "[1 ,2]",
        "01", "-0", "1.0", "1e3", "1E3", "-", "+1", "18446744073709551616", "-9223372036854775809", "99999999999999999999",
        R"("\/")", R"("\u00e9")", R"("\u000A")", R"("\u0008")", R"("\u001F")", R"("\x")", "\"\x01\"", "\"\t\"",
        "\"\xff\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xe2\x82\"", "\"abc", "{\"a\"",
        R"({"a"})", R"({1:2})", "tru", "nul", "[", "]", "{", R"({"\u0061":1})", "[true false]"}) {
    INFO(text);
    CHECK_FALSE(is_canonical_json(text));
  }
  std::string deep(65, '[');
  deep += std::string(65, ']');
  CHECK_FALSE(is_canonical_json(deep));
  CHECK(is_canonical_json(std::string(64, '[') + std::string(64, ']')));
}

TEST_CASE("whatever is_canonical_json accepts, nlohmann parses and dumps back to the same bytes", "[json][canonical]") {
  // Mutate canonical texts byte by byte: every mutant the check still
  // accepts must round-trip exactly (and be JSON).
  std::mt19937_64 rng(7);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_value(rng, 0).dump();
    test::mutate_json_bytes(text, rng);
    if (is_canonical_json(text)) {
      INFO(text);
      REQUIRE(round_trips(text));
      ++accepted;
    } else {
      ++refused;
    }
  }
  CHECK(accepted > 1000);  // the mutants exercise both answers
  CHECK(refused > 1000);
}
