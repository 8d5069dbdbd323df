#pragma once
// What the command-line programs share at their edge: parsing with CLI11,
// turning doorstep::Error into a message on stderr and an exit code, reading
// an input file or stdin, printing JSON.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

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

// Prints `j` pretty to stdout (invalid UTF-8 replaced, never thrown on).
void print_json(const nlohmann::json& j);

}  // namespace doorstep::cmdline
