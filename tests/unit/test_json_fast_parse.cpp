// parse_json_limited's fast path (simdjson) against its reference (nlohmann
// alone, parse_json_limited_reference): on every text, the same answer. Both
// accept and build equal values that dump the same, or both refuse with the
// same message. Random JSON of every kind of value, then byte mutations of
// it, under the protocol's limits and under tiny ones.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <random>

#include "domain/json_limits.hpp"
#include "support/json_mutation.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

// The value, or the refusal's message.
struct Outcome {
  std::optional<json> value;
  std::string refusal;
};

template <class Parse>
Outcome outcome_of(Parse&& parse) {
  try {
    return {parse(), {}};
  } catch (const Error& e) {
    return {std::nullopt, e.what()};
  }
}

// Both parsers give the same answer on `text` (REQUIREd: the first
// difference stops the test with the text in the log).
bool same_answer(const std::string& text, const JsonLimits& limits) {
  const Outcome fast = outcome_of([&] { return parse_json_limited(text, limits, "t"); });
  const Outcome ref = outcome_of([&] { return parse_json_limited_reference(text, limits, "t"); });
  INFO("text: " << text);
  REQUIRE(fast.value.has_value() == ref.value.has_value());
  if (!ref.value) {
    REQUIRE(fast.refusal == ref.refusal);
    return false;
  }
  REQUIRE(*fast.value == *ref.value);
  REQUIRE(fast.value->dump() == ref.value->dump());
  return true;
}

// JSON text of random values, written with the forms dump() never uses too:
// whitespace, escapes of every kind (surrogate pairs, lone surrogates),
// floats in several spellings, "-0", integers at and past 64 bits.
std::string random_text(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> strings = {
      R"("")",          R"("note")",         "\"Zo\xc3\xab\"",   R"("\u00e9\u20ac")", R"("\ud83d\ude00")",
      R"("\ud800")",    R"("\udc00x")",      R"("a\"b\\c\/d")",  R"("\b\f\n\r\t")",   R"("\u0000")",
      "\"\xf0\x9f\x98\x80\"", "\"\xed\xa0\x80\"", R"("\u001f")", "\"tab\there\"",      "\"\xc3\x28\""};
  static const std::vector<std::string> numbers = {
      "0",       "-0",     "1",        "-1",        "0.0",       "-0.0",      "1.5",       "-2.25e-3",
      "1e3",     "1E+3",   "1e-400",   "1e400",     "-1e400",    "3.141592653589793", "5e-324", "1.7976931348623157e308",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "18446744073709551615", "18446744073709551616", "99999999999999999999999", "0.1e1", "00", "1.", ".5", "+1"};
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const auto ws = [&] { return pick(4) == 0 ? std::string(" \n\t\r").substr(pick(4), 1 + pick(2)) : std::string(); };
  switch (depth > 3 ? pick(5) : pick(7)) {
    case 0: return pick(3) == 0 ? "null" : pick(2) ? "true" : "false";
    case 1: return numbers[pick(numbers.size())];
    case 2: return std::to_string(static_cast<std::int64_t>(rng()));
    case 3: {
      std::uniform_real_distribution<double> d(-1e6, 1e6);
      char buf[40];
      std::snprintf(buf, sizeof buf, pick(2) ? "%.17g" : "%.3e", d(rng));
      return buf;
    }
    case 4: return strings[pick(strings.size())];
    case 5: {
      std::string a = "[" + ws();
      for (std::size_t i = 0, n = pick(4); i < n; ++i) a += (i ? "," : "") + ws() + random_text(rng, depth + 1) + ws();
      return a + "]";
    }
    default: {
      std::string o = "{" + ws();
      for (std::size_t i = 0, n = pick(5); i < n; ++i) {
        const std::string key = pick(3) == 0 ? strings[pick(strings.size())] : "\"k" + std::to_string(pick(4)) + "\"";
        o += (i ? "," : "") + ws() + key + ws() + ":" + ws() + random_text(rng, depth + 1);
      }
      return o + ws() + "}";
    }
  }
}

const JsonLimits kTiny{.max_bytes = 200, .max_depth = 3, .max_string_bytes = 6, .max_elements = 3, .max_values = 12};

}  // namespace

TEST_CASE("json fast path: the same answer as nlohmann alone on random JSON of every kind", "[json][limits]") {
  std::mt19937_64 rng(20261130);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string text = random_text(rng, 0);
    const bool ok = same_answer(text, sync::kChangeJsonLimits);
    (ok ? accepted : refused)++;
    (void)same_answer(text, kTiny);
  }
  CHECK(accepted > 1500);  // both answers are exercised
  CHECK(refused > 500);
}

TEST_CASE("json fast path: the same answer as nlohmann alone on mutated JSON", "[json][limits]") {
  std::mt19937_64 rng(7);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_text(rng, 0);
    test::mutate_json_bytes(text, rng);
    (same_answer(text, sync::kChangeJsonLimits) ? accepted : refused)++;
    (void)same_answer(text, kTiny);
  }
  CHECK(accepted > 1000);
  CHECK(refused > 1000);
}

TEST_CASE("json fast path: the edges simdjson reads differently get nlohmann's answer", "[json][limits]") {
  // -0 is a signed integer to nlohmann: equal to 0 either way.
  CHECK(parse_json_limited("-0", sync::kChangeJsonLimits, "t") == 0);
  CHECK(parse_json_limited("[-0.0]", sync::kChangeJsonLimits, "t").dump() == "[-0.0]");
  for (const std::string& text : std::vector<std::string>{"-0", "[-0.0]", "18446744073709551616", "1e400", "1e-400", R"("\ud800")", R"("\udc00")", R"({"\udfff":1})",
        R"("\ud83d\ude00")", "[1] 2", "[1,]", "", " ", "\"\xed\xa0\x80\"", std::string("\"a\0b\"", 5),
        R"("\u0000")", std::string(2000, '[') + std::string(2000, ']'), "[" + std::string(70000, ' ') + "1]"}) {
    INFO(text.substr(0, 60));
    (void)same_answer(text, sync::kChangeJsonLimits);
    (void)same_answer(text, sync::kRequestJsonLimits);
    (void)same_answer(text, kTiny);
  }
}
