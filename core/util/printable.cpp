#include "util/printable.hpp"

#include <cstdint>
#include <cstdio>

namespace doorstep {

namespace {

void append_byte_escape(std::string& out, unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", byte);
  out += buf;
}

void append_code_point_escape(std::string& out, std::uint32_t cp) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
  out += buf;
}

// Length of the valid UTF-8 sequence starting at text[i] and its code point,
// or 0 if the bytes there are not valid UTF-8 (overlong forms, surrogates
// and code points past U+10FFFF are invalid).
std::size_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_unsafe_code_point(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x2028 || cp == 0x2029;      // line and paragraph separators
}

// ascii_only: every byte past 0x7F is escaped too (log lines).
std::string escape(std::string_view text, bool keep_newlines, bool ascii_only) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\\') {
        out += "\\\\";
      } else if ((c == '\n' || c == '\t') && keep_newlines) {
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7F) {
        append_byte_escape(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = ascii_only ? 0 : decode_utf8(text, i, cp);
    if (len == 0) {
      append_byte_escape(out, c);  // not UTF-8 (or ASCII only): each byte on its own
      ++i;
    } else {
      if (is_unsafe_code_point(cp)) {
        append_code_point_escape(out, cp);
      } else {
        out.append(text.substr(i, len));
      }
      i += len;
    }
  }
  return out;
}

}  // namespace

std::string printable(std::string_view text) { return escape(text, false, false); }

std::string printable_text(std::string_view text) { return escape(text, true, false); }

std::string printable_ascii(std::string_view text) { return escape(text, false, true); }

}  // namespace doorstep
