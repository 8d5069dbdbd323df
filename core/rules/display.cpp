#include "rules/display.hpp"

#include <array>

namespace doorstep {

std::string display_date(Date d) {
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = d.to_string();  // YYYY-MM-DD
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  return std::to_string(day) + " " + std::string(months[static_cast<std::size_t>(month - 1)]) + " " +
         iso.substr(0, 4);
}

std::string display_id(std::string_view id) {
  std::string out(id);
  for (char& ch : out) {
    if (ch == '_') ch = ' ';
  }
  return out;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

}  // namespace doorstep
