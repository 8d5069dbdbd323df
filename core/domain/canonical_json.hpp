#pragma once
// Recognising JSON text that is already in the form nlohmann's compact
// dump() writes (no whitespace, keys in ascending byte order, only the
// escapes dump() writes, integers only), so it can be copied as it is
// instead of being parsed and written again.
#include <string_view>

namespace doorstep {

// True if `text` is one JSON value that parses and dumps (nlohmann's
// json::parse(text).dump()) back to exactly `text`; it is then also valid
// JSON and valid UTF-8. False means "not shown to be canonical here": any
// invalid JSON, and also valid JSON this check does not take on (floats,
// object keys with escapes, nesting deeper than 64, whitespace, duplicate or
// unsorted keys). A caller that gets false parses and dumps the text.
[[nodiscard]] bool is_canonical_json(std::string_view text);

}  // namespace doorstep
