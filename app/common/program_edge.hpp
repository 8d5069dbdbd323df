#pragma once
// What the command-line programs share at their edge: parsing with CLI11,
// turning doorstep::Error into a message on stderr and an exit code, reading
// an input file or stdin, printing JSON.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace doorstep::cmdline {

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
