// Store, key and rules benchmarks (./run.sh bench). Prints a table and, with
// an argument, writes the figures as JSON to that path.
//   - note save latency with synchronous=FULL: SQLCipher vs the same build
//     with no key, interleaved in rounds (A B A B ...) so drift hits both;
//   - unlock on a large store: Argon2id (default cost) + open + first
//     caseload query;
//   - rules over a 200-case caseload with history; the standing rules at
//     unlock over the same store (reads + plan, nothing new to write);
//     loading the assets.
#include <fmt/core.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bench_stats.hpp"
#include "casework/casework.hpp"
#include "checklist/checklist_template.hpp"
#include "crypto/kdf_params.hpp"
#include "crypto/key_file.hpp"
#include "device/store_folder.hpp"
#include "rules/assets_dir.hpp"
#include "rules/rule_set.hpp"
#include "support/caseload_seed.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using namespace doorstep::bench;

namespace {

struct LatencyResult {
  std::vector<double> encrypted_ms, plain_ms, round_ratios;
};

LatencyResult note_save_latency(const test::TempDir& dir, int rounds, int notes_per_round) {
  SystemClock clock;
  Store enc = Store::create(dir / "enc.db", test::kTestKey, clock, {"bench", "bench-device"});
  Store plain = Store::create(dir / "plain.db", std::nullopt, clock, {"bench", "bench-device"});
  enc.upsert_case(test::sample_case());
  plain.upsert_case(test::sample_case());
  const NoteDraft draft{NoteCategory::safeguarding, Severity::concern,
                        "Child seen in the garden, appeared well; mother says partner has moved out last week."};
  LatencyResult r;
  auto run = [&](Store& s, std::vector<double>& all) {
    std::vector<double> mine;
    for (int i = 0; i < notes_per_round; ++i) {
      Stopwatch w;
      s.add_note("D100001", draft);
      mine.push_back(w.ms());
    }
    all.insert(all.end(), mine.begin(), mine.end());
    return median(mine);
  };
  for (int round = 0; round < rounds; ++round) {
    double e = 0, p = 0;
    if (round % 2 == 0) {
      e = run(enc, r.encrypted_ms);
      p = run(plain, r.plain_ms);
    } else {
      p = run(plain, r.plain_ms);
      e = run(enc, r.encrypted_ms);
    }
    r.round_ratios.push_back(e / p);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  nlohmann::json out;
  test::TempDir dir;
  SystemClock clock;

  // 1. Note save latency.
  const auto lat = note_save_latency(dir, 8, 60);
  const double enc_p50 = median(lat.encrypted_ms), plain_p50 = median(lat.plain_ms);
  out["note_save"] = {{"encrypted_p50_ms", enc_p50},
                      {"encrypted_p99_ms", percentile(lat.encrypted_ms, 0.99)},
                      {"plain_p50_ms", plain_p50},
                      {"plain_p99_ms", percentile(lat.plain_ms, 0.99)},
                      {"ratio_of_round_medians", median(lat.round_ratios)},
                      {"samples_each", lat.encrypted_ms.size()}};

  // 2. Unlock a large store (default Argon2id cost).
  const test::CaseloadSize size{200, 20'000, 5'000};
  StoreFolder folder(dir / "large");
  {
    Store s = folder.create("bench passphrase", KdfParams::interactive_default(), std::nullopt, {"bench", "dev"}, clock);
    Stopwatch w;
    test::seed_caseload(s, size);
    out["seed_seconds"] = w.ms() / 1000;
  }
  std::vector<double> unlock_ms, first_query_ms, kdf_ms;
  const KeyFile key_file = read_key_file(folder.key_file());
  for (int i = 0; i < 5; ++i) {
    Stopwatch k;
    const SecureKey dek = unwrap(key_file, "bench passphrase");
    kdf_ms.push_back(k.ms());
  }
  for (int i = 0; i < 5; ++i) {
    Stopwatch w;
    Store s = folder.open("bench passphrase", clock);
    Stopwatch q;
    const auto cases = s.list_cases();
    first_query_ms.push_back(q.ms());
    unlock_ms.push_back(w.ms());
    if (cases.size() != static_cast<std::size_t>(size.cases)) return 1;
  }
  out["unlock"] = {{"median_ms", median(unlock_ms)},
                   {"max_ms", percentile(unlock_ms, 1.0)},
                   {"first_caseload_query_median_ms", median(first_query_ms)},
                   {"argon2id_median_ms", median(kdf_ms)},
                   {"store_bytes", std::filesystem::file_size(folder.store_file())}};

  // 3. Rules: load + validate the assets; evaluate the whole caseload.
  std::vector<double> load_ms;
  for (int i = 0; i < 20; ++i) {
    Stopwatch w;
    const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
    const ChecklistTemplate ct = ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json");
    load_ms.push_back(w.ms());
  }
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  Store s = folder.open("bench passphrase", clock);
  std::vector<Case> cases;
  std::vector<std::vector<Visit>> histories;
  for (const auto& summary : s.list_cases()) {
    cases.push_back(s.get_case(summary.crn));
    histories.push_back(s.list_visits(summary.crn));
  }
  Visit visit;
  visit.date = Date::parse("2026-06-01", "date");
  visit.outcome = VisitOutcome::completed;
  visit.answers = {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"new_relationship", "yes"},
                   {"children_present", "yes"}, {"children_seen", "yes"}};
  std::vector<double> eval_ms;
  std::size_t raised = 0;
  for (int rep = 0; rep < 20; ++rep) {
    Stopwatch w;
    raised = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const RuleContext ctx{cases[i], &visit, histories[i], std::nullopt, visit.date};
      raised += rules.evaluate(ctx).actions.size();
    }
    eval_ms.push_back(w.ms());
  }
  out["rules"] = {{"assets_load_median_ms", median(load_ms)},
                  {"caseload_eval_median_ms", median(eval_ms)},
                  {"caseload_eval_p99_ms", percentile(eval_ms, 0.99)},
                  {"cases", cases.size()},
                  {"actions_raised", raised}};

  // 4. Standing rules at unlock (Casework::review_caseload): read each
  // case, its visits and actions, plan; the first run writes what is due,
  // every later one finds nothing new and writes nothing.
  Casework casework(s, rules, clock);
  Stopwatch first_review;
  const auto first = casework.review_caseload();
  const double first_review_ms = first_review.ms();
  std::vector<double> review_ms;
  int rewritten = 0;
  for (int rep = 0; rep < 15; ++rep) {
    Stopwatch w;
    rewritten += casework.review_caseload().written;
    review_ms.push_back(w.ms());
  }
  if (rewritten != 0) {
    fmt::print(stderr, "standing rules rewrote {} action(s) with nothing changed\n", rewritten);
    return 1;
  }
  out["standing_rules"] = {{"cases", first.cases},
                           {"first_review_ms", first_review_ms},
                           {"first_review_written", first.written},
                           {"unchanged_review_median_ms", median(review_ms)},
                           {"unchanged_review_p99_ms", percentile(review_ms, 0.99)}};
  out["peak_rss_mib"] = peak_rss_mib();

  fmt::print("\nDoorstep store benchmarks (medians; machine is noisy: compare ratios)\n");
  fmt::print("{:<58} {:>12} {:>10}\n", "measure", "value", "goal");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "note save p50, SQLCipher, synchronous=FULL", enc_p50, "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "note save p99, SQLCipher", percentile(lat.encrypted_ms, 0.99), "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "note save p50, same build, no key", plain_p50, "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "note save p99, no key", percentile(lat.plain_ms, 0.99), "");
  fmt::print("{:<58} {:>11.3f}x {:>10}\n", "SQLCipher / plain (median of 8 interleaved rounds)", median(lat.round_ratios),
             "<= 1.15x");
  fmt::print("{:<58} {:>9.0f} ms {:>10}\n", "unlock: Argon2id + open + caseload query (200/20k/5k)", median(unlock_ms), "");
  fmt::print("{:<58} {:>9.0f} ms {:>10}\n", "  of which Argon2id (3 passes, 256 MiB), measured alone", median(kdf_ms), "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "  of which the first caseload query", median(first_query_ms), "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "rules: 200-case caseload with history", median(eval_ms), "<= 10 ms");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "standing rules at unlock: 200 cases, store reads + plan", median(review_ms),
             "<= 10 ms");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", fmt::format("  first review, writing {} follow-ups", first.written),
             first_review_ms, "");
  fmt::print("{:<58} {:>9.2f} ms {:>10}\n", "assets: load + validate rules and checklist", median(load_ms), "<= 20 ms");
  fmt::print("{:<58} {:>9.1f} MiB {:>9}\n", "peak RSS (includes Argon2id's 256 MiB)", peak_rss_mib(), "");
  if (argc > 1) std::ofstream(argv[1]) << out.dump(2) << "\n";
  return 0;
}
