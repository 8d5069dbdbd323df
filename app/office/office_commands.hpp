#pragma once
// doorstep-office subcommands. Callbacks throw doorstep::Error; main() maps
// it to a message and the same exit codes as doorstep-cli.
#include <CLI/CLI.hpp>

#include <string>

namespace doorstep::office_app {

struct OfficeOptions {
  std::string data_dir;  // --data DIR
  bool json = false;
};

void add_office_commands(CLI::App& app, OfficeOptions& options);

}  // namespace doorstep::office_app
