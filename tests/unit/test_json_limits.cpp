// parse_json_limited (domain/json_limits.hpp): every limit holds while
// parsing, exactly at the limit is accepted and one past is refused; the
// office's parse_change uses it with the change limits; the merged
// JsonReader's capped reads.
#include <catch2/catch.hpp>

#include <chrono>
#include <limits>

#include "domain/json_limits.hpp"
#include "domain/json_reader.hpp"
#include "office/change_rules.hpp"
#include "support/errors.hpp"
#include "sync/protocol.hpp"

using namespace doorstep;
using doorstep::test::bad_input_message;
using nlohmann::json;

namespace {

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += R"({"a":)";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

// "[0,0,...]" with n elements.
std::string zeros_array(std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += i ? ",0" : "0";
  return s + "]";
}

// {"k0":0,"k1":0,...} with n members.
std::string object_with_members(std::size_t n) {
  std::string s = "{";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  return s + "}";
}

std::string quoted(std::size_t n) { return "\"" + std::string(n, 'x') + "\""; }

const JsonLimits& change() { return sync::kChangeJsonLimits; }

std::string parse_error(std::string_view text, const JsonLimits& limits = change()) {
  return bad_input_message([&] { (void)parse_json_limited(text, limits, "test input"); });
}

// A change for note "x" whose payload carries `extra` (raw JSON) as "deep".
AuditLink note_link_with(const std::string& extra) {
  AuditLink l;
  l.seq = 1;
  l.change = R"({"entity":"note","hlc":1,"id":"x","op":"create","payload":{"crn":"A100001","id":"x","deep":)" +
             extra + "}}";
  l.actor = "ana";
  l.device = "dev";
  return l;
}

// The office clock for parse_change: far enough ahead that no test HLC is skewed.
constexpr UtcMillis kOfficeNow = 4'102'444'800'000;  // 2100-01-01

}  // namespace

TEST_CASE("json limits: depth 32 is accepted inside a change and 33 is refused", "[json][limits]") {
  CHECK(parse_json_limited(nested_arrays(32), change(), "change").is_array());
  CHECK_THAT(parse_error(nested_arrays(33)), Catch::Contains("test input: nests deeper than 32 levels"));
  CHECK(parse_json_limited(nested_objects(32), change(), "change").is_object());
  CHECK_THAT(parse_error(nested_objects(33)), Catch::Contains("deeper than 32"));
  // A scalar is depth 0; a request body may nest 64 deep.
  CHECK(parse_json_limited("7", change(), "change") == 7);
  CHECK(parse_json_limited(nested_arrays(64), sync::kRequestJsonLimits, "body").is_array());
  CHECK_THAT(parse_error(nested_arrays(65), sync::kRequestJsonLimits), Catch::Contains("deeper than 64"));
}

TEST_CASE("json limits: parse_change refuses a change nesting 33 deep and accepts 32", "[json][limits][office]") {
  // The change object is level 1, its payload level 2, "deep" adds the rest.
  const std::string at_limit = bad_input_message([] { (void)office::parse_change(note_link_with(nested_arrays(30)), kOfficeNow); });
  CHECK_FALSE(at_limit.empty());  // refused, but by the note rules, not by the depth limit
  CHECK_THAT(at_limit, !Catch::Contains("deeper"));
  CHECK_THAT(bad_input_message([] { (void)office::parse_change(note_link_with(nested_arrays(31)), kOfficeNow); }),
             Catch::Contains("change: nests deeper than 32 levels"));
}

TEST_CASE("json limits: 120000-deep input is refused at once without a crash", "[json][limits]") {
  const auto start = std::chrono::steady_clock::now();
  for (const auto& text : {nested_arrays(120'000), std::string(120'000, '['), nested_objects(120'000)}) {
    CHECK_THAT(parse_error(text, sync::kRequestJsonLimits), Catch::Contains("deeper than 64"));
    // A change is at most 256 KiB: {"a": 120,000 deep is refused for its size first.
    if (text.size() <= change().max_bytes) CHECK_THAT(parse_error(text), Catch::Contains("deeper than 32"));
  }
  CHECK_THAT(parse_error(nested_objects(40'000)), Catch::Contains("deeper than 32"));
  CHECK_THAT(parse_error(nested_objects(120'000)), Catch::Contains("is 720001 bytes; the limit is 262144"));
  // Through the office's change rules (the push that killed the server).
  const std::string msg = bad_input_message([] { (void)office::parse_change(note_link_with(nested_arrays(120'000)), kOfficeNow); });
  CHECK_THAT(msg, Catch::Contains("change: nests deeper than 32 levels"));
  // Through the request decoder.
  const std::string body = R"({"protocol":2,"kind":"push","links":)" + nested_arrays(120'000) + "}";
  CHECK_THAT(bad_input_message([&] { (void)sync::decode_push_request(body); }),
             Catch::Contains("push request body: nests deeper than 64 levels"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("json limits: string size at the limit is accepted and one past refused", "[json][limits]") {
  const std::size_t max = change().max_string_bytes;
  CHECK(parse_json_limited(quoted(max), change(), "t").get_ref<const std::string&>().size() == max);
  CHECK_THAT(parse_error(quoted(max + 1)),
             Catch::Contains("a string of " + std::to_string(max + 1) + " bytes; the limit is " + std::to_string(max)));
  // Keys count too.
  CHECK_THAT(parse_error("{" + quoted(max + 1) + ":1}"), Catch::Contains("an object key of"));
  // Escapes count as what they decode to: 6 bytes of "\u00e9" are 2 bytes of UTF-8.
  const JsonLimits tiny{.max_bytes = 100, .max_depth = 4, .max_string_bytes = 2, .max_elements = 10, .max_values = 10};
  CHECK(parse_json_limited(R"("\u00e9")", tiny, "t") == "\xc3\xa9");
  CHECK_THAT(parse_error(R"("\u00e9x")", tiny), Catch::Contains("the limit is 2"));
  // A note's text (100,000 bytes) fits a change.
  CHECK(max >= 100'000);
}

TEST_CASE("json limits: array and object element counts at the limit and one past", "[json][limits]") {
  const std::size_t max = change().max_elements;
  CHECK(parse_json_limited(zeros_array(max), change(), "t").size() == max);
  CHECK_THAT(parse_error(zeros_array(max + 1)), Catch::Contains("an array with more than " + std::to_string(max)));
  CHECK(parse_json_limited(object_with_members(max), change(), "t").size() == max);
  CHECK_THAT(parse_error(object_with_members(max + 1)), Catch::Contains("an object with more than"));
  // A push of more links than allowed is refused while parsing.
  CHECK_THAT(parse_error(zeros_array(sync::kMaxPushLinks + 1), sync::kRequestJsonLimits),
             Catch::Contains("the limit is 500"));
}

TEST_CASE("json limits: total values and total bytes at the limit and one past", "[json][limits]") {
  const JsonLimits small{.max_bytes = 1000, .max_depth = 8, .max_string_bytes = 100, .max_elements = 100, .max_values = 10};
  CHECK(parse_json_limited("[1,2,3,4,5,6,7,8,9]", small, "t").size() == 9);  // 10 values with the array
  CHECK_THAT(parse_error("[1,2,3,4,5,6,7,8,9,10]", small), Catch::Contains("more than 10 values"));
  CHECK_THAT(parse_error(R"([[1,2],{"a":[3,4]},5,6,7])", small), Catch::Contains("more than 10 values"));
  CHECK(parse_json_limited(R"([[1,2],{"a":[3,4]},5,6])", small, "t").size() == 4);
  // The change limit with real sizes: five arrays of 10,000 are 50,006 values.
  std::string many = "[";
  for (int i = 0; i < 5; ++i) many += (i ? "," : "") + zeros_array(10'000);
  many += "]";
  CHECK_THAT(parse_error(many), Catch::Contains("more than 50000 values"));

  const std::string padded = "[" + std::string(998, ' ') + "]";  // 1000 bytes
  CHECK(parse_json_limited(padded, small, "t").empty());
  CHECK_THAT(parse_error(padded + " ", small), Catch::Contains("test input: is 1001 bytes; the limit is 1000"));
}

TEST_CASE("json limits: invalid UTF-8 is refused", "[json][limits]") {
  for (const std::string& text : {std::string("\"\xff\""), std::string("\"\xc0\xaf\""), std::string("\"\xe2\x82\""),
                                 std::string("\"\xed\xa0\x80\""), std::string("{\"\xfe\":1}"),
                                 std::string(R"("\ud800")"), std::string(R"("\udc00x")")}) {
    INFO(text);
    CHECK_THAT(parse_error(text), Catch::Contains("test input: is not valid UTF-8"));
  }
  CHECK(parse_json_limited("\"\xe2\x82\xac\"", change(), "t") == "\xe2\x82\xac");  // valid: the euro sign
}

TEST_CASE("json limits: numbers out of range are refused and the extremes accepted", "[json][limits]") {
  for (const char* text : {"1e999", "-1e999", "[1E400]", "18446744073709551616", "-9223372036854775809",
                           "{\"hlc\":99999999999999999999999}"}) {
    INFO(text);
    CHECK_THAT(parse_error(text), Catch::Contains("number out of range"));
  }
  CHECK(parse_json_limited("18446744073709551615", change(), "t").get<std::uint64_t>() == 18446744073709551615u);
  CHECK(parse_json_limited("-9223372036854775808", change(), "t").get<std::int64_t>() ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(parse_json_limited("1.5e308", change(), "t").get<double>() == 1.5e308);
  CHECK(parse_json_limited("1e-400", change(), "t").is_number_float());  // underflow to 0 is not out of range
}

TEST_CASE("json limits: builds exactly what json::parse builds", "[json][limits]") {
  const std::string text = R"({"a":[1,-2,3.5,true,false,null,"s\n\u00e9",{"b":{}},[]],"dup":1,"dup":2,
    "big":18446744073709551615,"e":1e3})";
  CHECK(parse_json_limited(text, change(), "t") == json::parse(text));
  CHECK(parse_json_limited(text, change(), "t")["dup"] == 2);
  for (const char* bad : {"", " ", "[1,]", "{\"a\"}", "[1] 2", "nul", "{'a':1}", "[1,2", "/*c*/1"}) {
    INFO(bad);
    CHECK_THAT(parse_error(bad), Catch::Contains("test input: is not valid JSON"));
  }
}

TEST_CASE("JsonReader: capped reads name the field path", "[json][reader]") {
  const json j = json::parse(R"({"s":"abc","e":"","n":5,"u":-1,"big":18446744073709551615,"f":1.0,"b":true,
    "list":[1,2,3],"opt":null})");
  JsonReader r(j, "msg");
  CHECK(r.required_string("s", 3) == "abc");
  CHECK_THAT(bad_input_message([&] { (void)r.required_string("s", 2); }), Catch::Contains("msg.s: is longer than 2"));
  CHECK_THAT(bad_input_message([&] { (void)r.required_string("e", 9, false); }), Catch::Contains("msg.e: must not be empty"));
  CHECK(r.required_int64("n", 5, 5) == 5);
  CHECK_THAT(bad_input_message([&] { (void)r.required_int64("n", 6, 9); }), Catch::Contains("msg.n: 5 is outside 6..9"));
  CHECK_THAT(bad_input_message([&] { (void)r.required_int64("big", 0, 100); }), Catch::Contains("msg.big:"));
  CHECK_THAT(bad_input_message([&] { (void)r.required_int64("f", 0, 100); }), Catch::Contains("msg.f: expected a whole number"));
  CHECK_THAT(bad_input_message([&] { (void)r.required_uint64("u"); }), Catch::Contains("msg.u: expected a non-negative"));
  CHECK(r.required_uint64("big") == 18446744073709551615u);
  CHECK(r.required_bool("b"));
  CHECK(r.required_array("list", 3).at(2).second == "msg.list[2]");
  CHECK_THAT(bad_input_message([&] { (void)r.required_array("list", 2); }),
             Catch::Contains("msg.list: has 3 items; the limit is 2"));
  CHECK_FALSE(r.optional_string("opt", 10));
  CHECK_THAT(bad_input_message([&] { (void)r.required("missing"); }), Catch::Contains("msg.missing: required field is missing"));
  CHECK_NOTHROW(r.finish());
}
