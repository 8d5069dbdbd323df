#pragma once
// What every doorstep-cli command shares: the global options, how the
// passphrase is obtained, how input files are read, and how output is
// printed. Commands live in commands_*.cpp and only talk to the core.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "device/store_folder.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep::cli {

struct GlobalOptions {
  std::string store_dir;         // --store DIR
  bool passphrase_stdin = false; // --passphrase-stdin: first line of stdin
  bool json = false;             // --json on listing commands
};

class CliSession {
 public:
  explicit CliSession(GlobalOptions& options) : m_options(options) {}

  [[nodiscard]] const GlobalOptions& options() const { return m_options; }
  [[nodiscard]] StoreFolder folder() const;
  [[nodiscard]] const Clock& clock() const { return m_clock; }

  // The passphrase: --passphrase-stdin (first line of stdin), else
  // $DOORSTEP_PASSPHRASE, else asked on the terminal. Error(usage) if none.
  std::string passphrase(const char* prompt = "Passphrase: ");
  // A new passphrase (init, enroll, passphrase change): the next stdin line
  // with --passphrase-stdin, else $DOORSTEP_NEW_PASSPHRASE, else asked
  // twice. Error(bad_input, "passphrase refused: ...") if the core
  // passphrase policy refuses it.
  std::string new_passphrase();

  Store open_store();

  // The text of FILE, or of standard input for "-" (after the passphrase
  // line when --passphrase-stdin). Error(io) naming the file if unreadable.
  std::string read_input(const std::string& file_or_dash);

  // Prints `j` (pretty) to stdout.
  static void print_json(const nlohmann::json& j);

 private:
  std::optional<std::string> stdin_line();

  GlobalOptions& m_options;
  SystemClock m_clock;
};

}  // namespace doorstep::cli
