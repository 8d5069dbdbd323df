// doorstep-field-seed DIR [CASES] [NOTES]: creates a store in DIR (passphrase
// from DOORSTEP_PASSPHRASE, fast KDF) with a synthetic caseload, for the
// idle-CPU and frame-cost measurements. Fictional data only.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "casework/casework.hpp"
#include "device/store_folder.hpp"
#include "model/demo_caseload.hpp"
#include "rules/assets_dir.hpp"
#include "util/uuid.hpp"

int main(int argc, char** argv) {
  using namespace doorstep;
  if (argc < 2) {
    std::fputs("usage: doorstep-field-seed DIR [CASES=200] [NOTES=20000]  (DOORSTEP_PASSPHRASE)\n", stderr);
    return 2;
  }
  const char* pass = std::getenv("DOORSTEP_PASSPHRASE");
  if (pass == nullptr || *pass == '\0') {
    std::fputs("doorstep-field-seed: set DOORSTEP_PASSPHRASE\n", stderr);
    return 2;
  }
  try {
    const int cases = argc > 2 ? std::stoi(argv[2]) : 200;
    const int notes = argc > 3 ? std::stoi(argv[3]) : 20000;
    const SystemClock clock;
    std::filesystem::create_directories(argv[1]);
    const StoreFolder folder(argv[1]);
    Store store = folder.create(pass, KdfParams::fast_for_tests(), std::nullopt,
                                StoreIdentity{"seed.officer", make_uuid_v7(clock.now_utc_ms())}, clock);
    store.set_meta("device.role", "manager");
    const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
    Casework casework(store, rules, clock);
    field::seed_large_caseload(store, casework, utc_date(clock.now_utc_ms()), cases, notes);
    std::printf("seeded %s: %d cases, %lld notes\n", argv[1], cases, static_cast<long long>(store.count_notes()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "doorstep-field-seed: %s\n", e.what());
    return 1;
  }
  return 0;
}
