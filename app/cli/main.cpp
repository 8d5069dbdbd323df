// doorstep-cli: the Doorstep core without a window, for scripts, tests and
// support staff. See --help; exit codes in exit_codes.hpp.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "util/error.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  using namespace doorstep::cli;

  CLI::App app{"doorstep-cli: Doorstep's encrypted field store without a window"};
  app.footer(kExitCodeHelp);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  } catch (const Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "doorstep-cli: {}\n", e.what());
    return exit_code_for(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "doorstep-cli: unexpected error: {}\n", e.what());
    return kInternal;
  }
  return kOk;
}
