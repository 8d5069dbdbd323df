#pragma once
// Parsing JSON from outside (a device, the network) with limits that hold
// WHILE parsing: nesting depth, string size, elements per array/object and
// the total number of values are checked as each token arrives, so hostile
// input (e.g. "[[[[..." 120,000 deep) is refused before a deep or huge tree
// exists. Copying, dumping or comparing a nlohmann::json recurses once per
// level, so a tree built here is safe to use anywhere: it is never deeper
// than `max_depth`.
//
// Stored data we wrote ourselves may keep using nlohmann::json::parse.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace doorstep {

// Each field is the largest amount allowed (a zero allows none of it).
struct JsonLimits {
  std::size_t max_bytes = 0;         // the whole text
  std::size_t max_depth = 0;         // arrays/objects open at once: `1` is 0, `[]` is 1, `[[]]` is 2
  std::size_t max_string_bytes = 0;  // one string value or object key, after unescaping
  std::size_t max_elements = 0;      // items of one array, or members of one object
  std::size_t max_values = 0;        // every value in the text, containers included
};

// Parses `text` as one JSON value within `limits`. Throws
// Error(ErrorCode::bad_input, "<what>: ...") naming the limit that was hit,
// or saying the text is not JSON / not valid UTF-8 / has a number that does
// not fit (a float beyond double, an integer beyond int64/uint64: it is not
// silently turned into a double). Accepts exactly what nlohmann::json::parse
// accepts otherwise (duplicate keys: the last wins), and builds the same value.
//
// Read by simdjson (SIMD, several times nlohmann's speed) with the limits
// checked as the tree is built; any text simdjson refuses, that hits a limit,
// or that holds what simdjson reads differently (an integer beyond 64 bits,
// -0, a lone surrogate escape) is parsed again by nlohmann alone, which
// accepts or refuses it and names why. Nothing is accepted that the
// reference below refuses, every message is the reference's, and the value
// is the same (a "-0" integer is unsigned here: equal, and dumped the same).
nlohmann::json parse_json_limited(std::string_view text, const JsonLimits& limits, std::string_view what);

// The same parse by nlohmann's parser alone: what parse_json_limited is
// tested and measured against.
nlohmann::json parse_json_limited_reference(std::string_view text, const JsonLimits& limits, std::string_view what);

}  // namespace doorstep
