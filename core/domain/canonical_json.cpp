// A single pass over the text, recursive with a depth cap, no allocation.
#include "domain/canonical_json.hpp"

#include <cstddef>

namespace doorstep {
namespace {

constexpr int kMaxDepth = 64;

class CanonicalCheck {
 public:
  explicit CanonicalCheck(std::string_view s) : m_s(s) {}

  bool whole() { return value(0) && m_i == m_s.size(); }

 private:
  [[nodiscard]] bool at_end() const { return m_i >= m_s.size(); }
  [[nodiscard]] unsigned char peek() const { return static_cast<unsigned char>(m_s[m_i]); }
  [[nodiscard]] unsigned char byte(std::size_t i) const {
    return i < m_s.size() ? static_cast<unsigned char>(m_s[i]) : 0;
  }

  bool value(int depth) {
    if (at_end()) return false;
    switch (peek()) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string(nullptr);
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return integer();
    }
  }

  bool literal(std::string_view word) {
    if (m_s.substr(m_i, word.size()) != word) return false;
    m_i += word.size();
    return true;
  }

  // -?(0|[1-9][0-9]*) within int64 (negative) or uint64 (otherwise): what
  // nlohmann reads as an integer and writes back digit for digit. "-0",
  // fractions and exponents are not taken on.
  bool integer() {
    const bool negative = peek() == '-';
    if (negative) ++m_i;
    const std::size_t start = m_i;
    while (!at_end() && peek() >= '0' && peek() <= '9') ++m_i;
    const std::string_view digits = m_s.substr(start, m_i - start);
    if (digits.empty() || (digits[0] == '0' && (digits.size() > 1 || negative))) return false;
    if (!at_end() && (peek() == '.' || peek() == 'e' || peek() == 'E')) return false;
    const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    if (digits.size() != limit.size()) return digits.size() < limit.size();
    return digits <= limit;
  }

  // A string as dump() writes it: `"` and `\` escaped, control characters as
  // \b \f \n \r \t or \u00xx (lower-case hex), everything else as it is, in
  // well-formed UTF-8 (Unicode table 3-7). `raw` receives the text between
  // the quotes, or is left alone; it is null where nobody needs it.
  bool string(std::string_view* raw) {
    const std::size_t start = ++m_i;
    while (!at_end()) {
      const unsigned char c = peek();
      if (c == '"') {
        if (raw != nullptr) *raw = m_s.substr(start, m_i - start);
        ++m_i;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape()) return false;
        continue;
      }
      if (c < 0x80) {
        ++m_i;
        continue;
      }
      if (!utf8_sequence()) return false;
    }
    return false;
  }

  bool escape() {
    switch (byte(m_i + 1)) {
      case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
        m_i += 2;
        return true;
      case 'u': {
        // Only \u0000-\u001f without a short form, in lower-case hex.
        const unsigned char hi = byte(m_i + 4), lo = byte(m_i + 5);
        if (byte(m_i + 2) != '0' || byte(m_i + 3) != '0' || (hi != '0' && hi != '1')) return false;
        const bool digit = lo >= '0' && lo <= '9', letter = lo >= 'a' && lo <= 'f';
        if (!digit && !letter) return false;
        const int v = (hi - '0') * 16 + (digit ? lo - '0' : lo - 'a' + 10);
        if (v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t') return false;
        m_i += 6;
        return true;
      }
      default: return false;
    }
  }

  bool utf8_sequence() {
    const unsigned char c = peek();
    const auto in = [&](std::size_t k, unsigned char lo, unsigned char hi) {
      const unsigned char b = byte(m_i + k);
      return b >= lo && b <= hi;
    };
    std::size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF) n = in(1, 0x80, 0xBF) ? 2 : 0;
    else if (c == 0xE0) n = in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xED) n = in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xF0) n = in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    else if (c >= 0xF1 && c <= 0xF3) n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    else if (c == 0xF4) n = in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    m_i += n;
    return n != 0;
  }

  bool object(int depth) {
    if (depth > kMaxDepth) return false;
    ++m_i;
    if (!at_end() && peek() == '}') {
      ++m_i;
      return true;
    }
    std::string_view previous;
    for (bool first = true;; first = false) {
      if (at_end() || peek() != '"') return false;
      std::string_view key;
      if (!string(&key)) return false;
      // dump() writes keys in std::map order (bytewise); escaped keys are
      // compared unescaped there, so they are left to the parser.
      if (key.find('\\') != std::string_view::npos) return false;
      if (!first && !(previous < key)) return false;
      previous = key;
      if (at_end() || peek() != ':') return false;
      ++m_i;
      if (!value(depth)) return false;
      if (at_end()) return false;
      if (peek() == '}') {
        ++m_i;
        return true;
      }
      if (peek() != ',') return false;
      ++m_i;
    }
  }

  bool array(int depth) {
    if (depth > kMaxDepth) return false;
    ++m_i;
    if (!at_end() && peek() == ']') {
      ++m_i;
      return true;
    }
    for (;;) {
      if (!value(depth)) return false;
      if (at_end()) return false;
      if (peek() == ']') {
        ++m_i;
        return true;
      }
      if (peek() != ',') return false;
      ++m_i;
    }
  }

  std::string_view m_s;
  std::size_t m_i = 0;
};

}  // namespace

bool is_canonical_json(std::string_view text) { return CanonicalCheck(text).whole(); }

}  // namespace doorstep
