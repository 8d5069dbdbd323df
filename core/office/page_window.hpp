#pragma once
// One page of a long list (the console's oversight queue): which items a
// page shows, and whether there are pages before and after it. Pages count
// from 1; a page past the end shows the last page; an empty list has one
// empty page.
#include <cstddef>
#include <optional>
#include <string_view>

namespace doorstep::office {

struct PageWindow {
  std::size_t page = 1;   // the page shown, 1..pages
  std::size_t pages = 1;  // how many pages the list makes (at least 1)
  std::size_t first = 0;  // index of the first item shown
  std::size_t count = 0;  // items shown (at most per_page)
  [[nodiscard]] bool has_previous() const { return page > 1; }
  [[nodiscard]] bool has_next() const { return page < pages; }
};

// `per_page` must be at least 1.
PageWindow page_window(std::size_t total, std::size_t page, std::size_t per_page);

// A `page` query value: empty is page 1; else 1 to 6 decimal digits, from 1.
// nullopt for anything else (the caller answers 400 naming the field).
std::optional<std::size_t> parse_page_number(std::string_view text);

}  // namespace doorstep::office
