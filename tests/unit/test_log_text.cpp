// escape_for_log: whatever bytes come in, one printable line goes out.
#include <catch2/catch.hpp>

#include "util/log_text.hpp"

using doorstep::escape_for_log;

TEST_CASE("escape_for_log keeps printable ASCII and escapes everything else", "[util][log]") {
  CHECK(escape_for_log("endpoint=/v1/push device=abc status=200") == "endpoint=/v1/push device=abc status=200");
  CHECK(escape_for_log("a\nb") == "a\\nb");
  CHECK(escape_for_log("a\r\n2026-01-01 level=info forged") == "a\\r\\n2026-01-01 level=info forged");
  CHECK(escape_for_log("\t") == "\\t");
  CHECK(escape_for_log(std::string_view("\x1b[31m", 5)) == "\\x1b[31m");
  CHECK(escape_for_log(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(escape_for_log("\x7f") == "\\x7f");
  CHECK(escape_for_log("caf\xc3\xa9") == "caf\\xc3\\xa9");
}

TEST_CASE("escape_for_log keeps distinct inputs distinct", "[util][log]") {
  // A literal backslash-n must not look like an escaped newline.
  CHECK(escape_for_log("\\n") == "\\\\n");
  CHECK(escape_for_log("\\n") != escape_for_log("\n"));
}

TEST_CASE("escape_for_log cuts long input and says so", "[util][log]") {
  const std::string long_text(1000, 'x');
  const auto out = escape_for_log(long_text, 16);
  CHECK(out == std::string(16, 'x') + "...");
  CHECK(escape_for_log("short", 16) == "short");
  // Every byte may become four: the output stays bounded by 4 * max + 3.
  CHECK(escape_for_log(std::string(1000, '\x01'), 10).size() == 43);
}
