#pragma once
// Text that goes into a log line. Log lines are key=value, one per event, and
// parts of them come from the network (paths, methods, peer-supplied bytes):
// a newline there would forge a second log line, an ESC would drive the
// terminal of whoever reads the log. escape_for_log makes any bytes safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace doorstep {

// Returns `text` with every byte outside printable ASCII (0x20..0x7e)
// written as an escape: \n \r \t, else \xNN; and '\' itself as "\\". So
// the result is one line of printable ASCII, and distinct inputs stay
// distinct. Longer than `max_bytes` of input: cut there and "..." added.
std::string escape_for_log(std::string_view text, std::size_t max_bytes = 256);

}  // namespace doorstep
