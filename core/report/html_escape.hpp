#pragma once
// Escaping for text placed in HTML element content or a quoted attribute.
#include <string>
#include <string_view>

namespace doorstep {

// & < > " ' become entities; every other byte is copied as is (UTF-8 stays
// intact). Safe in element content and in single- or double-quoted attributes.
std::string html_escape(std::string_view text);

}  // namespace doorstep
