// bench_office_rules: the standing rules office-wide (`doorstep-office rules
// run`, and serve's daily pass) over an office of 10,000 invented cases in
// the embedded SQLCipher office store on disk: the first pass, which raises
// what is due, and later passes with nothing changed (the daily cost).
// Medians; writes JSON to argv[1] if given.
#include <fmt/core.h>

#include <fstream>
#include <random>

#include "bench/bench_stats.hpp"
#include "office/office_rules.hpp"
#include "office/office_store.hpp"
#include "rules/assets_dir.hpp"
#include "support/caseload_seed.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using namespace doorstep::bench;

int main(int argc, char** argv) {
  const int cases = argc > 2 ? std::stoi(argv[2]) : 10'000;
  test::TempDir dir;
  SystemClock clock;
  auto store = office::create_sqlcipher_office_store(dir / "office.db", test::kTestKey, clock.now_utc_ms());
  store->add_officer({"ana", "Ana", false, "north"});
  std::mt19937 rng(11);
  Stopwatch seed;
  for (int i = 0; i < cases; ++i) {
    Case c = test::invented_case(i, rng);
    c.crn = "C" + std::to_string(100000 + i);
    store->import_case(c, "ana", clock.now_utc_ms());
  }
  const double seed_s = seed.ms() / 1000;
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  const Date today = utc_date(clock.now_utc_ms());

  Stopwatch first_pass;
  const auto first = office::run_rules_everywhere(*store, rules, today, clock.now_utc_ms());
  const double first_ms = first_pass.ms();
  std::vector<double> again_ms;
  int rewritten = 0;
  for (int rep = 0; rep < 5; ++rep) {
    Stopwatch w;
    const auto s = office::run_rules_everywhere(*store, rules, today, clock.now_utc_ms());
    rewritten += s.raised + s.updated + s.closed;
    again_ms.push_back(w.ms());
  }
  if (rewritten != 0) {
    fmt::print(stderr, "office rules rewrote {} action(s) with nothing changed\n", rewritten);
    return 1;
  }
  const nlohmann::json out = {{"cases", first.cases},
                              {"seed_seconds", seed_s},
                              {"first_pass_ms", first_ms},
                              {"first_pass_raised", first.raised},
                              {"unchanged_pass_median_ms", median(again_ms)},
                              {"unchanged_pass_per_case_us", median(again_ms) * 1000 / first.cases},
                              {"peak_rss_mib", peak_rss_mib()}};
  fmt::print("\nDoorstep office-wide standing rules (SQLCipher office store on disk; medians)\n");
  fmt::print("{:<58} {:>12}\n", "measure", "value");
  fmt::print("{:<58} {:>12}\n", "cases", first.cases);
  fmt::print("{:<58} {:>9.0f} ms\n", fmt::format("first pass, raising {} follow-ups", first.raised), first_ms);
  fmt::print("{:<58} {:>9.0f} ms\n", "daily pass with nothing changed (median of 5)", median(again_ms));
  fmt::print("{:<58} {:>9.1f} us\n", "  per case", median(again_ms) * 1000 / first.cases);
  fmt::print("{:<58} {:>9.1f} MiB\n", "peak RSS", peak_rss_mib());
  if (argc > 1) std::ofstream(argv[1]) << out.dump(2) << "\n";
  return 0;
}
