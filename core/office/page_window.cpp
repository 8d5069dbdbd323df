#include "office/page_window.hpp"

#include <algorithm>

namespace doorstep::office {

PageWindow page_window(std::size_t total, std::size_t page, std::size_t per_page) {
  PageWindow w;
  per_page = std::max<std::size_t>(per_page, 1);
  w.pages = std::max<std::size_t>(1, (total + per_page - 1) / per_page);
  w.page = std::clamp<std::size_t>(page, 1, w.pages);
  w.first = std::min(total, (w.page - 1) * per_page);
  w.count = std::min(per_page, total - w.first);
  return w;
}

std::optional<std::size_t> parse_page_number(std::string_view text) {
  if (text.empty()) return 1;
  if (text.size() > 6) return std::nullopt;
  std::size_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0) return std::nullopt;
  return n;
}

}  // namespace doorstep::office
