#include "cli_session.hpp"

#include <cstdlib>
#include <iostream>

#include "common/program_edge.hpp"
#include "crypto/passphrase_policy.hpp"
#include "paths/data_paths.hpp"
#include "terminal/passphrase_prompt.hpp"
#include "util/error.hpp"

namespace doorstep::cli {

StoreFolder CliSession::folder() const {
  return StoreFolder(m_options.store_dir.empty() ? platform::default_store_dir()
                                                 : std::filesystem::path(m_options.store_dir));
}

std::optional<std::string> CliSession::stdin_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string CliSession::passphrase(const char* prompt) {
  if (m_options.passphrase_stdin) {
    if (auto line = stdin_line()) return *line;
    throw Error(ErrorCode::usage, "--passphrase-stdin: standard input is empty");
  }
  if (const char* env = std::getenv("DOORSTEP_PASSPHRASE"); env && *env) return env;
  if (auto typed = platform::prompt_passphrase(prompt)) return *typed;
  throw Error(ErrorCode::usage,
              "no passphrase: type it at a terminal, or use --passphrase-stdin or DOORSTEP_PASSPHRASE");
}

std::string CliSession::new_passphrase() {
  std::string pass = cmdline::read_new_passphrase(m_options.passphrase_stdin);
  require_acceptable_passphrase(pass);  // core policy: a human reason if refused
  return pass;
}

Store CliSession::open_store() { return folder().open(passphrase(), m_clock); }

std::string CliSession::read_input(const std::string& file_or_dash) { return cmdline::read_input(file_or_dash); }

void CliSession::print_json(const nlohmann::json& j) { cmdline::print_json(j); }

}  // namespace doorstep::cli
