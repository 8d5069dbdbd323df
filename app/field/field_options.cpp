#include "field_options.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "casework/casework.hpp"
#include "device/store_folder.hpp"
#include "model/demo_caseload.hpp"
#include "paths/data_paths.hpp"
#include "rules/assets_dir.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep::field {

const char* field_usage() {
  return "usage: doorstep [--store DIR] [--demo] [--size WxH]\n"
         "  --store DIR  store folder (default: the platform data folder)\n"
         "  --demo       create a store with the DEMO caseload in DIR if it has none\n"
         "               (passphrase from DOORSTEP_PASSPHRASE)\n"
         "  --size WxH   window size (default 1100x800)\n"
         "DOORSTEP_PASSPHRASE, when set, unlocks the store at start.\n";
}

FieldOptions parse_field_options(int argc, char** argv) {
  FieldOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--store" && i + 1 < argc) {
      o.store_dir = argv[++i];
    } else if (a == "--demo") {
      o.demo = true;
    } else if (a == "--size" && i + 1 < argc) {
      const std::string s = argv[++i];
      const auto x = s.find('x');
      if (x == std::string::npos) throw std::invalid_argument("--size wants WxH, e.g. 1100x800");
      o.width = std::stoi(s.substr(0, x));
      o.height = std::stoi(s.substr(x + 1));
    } else if (a == "--help" || a == "-h") {
      o.help = true;
    } else {
      throw std::invalid_argument("unknown option: " + std::string(a));
    }
  }
  if (o.store_dir.empty()) o.store_dir = platform::default_store_dir();
  if (const char* env = std::getenv("DOORSTEP_PASSPHRASE"); env && *env) o.passphrase = env;
  return o;
}

void create_demo_store_if_asked(const FieldOptions& options, const Clock& clock) {
  if (!options.demo) return;
  const StoreFolder folder(options.store_dir);
  if (folder.exists()) return;
  if (!options.passphrase) throw Error(ErrorCode::usage, "--demo needs DOORSTEP_PASSPHRASE for the new store");
  std::filesystem::create_directories(options.store_dir);
  const StoreIdentity identity{"demo.officer", make_uuid_v7(clock.now_utc_ms())};
  Store store = folder.create(*options.passphrase, KdfParams::interactive_default(), std::nullopt, identity, clock);
  store.set_meta("device.role", "manager");  // the demo shows the oversight screen too
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  Casework casework(store, rules, clock);
  import_demo_caseload(store, casework, utc_date(clock.now_utc_ms()));
}

}  // namespace doorstep::field
