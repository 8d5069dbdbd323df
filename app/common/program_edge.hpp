#pragma once
// What the command-line programs share at their edge: CLI11 parsing, Error -> stderr message + exit
// code, reading an input file or stdin or a new passphrase, printing for people (every value
// escaped with doorstep::printable), printing JSON.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "util/printable.hpp"

namespace doorstep::cmdline {

// Thrown by a command that did its work but must end with a non-zero exit
// code (e.g. a sync that quarantined records): `message` goes to stderr.
class ExitStatus : public std::runtime_error {
 public:
  ExitStatus(int code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  [[nodiscard]] int code() const { return m_code; }

 private:
  int m_code;
};

// Parses argv (running the chosen subcommand's callback) and returns the
// process exit code: 0, 64 for usage errors, or exit_code_for(Error::code()).
// Errors print as "<program>: <message>" on stderr.
int run_command_line(CLI::App& app, int argc, char** argv, std::string_view program);

// The text of FILE, or of standard input for "-". Error(not_found) naming
// the file if it cannot be opened.
std::string read_input(const std::string& file_or_dash);

// ---- Human-readable output -------------------------------------------------
// Every value shown to a person goes through doorstep::printable() so that
// records, labels and names cannot send terminal control sequences. The
// format string is the program's own text and is printed as written.

// A string-like argument escaped; anything else (numbers, bools) unchanged.
template <class T>
auto shown(T&& value) {
  using V = std::remove_cvref_t<T>;
  if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return printable(std::string_view(value));
  } else {
    return V(std::forward<T>(value));
  }
}

template <class T>
using Shown = decltype(shown(std::declval<T>()));

// fmt::print with every argument escaped (see shown()).
template <class... Args>
void show(fmt::format_string<Shown<Args>...> format, Args&&... args) {
  fmt::print(format, shown(std::forward<Args>(args))...);
}
template <class... Args>
void show(std::FILE* stream, fmt::format_string<Shown<Args>...> format, Args&&... args) {
  fmt::print(stream, format, shown(std::forward<Args>(args))...);
}

// A multi-line block (a report, a briefing): lines kept, controls escaped.
void show_block(std::string_view text);

// A new passphrase (doorstep-cli init / enroll / passphrase change,
// doorstep-office recover): the next line of standard input if `from_stdin`,
// else $DOORSTEP_NEW_PASSPHRASE, else asked twice on the terminal.
// Error(usage) if there is none or the two typed differ. The passphrase
// policy is then the caller's to apply (require_acceptable_passphrase).
std::string read_new_passphrase(bool from_stdin);

// Prints `j` pretty to stdout (invalid UTF-8 replaced, never thrown on).
void print_json(const nlohmann::json& j);

}  // namespace doorstep::cmdline
