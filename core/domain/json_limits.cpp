#include "domain/json_limits.hpp"

#include <simdjson.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace doorstep {
namespace {

using nlohmann::json;

// An integer literal (no fraction, no exponent) that nlohmann could not hold
// as int64/uint64 reaches number_float: out of range for us.
bool is_integer_literal(const std::string& token) { return token.find_first_of(".eE") == std::string::npos; }

// A nlohmann SAX handler that builds the DOM itself (like nlohmann's internal
// json_sax_dom_parser) with an explicit stack of open containers, and checks
// every limit before a value is added to the tree. Returns false from the
// callback that hits a limit (the parser then stops at once); `reason()`
// says why.
class LimitedDomBuilder {
 public:
  explicit LimitedDomBuilder(const JsonLimits& limits) : m_limits(limits) {}

  // The value parsed (valid only when sax_parse returned true).
  json& result() { return m_root; }
  [[nodiscard]] const std::string& reason() const { return m_reason; }

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(json(v)) != nullptr; }
  bool number_integer(json::number_integer_t v) { return add(json(v)) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)) != nullptr; }
  bool number_float(json::number_float_t v, const json::string_t& token) {
    if (!std::isfinite(v) || is_integer_literal(token))
      return refuse("has a number out of range: " + token.substr(0, 40));
    return add(json(v)) != nullptr;
  }
  bool string(json::string_t& s) {
    if (!string_fits(s, "a string")) return false;
    return add(json(std::move(s))) != nullptr;
  }
  bool binary(json::binary_t& /*unused*/) { return refuse("has binary data"); }  // not produced by JSON text

  bool start_object(std::size_t /*unknown*/) { return open(json::value_t::object); }
  bool key(json::string_t& k) {
    if (!string_fits(k, "an object key")) return false;
    Frame& top = m_stack.back();
    if (!count_element(top)) return false;
    // A duplicate key: the last value wins, as in json::parse.
    m_member = &top.node->get_ref<json::object_t&>()[std::move(k)];
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*unknown*/) { return open(json::value_t::array); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    const std::string msg = ex.what();
    const std::string at = " (at byte " + std::to_string(position) + ")";
    if (ex.id == 406) return refuse("has a number out of range" + at);
    if (msg.find("UTF-8") != std::string::npos || msg.find("surrogate") != std::string::npos)
      return refuse("is not valid UTF-8" + at);
    return refuse("is not valid JSON" + at);
  }

 private:
  struct Frame {
    json* node;              // an array or object being filled
    std::size_t count = 0;   // its elements (members) so far
  };

  bool refuse(std::string reason) {
    if (m_reason.empty()) m_reason = std::move(reason);
    return false;
  }

  bool string_fits(const std::string& s, std::string_view kind) {
    if (s.size() <= m_limits.max_string_bytes) return true;
    return refuse("has " + std::string(kind) + " of " + std::to_string(s.size()) + " bytes; the limit is " +
                  std::to_string(m_limits.max_string_bytes));
  }

  bool count_element(Frame& f) {
    if (++f.count <= m_limits.max_elements) return true;
    return refuse(std::string(f.node->is_array() ? "an array" : "an object") + " with more than " +
                  std::to_string(m_limits.max_elements) + " elements; the limit is " +
                  std::to_string(m_limits.max_elements));
  }

  // Puts `v` where the next value goes (the root, the end of the open array,
  // or the member named by the last key). Returns where it is, or nullptr
  // when a limit refused it.
  json* add(json&& v) {
    if (++m_values > m_limits.max_values) {
      refuse("has more than " + std::to_string(m_limits.max_values) + " values; the limit is " +
             std::to_string(m_limits.max_values));
      return nullptr;
    }
    if (m_stack.empty()) {
      m_root = std::move(v);
      return &m_root;
    }
    Frame& top = m_stack.back();
    if (top.node->is_array()) {
      if (!count_element(top)) return nullptr;
      auto& arr = top.node->get_ref<json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();  // stable: nothing is added to `arr` while this child is open
    }
    *m_member = std::move(v);  // counted by key()
    return m_member;
  }

  bool open(json::value_t type) {
    if (m_stack.size() + 1 > m_limits.max_depth)
      return refuse("nests deeper than " + std::to_string(m_limits.max_depth) + " levels; the limit is " +
                    std::to_string(m_limits.max_depth));
    json* node = add(json(type));
    if (!node) return false;
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
  std::string m_reason;
};

// ---- The fast path: simdjson reads the text, the same builder builds the tree.

// Feeds one parsed element to the builder, as nlohmann's parser would have
// fed its tokens. False when the builder refused a value (a limit), or the
// element is one the fast path leaves to nlohmann: a number whose type or
// sign it cannot tell as nlohmann would, or a string that is not valid
// UTF-8 after unescaping.
bool feed(simdjson::dom::element e, LimitedDomBuilder& b) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      if (!b.start_array(std::size_t(-1))) return false;
      for (simdjson::dom::element child : simdjson::dom::array(e))
        if (!feed(child, b)) return false;
      return b.end_array();
    }
    case element_type::OBJECT: {
      if (!b.start_object(std::size_t(-1))) return false;
      for (simdjson::dom::key_value_pair member : simdjson::dom::object(e)) {
        if (!simdjson::validate_utf8(member.key.data(), member.key.size())) return false;
        json::string_t key(member.key);
        if (!b.key(key) || !feed(member.value, b)) return false;
      }
      return b.end_object();
    }
    case element_type::INT64: {
      // nlohmann reads a literal without '-' as unsigned (a "-0" becomes an
      // unsigned 0 here: equal to nlohmann's signed 0, and dumped the same).
      const std::int64_t v = e.get_int64().value_unsafe();
      return v < 0 ? b.number_integer(v) : b.number_unsigned(static_cast<json::number_unsigned_t>(v));
    }
    case element_type::UINT64:
      return b.number_unsigned(e.get_uint64().value_unsafe());
    case element_type::DOUBLE: {
      // simdjson reads a literal with '.', 'e' or 'E' as a double; integers
      // beyond 64 bits and doubles beyond range are errors, left to nlohmann.
      // -0.0: nlohmann reads "-0" as a signed integer, so leave any to it.
      const double v = e.get_double().value_unsafe();
      if (!std::isfinite(v) || (v == 0 && std::signbit(v))) return false;
      return b.number_float(v, "0.0");
    }
    case element_type::STRING: {
      const std::string_view v = e.get_string().value_unsafe();
      if (!simdjson::validate_utf8(v.data(), v.size())) return false;  // e.g. a lone surrogate escape
      json::string_t s(v);
      return b.string(s);
    }
    case element_type::BOOL:
      return b.boolean(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      return b.null();
  }
  return false;
}

// The largest text whose parser a thread keeps for the next parse; a larger
// one gets a parser of its own, freed after. (simdjson's DOM reserves about
// 14 bytes per byte of text; the pages are touched only as a parse uses them.)
constexpr std::size_t kKeptParserBytes = 1 << 20;

// Parses `text` with simdjson and builds the tree with the same builder and
// limits. nullopt when simdjson refuses the text, a limit is hit, or the
// text holds anything the fast path leaves to nlohmann: the caller then
// parses it again with nlohmann, which accepts or refuses it and names why.
// So this path never accepts what nlohmann refuses, and builds the same tree.
std::optional<json> parse_fast(std::string_view text, const JsonLimits& limits) {
  thread_local std::string padded;  // simdjson reads up to SIMDJSON_PADDING bytes past the end
  padded.assign(text);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  thread_local simdjson::dom::parser kept;
  std::unique_ptr<simdjson::dom::parser> own;
  simdjson::dom::parser* parser = &kept;
  if (text.size() > kKeptParserBytes) parser = (own = std::make_unique<simdjson::dom::parser>()).get();
  simdjson::dom::element root;
  if (parser->parse(padded.data(), text.size(), /*realloc_if_needed=*/false).get(root) != simdjson::SUCCESS)
    return std::nullopt;
  LimitedDomBuilder builder(limits);
  if (!feed(root, builder)) return std::nullopt;
  return std::move(builder.result());
}

void check_size(std::string_view text, const JsonLimits& limits, std::string_view what) {
  if (text.size() > limits.max_bytes)
    throw Error(ErrorCode::bad_input, std::string(what) + ": is " + std::to_string(text.size()) +
                                          " bytes; the limit is " + std::to_string(limits.max_bytes));
}

}  // namespace

json parse_json_limited(std::string_view text, const JsonLimits& limits, std::string_view what) {
  check_size(text, limits, what);
  if (auto fast = parse_fast(text, limits)) return std::move(*fast);
  return parse_json_limited_reference(text, limits, what);
}

json parse_json_limited_reference(std::string_view text, const JsonLimits& limits, std::string_view what) {
  check_size(text, limits, what);
  LimitedDomBuilder builder(limits);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                                  /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    throw Error(ErrorCode::bad_input,
                std::string(what) + ": " + (builder.reason().empty() ? "is not valid JSON" : builder.reason()));
  }
  return std::move(builder.result());
}

}  // namespace doorstep
