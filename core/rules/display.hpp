#pragma once
// How values read in sentences an officer sees (reasons, briefings).
#include <string>
#include <string_view>

#include "util/date.hpp"

namespace doorstep {

// "2 Mar 2026".
std::string display_date(Date d);
// An id as words: "very_high" -> "very high", "level_2" -> "level 2".
std::string display_id(std::string_view id);
// The first letter upper-cased (ASCII).
std::string capitalised(std::string text);

}  // namespace doorstep
