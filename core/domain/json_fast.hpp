#pragma once
// A faster road to the same tree as parse_json_limited (json_limits.hpp) for
// large bodies from outside (a pull page of 2,000 records): RapidJSON's
// reader lexes the text, and the nlohmann tree is built from its events
// under the same limits. It never decides that text is wrong: anything it
// is not sure of (a float, a duplicate key, a limit reached, invalid UTF-8,
// text that is not JSON, a NUL byte, a leading byte-order mark) gives
// nullopt, and the caller then runs parse_json_limited, which accepts or
// refuses and names the error. So the accepted values and every error
// message stay parse_json_limited's own.
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

#include "domain/json_limits.hpp"

namespace doorstep {

// Either exactly the value parse_json_limited(text, limits, ...) returns
// (the same types too: an integer written with a minus sign is
// number_integer, any other number_unsigned), or nullopt.
std::optional<nlohmann::json> parse_json_fast(std::string_view text, const JsonLimits& limits);

}  // namespace doorstep
