#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep {

std::string to_hex(std::span<const std::uint8_t> bytes);
// nullopt unless `text` is an even-length string of hex digits.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace doorstep
