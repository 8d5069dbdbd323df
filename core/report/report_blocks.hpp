#pragma once
// Internal to core/report: a report as a flat list of blocks (headings,
// paragraphs, list items), built once and rendered as Markdown or HTML, so
// that both formats always carry the same content.
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"

namespace doorstep::report {

enum class BlockKind { title, heading, paragraph, item, sub_item, strong_item };

struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::string text;  // plain text as recorded; the renderer escapes it
};

using Blocks = std::vector<Block>;

std::string render_markdown(const Blocks& blocks);
// A standalone page; `title` is the <title>.
std::string render_html(const Blocks& blocks, const std::string& title);

// Shared wording: "known_open" -> "known open"; a person; a check with its result.
std::string words(std::string_view id);
std::string person_line(const Person& p);
std::string check_text(const Check& k);

}  // namespace doorstep::report
