#pragma once
// doorstep-cli command groups. Each add_* registers its subcommands on the
// app; their callbacks use the session and the core, and throw
// doorstep::Error, which main() turns into a message and an exit code.
#include <CLI/CLI.hpp>

#include "cli_session.hpp"

namespace doorstep::cli {

void add_store_commands(CLI::App& app, CliSession& session);    // init, passphrase, audit
void add_case_commands(CLI::App& app, CliSession& session);     // case, check, export
void add_visit_commands(CLI::App& app, CliSession& session);    // visit, note
void add_action_commands(CLI::App& app, CliSession& session);   // actions, action
void add_sync_commands(CLI::App& app, CliSession& session);     // enroll, sync, conflicts, quarantine
void add_rules_commands(CLI::App& app, CliSession& session);    // evaluate, briefing, review

}  // namespace doorstep::cli
