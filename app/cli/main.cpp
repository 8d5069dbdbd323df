// doorstep-cli: the Doorstep core without a window, for scripts, tests and
// support staff. See --help; exit codes in common/exit_codes.hpp.
#include <CLI/CLI.hpp>


#include "commands.hpp"
#include "common/exit_codes.hpp"
#include "common/program_edge.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  using namespace doorstep::cli;

  CLI::App app{"doorstep-cli: Doorstep's encrypted field store without a window"};
  app.footer(cmdline::kExitCodeHelp);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions options;
  app.add_option("--store", options.store_dir, "Store folder (default: $XDG_DATA_HOME/doorstep)");
  app.add_flag("--passphrase-stdin", options.passphrase_stdin,
               "Read the passphrase from the first line of standard input (a new one from the next line)");
  app.add_flag("--json", options.json, "Print machine-readable JSON");

  CliSession session(options);
  add_store_commands(app, session);
  add_case_commands(app, session);
  add_visit_commands(app, session);
  add_action_commands(app, session);
  add_sync_commands(app, session);
  add_rules_commands(app, session);

  return cmdline::run_command_line(app, argc, argv, "doorstep-cli");
}
