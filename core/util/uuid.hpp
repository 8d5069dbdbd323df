#pragma once
// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version, 74 random bits.
// Made on the device, so records created offline never collide and sort by
// creation time.
#include <string>
#include <string_view>

#include "util/date.hpp"

namespace doorstep {

std::string make_uuid_v7(UtcMillis now);
// UUIDv8 (RFC 9562 custom) from the first 122 bits of BLAKE2b-128(name):
// the same name gives the same id on every device and at the office.
std::string make_uuid_v8_from_name(std::string_view name);
// True for a canonical lower-case 8-4-4-4-12 hex UUID of any version.
bool is_uuid(std::string_view text);

}  // namespace doorstep
