#pragma once
// Reads one JSON object field by field, naming the full path of any field
// that is missing, of the wrong type, or not allowed, e.g.
//   "case.household[1].relationship: 'aunt' is not one of partner, ...".
// `finish()` rejects keys nobody read, so a typo is an error, not a silent
// default.
//
// It is the one reader for JSON from outside: the domain codecs, the office's
// change rules and the sync protocol decoders (core/sync/protocol.cpp). Parse
// outside input with parse_json_limited (domain/json_limits.hpp) first: the
// reader assumes a tree of bounded depth (error messages dump values).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/enums.hpp"
#include "domain/model.hpp"
#include "util/date.hpp"

namespace doorstep {

class JsonReader {
 public:
  // Throws unless `value` is an object.
  JsonReader(const nlohmann::json& value, std::string path);

  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] std::string field(std::string_view key) const;  // "path.key"
  [[nodiscard]] bool has(std::string_view key) const;

  std::string required_string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  bool optional_bool(std::string_view key, bool fallback);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<int> optional_int(std::string_view key, int min, int max);
  Date required_date(std::string_view key);
  std::optional<Date> optional_date(std::string_view key);
  const nlohmann::json& required(std::string_view key);
  const nlohmann::json* optional(std::string_view key);
  // Each element of an optional array (empty when absent), with its path.
  std::vector<std::pair<const nlohmann::json*, std::string>> optional_array(std::string_view key);

  // Reads with caps (the sync protocol's shapes). Strings longer than
  // `max_bytes` and, unless `allow_empty`, empty strings are refused.
  std::string required_string(std::string_view key, std::size_t max_bytes, bool allow_empty = true);
  std::optional<std::string> optional_string(std::string_view key, std::size_t max_bytes);
  bool required_bool(std::string_view key);
  // A whole number in min..max (a float such as 1.0 is refused).
  std::int64_t required_int64(std::string_view key, std::int64_t min, std::int64_t max);
  std::uint64_t required_uint64(std::string_view key);
  // Each element of a required array of at most `max_items`, with its path.
  std::vector<std::pair<const nlohmann::json*, std::string>> required_array(std::string_view key,
                                                                            std::size_t max_items);
  // `value` as a string under the same caps; `path` names it in errors.
  static std::string string_value(const nlohmann::json& value, const std::string& path, std::size_t max_bytes,
                                  bool allow_empty);

  template <class E>
  E required_enum(std::string_view key) {
    return parse_enum<E>(required_string(key), field(key));
  }
  template <class E>
  std::optional<E> optional_enum(std::string_view key) {
    auto s = optional_string(key);
    if (!s) return std::nullopt;
    return parse_enum<E>(*s, field(key));
  }
  template <class E>
  std::vector<E> enum_list(std::string_view key) {
    std::vector<E> out;
    for (auto& [v, p] : optional_array(key)) {
      if (!v->is_string()) fail_type(p, *v, "a string");
      out.push_back(parse_enum<E>(v->template get_ref<const std::string&>(), p));
    }
    return out;
  }

  // Throws naming the first key that was never read.
  void finish() const;

  [[noreturn]] static void fail_type(const std::string& path, const nlohmann::json& value, std::string_view expected);

 private:
  const nlohmann::json& m_value;
  std::string m_path;
  std::set<std::string, std::less<>> m_read;
};

Person read_person(JsonReader& r);

}  // namespace doorstep
