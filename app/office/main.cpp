// doorstep-office: the office sync server and its admin commands.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

#include "cli/exit_codes.hpp"
#include "office_commands.hpp"
#include "util/error.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  CLI::App app{"doorstep-office: the Doorstep office server (HTTPS sync) and its admin commands"};
  app.footer(cli::kExitCodeHelp);
  app.require_subcommand(1);
  app.fallthrough();
  office_app::OfficeOptions options;
  if (const char* env = std::getenv("DOORSTEP_OFFICE_DATA"); env && *env) options.data_dir = env;
  app.add_option("--data", options.data_dir, "Office data folder (default: $DOORSTEP_OFFICE_DATA, else ./office-data)");
  app.add_flag("--json", options.json, "Print machine-readable JSON");
  office_app::add_office_commands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kUsage;
  } catch (const Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "doorstep-office: {}\n", e.what());
    return cli::exit_code_for(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "doorstep-office: unexpected error: {}\n", e.what());
    return cli::kInternal;
  }
  return cli::kOk;
}
