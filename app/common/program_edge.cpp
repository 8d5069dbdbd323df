#include "common/program_edge.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "common/exit_codes.hpp"
#include "terminal/passphrase_prompt.hpp"
#include "util/error.hpp"

namespace doorstep::cmdline {

int run_command_line(CLI::App& app, int argc, char** argv, std::string_view program) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's messages echo the offending argument: escape them too.
    std::ostringstream out, err;
    app.exit(e, out, err);
    std::cout << printable_text(out.str());
    std::cerr << printable_text(err.str());
    return kUsage;
  } catch (const ExitStatus& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return e.code();
  } catch (const Error& e) {
    std::fflush(stdout);
    show(stderr, "{}: {}\n", program, e.what());  // messages may echo input
    return exit_code_for(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    show(stderr, "{}: unexpected error: {}\n", program, e.what());
    return kInternal;
  }
  return kOk;
}

std::string read_input(const std::string& file_or_dash) {
  if (file_or_dash == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(file_or_dash, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, file_or_dash + ": cannot open the file");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_new_passphrase(bool from_stdin) {
  if (from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) throw Error(ErrorCode::usage, "--passphrase-stdin: no line for the new passphrase");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (const char* env = std::getenv("DOORSTEP_NEW_PASSPHRASE"); env && *env) return env;
  auto first = platform::prompt_passphrase("New passphrase: ");
  if (!first)
    throw Error(ErrorCode::usage,
                "no new passphrase: type it at a terminal, or use --passphrase-stdin or DOORSTEP_NEW_PASSPHRASE");
  auto second = platform::prompt_passphrase("New passphrase again: ");
  if (!second || *first != *second) throw Error(ErrorCode::usage, "the two passphrases differ");
  return *first;
}

void show_block(std::string_view text) { std::cout << printable_text(text); }

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace doorstep::cmdline
