// parse_json_fast (domain/json_fast.hpp) against parse_json_limited, the one
// that decides: on every text the fast reader either gives up or builds
// exactly the tree parse_json_limited builds (types included), and it never
// accepts a text parse_json_limited refuses. Golden pull page, hand-picked
// edge cases, each limit at and one past, and random mutants.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <variant>

#include "domain/json_fast.hpp"
#include "domain/json_limits.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

// Equal values of equal types all the way down (json's == says 0u == 0).
bool same_tree(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), k = b.begin(); i != a.end(); ++i, ++k)
      if (i.key() != k.key() || !same_tree(i.value(), k.value())) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_tree(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

struct Outcome {
  bool fast = false;     // the fast reader built a tree
  bool limited = false;  // parse_json_limited accepted the text
};

// Checks the contract on one text and says what each side did.
Outcome check_agrees(const std::string& text, const JsonLimits& limits) {
  INFO("text: " << json(text).dump(-1, ' ', true, json::error_handler_t::replace).substr(0, 300));
  std::optional<json> tree;
  try {
    tree = parse_json_limited(text, limits, "test");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::bad_input);
  }
  const std::optional<json> fast = parse_json_fast(text, limits);
  if (fast) {
    REQUIRE(tree.has_value());  // never accepts what the decider refuses
    CHECK(same_tree(*fast, *tree));
  }
  return {fast.has_value(), tree.has_value()};
}

std::string golden_pull_page() {
  std::ifstream in(std::filesystem::path(DOORSTEP_SOURCE_DIR) / "tests" / "sync" / "golden" / "pull_response.json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A pull page of `n` records as the office writes it, with text that needs
// escapes and non-ASCII characters.
std::string sample_page(std::size_t n) {
  sync::PullPageText page;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string payload = json{{"kind", "entry"},
                                     {"category", "contact"},
                                     {"severity", nullptr},
                                     {"text", "Seen at home \"ok\"\n\tZo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80 #" +
                                                  std::to_string(i)},
                                     {"n", -static_cast<std::int64_t>(i)},
                                     {"list", {1, "two", false, json::object()}}}
                                    .dump();
    page.records.push_back({"note", "0190-" + std::to_string(i), "D100001", 123456789 + i, "ana", "dev",
                            1772446500000 + static_cast<std::int64_t>(i), payload});
  }
  page.cursor = "12.1.41";
  page.more = false;
  page.caseload = {"D100001"};
  return sync::encode_pull_response(page);
}

}  // namespace

TEST_CASE("fast json: the golden pull page and generated pages take the fast road to the same tree",
          "[json][fastjson][golden]") {
  for (const std::string& text : {golden_pull_page(), sample_page(1), sample_page(300)}) {
    const Outcome o = check_agrees(text, sync::kPullResponseJsonLimits);
    CHECK(o.fast);
  }
  // And decode_pull_response reads the page it builds.
  const auto page = sync::decode_pull_response(sample_page(300));
  REQUIRE(page.records.size() == 300);
  CHECK(page.records[299].payload.at("n").get<std::int64_t>() == -299);
  CHECK(page.records[299].payload.at("n").is_number_integer());
}

TEST_CASE("fast json: hand-picked edge cases agree with parse_json_limited", "[json][fastjson]") {
  const std::vector<std::string> texts = {
      "0", "-0", "1", "-1", "[0,-0]", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
      "-9223372036854775809", "9223372036854775807", "9223372036854775808", "4294967295", "4294967296", "-2147483648",
      "-2147483649", "1.0", "1e2", "1E400", "-1e-400", "0.1", "[1.5]", "01", "-", "1.", ".5", "+1", "1e", "0x1",
      "NaN", "Infinity", "-Infinity", "\"\\u0000\"", "\"\\udc00\"", "\"\\ud800\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"",
      "\"\\ud83d\\ude00\"", "\"\\uDBFF\\uDFFF\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
      "\"\xe2\x82\"", "\"\xff\"", "\"\x80\"", "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"", "\xef\xbb\xbf{}",
      "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"a\":1,\"a\":1}}", "{\"\\u0061\":1,\"a\":2}", "[1,]", "{,}", "{\"a\":1,}",
      "// c\n1", "/* c */1", " [ ] ", "\t\n\r 1 \t\n\r", "\f1", "\v1", "1 2", "[]x", "[] ]", "", " ", "nul", "tru",
      "true", "false", "null", "[true,false,null]", "[1", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}", "\"\\x\"",
      "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"a\x01\"", "\"a\x1f\"", "\"a\x7f\"", "\"\t\"", "\"abc", "[\"a\",\"b\"",
      std::string("[1]\0", 4), std::string("\"a\0b\"", 5), std::string("[1,\0 2]", 7), "{\"\":\"\"}",
      "[[[[[[[[[[]]]]]]]]]]", "[[[]]", "[]]", "{\"records\":[{\"payload\":{\"x\":[{}]}}]}", "\"\\u00e9\"",
      "\"\\u00E9\"", "\"\\u12\"", "\"\\uZZZZ\"", "1.7976931348623157e308", "-1.7976931348623157e309", "[-0.0]",
      "1e-7", "5e0", "[1,2,3]garbage"};
  int fast = 0;
  int refused = 0;
  for (const auto& t : texts) {
    const Outcome o = check_agrees(t, sync::kPullResponseJsonLimits);
    fast += o.fast;
    refused += !o.limited;
  }
  CHECK(fast >= 30);
  CHECK(refused >= 30);
}

TEST_CASE("fast json: each limit is kept at the limit and given up one past", "[json][fastjson][limits]") {
  const JsonLimits limits{.max_bytes = 200, .max_depth = 4, .max_string_bytes = 8, .max_elements = 3, .max_values = 9};
  struct Case {
    std::string at;
    std::string past;
  };
  const std::vector<Case> cases = {
      {"[[[[]]]]", "[[[[[]]]]]"},                                        // depth
      {"{\"a\":{\"b\":{\"c\":{}}}}", "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}"},  // depth, objects
      {"\"12345678\"", "\"123456789\""},                                  // a string
      {"\"\\u00e9\\u00e9\\u00e9\\u00e9\"", "\"\\u00e9\\u00e9\\u00e9\\u00e9x\""},  // a string's unescaped bytes
      {"{\"12345678\":1}", "{\"123456789\":1}"},                          // a key
      {"[1,2,3]", "[1,2,3,4]"},                                           // an array's elements
      {"{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"},   // an object's members
      {"[[1,2,3],[4,5]]", "[[1,2,3],[4,5,6],7]"},                         // every value counted
  };
  for (const auto& c : cases) {
    INFO(c.at);
    const Outcome at = check_agrees(c.at, limits);
    CHECK(at.limited);
    CHECK(at.fast);
    const Outcome past = check_agrees(c.past, limits);
    CHECK_FALSE(past.limited);
    CHECK_FALSE(past.fast);
  }
  // The whole text: 200 bytes accepted, 201 refused.
  const std::string at = "[1" + std::string(197, ' ') + "]";
  REQUIRE(at.size() == 200);
  CHECK(check_agrees(at, limits).fast);
  CHECK_FALSE(check_agrees(at + " ", limits).fast);
}

TEST_CASE("fast json: 120000-deep input is given up at once without a crash", "[json][fastjson][limits]") {
  const std::string deep = std::string(120000, '[') + std::string(120000, ']');
  CHECK_FALSE(parse_json_fast(deep, sync::kPullResponseJsonLimits).has_value());
  std::string objects;
  for (int i = 0; i < 120000; ++i) objects += "{\"a\":";
  CHECK_FALSE(parse_json_fast(objects, sync::kPullResponseJsonLimits).has_value());  // unclosed as well
}

TEST_CASE("fast json: random mutants of pull pages agree with parse_json_limited", "[json][fastjson][fuzz]") {
  std::mt19937_64 rng(20261130);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> seeds = {golden_pull_page(), sample_page(3), json::parse(golden_pull_page()).dump()};
  const std::string interesting = std::string("\"\\-0123456789eE.+,:{}[] \t\nuDdxtfn") + '\0' + "\x01\x7f\x80\xbf\xc0\xc3\xed\xef\xf0\xf4\xff";
  // Small limits too, so that mutants reach them.
  const JsonLimits small{.max_bytes = 1200, .max_depth = 6, .max_string_bytes = 40, .max_elements = 9, .max_values = 60};
  int fast = 0;
  int refused = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string t = seeds[pick(seeds.size())];
    for (std::size_t edits = 1 + pick(3); edits > 0; --edits) {
      const std::size_t at = pick(t.size() + 1);
      switch (pick(5)) {
        case 0: if (at < t.size()) t[at] = interesting[pick(interesting.size())]; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), interesting[pick(interesting.size())]); break;
        case 2: if (at < t.size()) t.erase(at, 1 + pick(3)); break;
        case 3: if (at < t.size()) t.insert(at, t.substr(at, 1 + pick(12))); break;  // a repeated slice: duplicate keys, bigger counts
        default: if (at < t.size()) t[at] = static_cast<char>(rng()); break;
      }
    }
    const Outcome o = check_agrees(t, i % 3 == 0 ? small : sync::kPullResponseJsonLimits);
    fast += o.fast;
    refused += !o.limited;
  }
  // Both answers are exercised.
  CHECK(fast > 500);
  CHECK(refused > 500);
}

namespace {

// decode_pull_response's answer for a page holding `record`: the record, or
// the error's message.
std::variant<RemoteRecord, std::string> decoded(const json& record) {
  const json page = {{"protocol", 2}, {"records", json::array({record})}, {"cursor", "c"}, {"more", true}};
  try {
    return sync::decode_pull_response(page.dump()).records.at(0);
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

// JsonReader's answer (sync::record_from_json) for the same record as the
// page's parse gives it back.
std::variant<RemoteRecord, std::string> by_reader(const json& record) {
  const json parsed = parse_json_limited(json::array({record}).dump(), sync::kPullResponseJsonLimits, "test").at(0);
  try {
    return sync::record_from_json(parsed, "pull response.records[0]");
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

}  // namespace

TEST_CASE("pull decode: a record read without JsonReader agrees with JsonReader", "[sync][fastjson][fuzz]") {
  const json good = {{"entity", "note"}, {"id", "0190-1"}, {"crn", "D100001"},          {"hlc", 123456789},
                     {"officer", "ana"}, {"device", "dev"},  {"at", 1772446500000}, {"payload", {{"text", "seen"}}}};
  const std::vector<json> values = {nullptr, true, 0, -1, json(std::int64_t{0}), json(std::uint64_t{0}), 1.5,
                                    json(std::numeric_limits<std::uint64_t>::max()),
                                    json(std::numeric_limits<std::int64_t>::max()),
                                    json(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1),
                                    "", "x", std::string(16, 'e'), std::string(17, 'e'), std::string(64, 'i'),
                                    std::string(65, 'i'), json::object(), json::array(), json{{"a", 1}}};
  int plain = 0;
  int refused = 0;
  const auto check = [&](const json& record) {
    INFO(record.dump());
    const auto a = decoded(record);
    const auto b = by_reader(record);
    REQUIRE(a.index() == b.index());
    if (a.index() == 0) {
      CHECK(std::get<0>(a) == std::get<0>(b));
      ++plain;
    } else {
      CHECK(std::get<1>(a) == std::get<1>(b));
      ++refused;
    }
  };
  check(good);
  for (auto it = good.begin(); it != good.end(); ++it) {
    json without = good;
    without.erase(it.key());
    check(without);
    for (const auto& v : values) {
      json changed = good;
      changed[it.key()] = v;
      check(changed);
    }
  }
  json extra = good;
  extra["extra"] = 1;
  check(extra);
  // Random mixes of the above.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    json r = good;
    for (int k = static_cast<int>(rng() % 3); k >= 0; --k) {
      auto key = std::next(good.begin(), static_cast<std::ptrdiff_t>(rng() % good.size())).key();
      if (rng() % 8 == 0) r.erase(key);
      else r[key] = values[rng() % values.size()];
    }
    check(r);
  }
  CHECK(plain > 100);
  CHECK(refused > 1000);
}
