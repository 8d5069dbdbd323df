#include "domain/json_reader.hpp"

#include "util/error.hpp"

namespace doorstep {

void throw_bad_enum(std::string_view field, std::string_view value, const std::string& choices) {
  throw Error(ErrorCode::bad_input,
              std::string(field) + ": '" + std::string(value) + "' is not one of " + choices);
}

namespace {

std::string_view json_type_name(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  return "an object";
}

std::string short_dump(const nlohmann::json& v) {
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

void JsonReader::fail_type(const std::string& path, const nlohmann::json& value, std::string_view expected) {
  throw Error(ErrorCode::bad_input, path + ": expected " + std::string(expected) + ", got " +
                                        std::string(json_type_name(value)) + " " + short_dump(value));
}

JsonReader::JsonReader(const nlohmann::json& value, std::string path) : m_value(value), m_path(std::move(path)) {
  if (!m_value.is_object()) fail_type(m_path, m_value, "an object");
}

std::string JsonReader::field(std::string_view key) const { return m_path + "." + std::string(key); }

bool JsonReader::has(std::string_view key) const {
  auto it = m_value.find(key);
  return it != m_value.end() && !it->is_null();
}

const nlohmann::json* JsonReader::optional(std::string_view key) {
  m_read.emplace(key);
  auto it = m_value.find(key);
  if (it == m_value.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json& JsonReader::required(std::string_view key) {
  if (auto* v = optional(key)) return *v;
  throw Error(ErrorCode::bad_input, field(key) + ": required field is missing");
}

std::string JsonReader::required_string(std::string_view key) {
  const auto& v = required(key);
  if (!v.is_string()) fail_type(field(key), v, "a string");
  return v.get<std::string>();
}

std::optional<std::string> JsonReader::optional_string(std::string_view key) {
  const auto* v = optional(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) fail_type(field(key), *v, "a string");
  return v->get<std::string>();
}

std::optional<bool> JsonReader::optional_bool(std::string_view key) {
  const auto* v = optional(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) fail_type(field(key), *v, "true or false");
  return v->get<bool>();
}

bool JsonReader::optional_bool(std::string_view key, bool fallback) {
  return optional_bool(key).value_or(fallback);
}

std::optional<int> JsonReader::optional_int(std::string_view key, int min, int max) {
  const auto* v = optional(key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) fail_type(field(key), *v, "a whole number");
  const auto n = v->get<long long>();
  if (n < min || n > max)
    throw Error(ErrorCode::bad_input, field(key) + ": " + std::to_string(n) + " is outside " +
                                          std::to_string(min) + ".." + std::to_string(max));
  return static_cast<int>(n);
}

Date JsonReader::required_date(std::string_view key) { return Date::parse(required_string(key), field(key)); }

std::optional<Date> JsonReader::optional_date(std::string_view key) {
  auto s = optional_string(key);
  if (!s) return std::nullopt;
  return Date::parse(*s, field(key));
}

std::vector<std::pair<const nlohmann::json*, std::string>> JsonReader::optional_array(std::string_view key) {
  std::vector<std::pair<const nlohmann::json*, std::string>> out;
  const auto* v = optional(key);
  if (!v) return out;
  if (!v->is_array()) fail_type(field(key), *v, "a list");
  for (std::size_t i = 0; i < v->size(); ++i) out.emplace_back(&(*v)[i], field(key) + "[" + std::to_string(i) + "]");
  return out;
}

std::string JsonReader::string_value(const nlohmann::json& value, const std::string& path, std::size_t max_bytes,
                                     bool allow_empty) {
  if (!value.is_string()) fail_type(path, value, "a string");
  const auto& s = value.get_ref<const std::string&>();
  if (s.size() > max_bytes)
    throw Error(ErrorCode::bad_input, path + ": is longer than " + std::to_string(max_bytes) + " bytes");
  if (!allow_empty && s.empty()) throw Error(ErrorCode::bad_input, path + ": must not be empty");
  return s;
}

std::string JsonReader::required_string(std::string_view key, std::size_t max_bytes, bool allow_empty) {
  return string_value(required(key), field(key), max_bytes, allow_empty);
}

std::optional<std::string> JsonReader::optional_string(std::string_view key, std::size_t max_bytes) {
  const auto* v = optional(key);
  if (!v) return std::nullopt;
  return string_value(*v, field(key), max_bytes, true);
}

bool JsonReader::required_bool(std::string_view key) {
  const auto& v = required(key);
  if (!v.is_boolean()) fail_type(field(key), v, "true or false");
  return v.get<bool>();
}

std::int64_t JsonReader::required_int64(std::string_view key, std::int64_t min, std::int64_t max) {
  const auto& v = required(key);
  if (!v.is_number_integer()) fail_type(field(key), v, "a whole number");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    throw Error(ErrorCode::bad_input, field(key) + ": " + std::to_string(v.get<std::uint64_t>()) + " is outside " +
                                          std::to_string(min) + ".." + std::to_string(max));
  const auto n = v.get<std::int64_t>();
  if (n < min || n > max)
    throw Error(ErrorCode::bad_input, field(key) + ": " + std::to_string(n) + " is outside " + std::to_string(min) +
                                          ".." + std::to_string(max));
  return n;
}

std::uint64_t JsonReader::required_uint64(std::string_view key) {
  const auto& v = required(key);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
    fail_type(field(key), v, "a non-negative whole number");
  return v.get<std::uint64_t>();
}

std::vector<std::pair<const nlohmann::json*, std::string>> JsonReader::required_array(std::string_view key,
                                                                                      std::size_t max_items) {
  const auto& v = required(key);
  if (!v.is_array()) fail_type(field(key), v, "a list");
  if (v.size() > max_items)
    throw Error(ErrorCode::bad_input, field(key) + ": has " + std::to_string(v.size()) + " items; the limit is " +
                                          std::to_string(max_items));
  std::vector<std::pair<const nlohmann::json*, std::string>> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out.emplace_back(&v[i], field(key) + "[" + std::to_string(i) + "]");
  return out;
}

void JsonReader::finish() const {
  for (auto it = m_value.begin(); it != m_value.end(); ++it) {
    if (!m_read.contains(it.key()))
      throw Error(ErrorCode::bad_input, field(it.key()) + ": unknown field");
  }
}

Person read_person(JsonReader& r) {
  Person p;
  p.name = r.required_string("name");
  if (p.name.empty()) throw Error(ErrorCode::bad_input, r.field("name") + ": must not be empty");
  p.relationship = r.required_enum<Relationship>("relationship");
  p.age = r.optional_int("age", 0, 120);
  p.lives_at_address = r.optional_bool("lives_at_address");
  p.protected_by_restriction = r.optional_bool("protected_by_restriction", false);
  p.known_to_vlo = r.optional_bool("known_to_vlo", false);
  p.date_of_birth = r.optional_date("date_of_birth");
  p.residence = r.optional_enum<Residence>("residence");
  p.address_elsewhere = r.optional_string("address_elsewhere");
  r.finish();
  if (p.name.size() > kMaxPersonName)
    throw Error(ErrorCode::bad_input, r.field("name") + ": longer than " + std::to_string(kMaxPersonName) + " bytes");
  if (p.address_elsewhere && (p.address_elsewhere->empty() || p.address_elsewhere->size() > kMaxPersonAddress))
    throw Error(ErrorCode::bad_input,
                r.field("address_elsewhere") + ": must be 1 to " + std::to_string(kMaxPersonAddress) + " bytes");
  return p;
}

}  // namespace doorstep
