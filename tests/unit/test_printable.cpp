// printable(): untrusted text made safe for a terminal.
#include <catch2/catch.hpp>

#include <string>

#include "util/printable.hpp"

using doorstep::printable;
using doorstep::printable_text;

TEST_CASE("printable: plain and UTF-8 text is unchanged", "[util]") {
  CHECK(printable("Ana's tablet #2") == "Ana's tablet #2");
  CHECK(printable("Zoë Brontë, 東京, \xF0\x9F\x98\x80") == "Zoë Brontë, 東京, \xF0\x9F\x98\x80");
  CHECK(printable("") == "");
}

TEST_CASE("printable: ESC and other C0 controls and DEL are escaped", "[util]") {
  CHECK(printable("\x1b[2Jowned") == "\\x1b[2Jowned");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("bell\a") == "bell\\x07");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("two\nlines\r\tx") == "two\\nlines\\r\\tx");
  CHECK(printable("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
}

TEST_CASE("printable: C1 controls, invalid UTF-8 and bidi overrides are escaped", "[util]") {
  CHECK(printable("\xC2\x9B" "2J") == "\\u009b2J");         // CSI as UTF-8
  CHECK(printable("\x9B" "2J") == "\\x9b2J");               // a raw C1 byte
  CHECK(printable("\xC3") == "\\xc3");                      // truncated sequence
  CHECK(printable("\xC0\xAF") == "\\xc0\\xaf");             // overlong
  CHECK(printable("\xED\xA0\x80") == "\\xed\\xa0\\x80");    // surrogate
  CHECK(printable("abc\xE2\x80\xAEgpj.exe") == "abc\\u202egpj.exe");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(printable("x\xE2\x80\xA8y") == "x\\u2028y");
}

TEST_CASE("printable: a backslash is doubled so an escape cannot be forged", "[util]") {
  CHECK(printable("\\x1b") == "\\\\x1b");
  CHECK(printable("\x1b") != printable("\\x1b"));
}

TEST_CASE("printable_text keeps lines and tabs, escapes the rest", "[util]") {
  CHECK(printable_text("# Report\n\tline\n") == "# Report\n\tline\n");
  CHECK(printable_text("a\r\x1b[Kb\n") == "a\\r\\x1b[Kb\n");
}
