// doorstep-office: the office sync server and its admin commands.
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "common/exit_codes.hpp"
#include "common/program_edge.hpp"
#include "office_commands.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  CLI::App app{"doorstep-office: the Doorstep office server (HTTPS sync) and its admin commands"};
  app.footer(cmdline::kExitCodeHelp);
  app.require_subcommand(1);
  app.fallthrough();
  office_app::OfficeOptions options;
  if (const char* env = std::getenv("DOORSTEP_OFFICE_DATA"); env && *env) options.data_dir = env;
  app.add_option("--data", options.data_dir, "Office data folder (default: $DOORSTEP_OFFICE_DATA, else ./office-data)");
  app.add_flag("--json", options.json, "Print machine-readable JSON");
  office_app::add_office_commands(app, options);
  return cmdline::run_command_line(app, argc, argv, "doorstep-office");
}
