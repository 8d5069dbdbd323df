#pragma once
// application/x-www-form-urlencoded bodies (and query strings), as sent by
// browsers: name=value pairs joined by '&', '+' for a space, %XX escapes.
// The body is hostile: at most kMaxFields pairs, names of at most 64 bytes;
// a bad escape, a NUL or a control character other than tab, CR and LF is
// Error(bad_input) naming the field.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doorstep::office {

class FormFields {
 public:
  static constexpr std::size_t kMaxFields = 100;
  static FormFields parse(std::string_view encoded);

  // The first value of `name`; "" if absent.
  [[nodiscard]] std::string get(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> all(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> m_fields;
};

}  // namespace doorstep::office
