#include "domain/json_fast.hpp"

#include <rapidjson/reader.h>

#include <cstring>
#include <string>
#include <vector>

namespace doorstep {
namespace {

using nlohmann::json;

// Well-formed UTF-8 (Unicode table 3-7): no overlongs, no surrogates, nothing
// past U+10FFFF. RapidJSON writes a lone \uDC00 escape as the surrogate's
// bytes; nlohmann refuses it, and so does this check.
bool valid_utf8(const unsigned char* s, std::size_t n) {
  std::size_t i = 0;
  const auto in = [&](std::size_t k, unsigned char lo, unsigned char hi) {
    return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
  };
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF) len = in(1, 0x80, 0xBF) ? 2 : 0;
    else if (c == 0xE0) len = in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xED) len = in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xF0) len = in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    else if (c >= 0xF1 && c <= 0xF3) len = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    else if (c == 0xF4) len = in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// RapidJSON SAX events into a nlohmann tree, as LimitedDomBuilder
// (json_limits.cpp) builds it, with the same limits counted the same way.
// Every callback returns false (RapidJSON then stops) where that builder
// would refuse, and also where the two could differ: a float, a duplicate
// key (nlohmann keeps the last).
class FastDomBuilder {
 public:
  explicit FastDomBuilder(const JsonLimits& limits) : m_limits(limits) {}

  json& result() { return m_root; }

  bool Null() { return add(json(nullptr)); }
  bool Bool(bool v) { return add(json(v)); }
  // RapidJSON reports an integer written with a minus sign as Int/Int64 and
  // any other as Uint/Uint64, as nlohmann's lexer types them.
  bool Int(int v) { return add(json(static_cast<json::number_integer_t>(v))); }
  bool Int64(std::int64_t v) { return add(json(static_cast<json::number_integer_t>(v))); }
  bool Uint(unsigned v) { return add(json(static_cast<json::number_unsigned_t>(v))); }
  bool Uint64(std::uint64_t v) { return add(json(static_cast<json::number_unsigned_t>(v))); }
  bool Double(double /*unused*/) { return false; }  // floats, and integers beyond 64 bits
  bool RawNumber(const char* /*unused*/, rapidjson::SizeType /*unused*/, bool /*unused*/) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    if (!string_fits(s, n)) return false;
    return add(json(std::string(s, n)));
  }
  bool StartObject() { return open(json::value_t::object); }
  bool Key(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    if (!string_fits(s, n)) return false;
    Frame& top = m_stack.back();
    if (++top.count > m_limits.max_elements) return false;
    auto [it, inserted] = top.node->get_ref<json::object_t&>().try_emplace(std::string(s, n));
    if (!inserted) return false;
    m_member = &it->second;
    return true;
  }
  bool EndObject(rapidjson::SizeType /*unused*/) { return close(); }
  bool StartArray() { return open(json::value_t::array); }
  bool EndArray(rapidjson::SizeType /*unused*/) { return close(); }

 private:
  struct Frame {
    json* node;
    std::size_t count = 0;
  };

  bool string_fits(const char* s, std::size_t n) const {
    return n <= m_limits.max_string_bytes && valid_utf8(reinterpret_cast<const unsigned char*>(s), n);
  }

  json* put(json&& v) {
    if (++m_values > m_limits.max_values) return nullptr;
    if (m_stack.empty()) {
      m_root = std::move(v);
      return &m_root;
    }
    Frame& top = m_stack.back();
    if (top.node->is_array()) {
      if (++top.count > m_limits.max_elements) return nullptr;
      auto& arr = top.node->get_ref<json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();  // stable: nothing is added to `arr` while this child is open
    }
    *m_member = std::move(v);  // counted by Key()
    return m_member;
  }
  bool add(json&& v) { return put(std::move(v)) != nullptr; }

  bool open(json::value_t type) {
    if (m_stack.size() + 1 > m_limits.max_depth) return false;
    json* node = put(json(type));
    if (node == nullptr) return false;
    m_stack.push_back({node});
    return true;
  }

  bool close() {
    m_stack.pop_back();
    return true;
  }

  const JsonLimits& m_limits;
  json m_root;
  std::vector<Frame> m_stack;
  json* m_member = nullptr;
  std::size_t m_values = 0;
};

}  // namespace

std::optional<json> parse_json_fast(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) return std::nullopt;
  // RapidJSON reads up to a NUL: one inside the text would end it early.
  if (std::memchr(text.data(), 0, text.size()) != nullptr) return std::nullopt;
  std::string buffer(text);  // parsed in place: strings are unescaped into it
  rapidjson::InsituStringStream stream(buffer.data());
  FastDomBuilder builder(limits);
  rapidjson::Reader reader;
  // Iterative: no recursion however deep the text nests. Strict otherwise:
  // no comments, trailing commas, NaN, or anything after the value.
  // UTF-8 is checked by FastDomBuilder on every string and key as unescaped
  // (RapidJSON copies other bytes as they are), not by RapidJSON as well.
  constexpr unsigned kFlags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag;
  if (reader.Parse<kFlags>(stream, builder).IsError()) return std::nullopt;
  return std::move(builder.result());
}

}  // namespace doorstep
