#include "util/log_text.hpp"

#include "util/printable.hpp"

namespace doorstep {

std::string escape_for_log(std::string_view text, std::size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  std::string out = printable_ascii(cut ? text.substr(0, max_bytes) : text);
  if (cut) out += "...";
  return out;
}

}  // namespace doorstep
