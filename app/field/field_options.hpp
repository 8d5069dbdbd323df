#pragma once
// Command line of the `doorstep` app:
//   doorstep [--store DIR] [--demo] [--size WxH]
//   --store DIR  the store folder (default: the platform's data folder)
//   --demo       if DIR has no store, create one with the demo caseload;
//                needs DOORSTEP_PASSPHRASE
// DOORSTEP_PASSPHRASE, when set, unlocks at start (scripted runs, demos).
#include <filesystem>
#include <optional>
#include <string>

#include "util/clock.hpp"

namespace doorstep::field {

struct FieldOptions {
  std::filesystem::path store_dir;
  bool demo = false;
  bool help = false;
  int width = 1100;
  int height = 800;
  std::optional<std::string> passphrase;  // from DOORSTEP_PASSPHRASE
};

// Throws std::invalid_argument with a usage message.
FieldOptions parse_field_options(int argc, char** argv);
const char* field_usage();

// --demo: creates the store folder with the demo caseload if it has no
// store yet. Error(usage) without a passphrase.
void create_demo_store_if_asked(const FieldOptions& options, const Clock& clock);

}  // namespace doorstep::field
