#pragma once
// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version, 74 random bits.
// Made on the device, so records created offline never collide and sort by
// creation time.
#include <string>
#include <string_view>

#include "util/date.hpp"

namespace doorstep {

std::string make_uuid_v7(UtcMillis now);
// True for a canonical lower-case 8-4-4-4-12 hex UUID of any version.
bool is_uuid(std::string_view text);

}  // namespace doorstep
