#pragma once
// Text from records, devices and users made safe to print on a terminal.
// A device label "\e[2J..." must not clear the administrator's screen, and a
// name must not fake extra lines or reorder text. Escaped, as \xNN (bytes)
// or \uNNNN (code points):
//   - C0 controls U+0000..U+001F (so ESC and every escape sequence's
//     introducer), and DEL U+007F;
//   - C1 controls U+0080..U+009F (CSI, OSC... as UTF-8), and bytes that are
//     not valid UTF-8 (a raw 0x9B byte is a CSI on 8-bit terminals);
//   - bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069)
//     and the line/paragraph separators U+2028, U+2029;
//   - the backslash itself, as \\, so an escape cannot be forged.
// Printable UTF-8 (accents, CJK, emoji) is kept as it is.
#include <string>
#include <string_view>

namespace doorstep {

// One line: newline, CR and tab are escaped too (as \n, \r, \t).
std::string printable(std::string_view text);

// A block of lines (a report, a briefing): like printable() but keeps
// "\n" and "\t" as they are.
std::string printable_text(std::string_view text);

// One line of printable ASCII (for logs): like printable(), and every byte
// past 0x7F is escaped as \xNN too.
std::string printable_ascii(std::string_view text);

}  // namespace doorstep
