// bench_sync: sync over loopback TLS against an in-process office.
//   push 5,000 notes from one device; first pull of a 200-case caseload with
//   20,000 notes; 50 devices pushing 100 notes each at once; peak RSS.
// Prints a table; writes JSON to argv[1] if given. Stores live in TMPDIR,
// which the fixture points at /dev/shm when unset (no fsync cost): run with
// TMPDIR=/var/tmp to include the disk.
#include <fmt/core.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "sync_fixture.hpp"

using namespace doorstep;
using namespace doorstep::test;
using Clock_ = std::chrono::steady_clock;

namespace {

double seconds_since(Clock_::time_point t0) { return std::chrono::duration<double>(Clock_::now() - t0).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Notes are written straight into the device store (that is the field
// app's cost, measured by bench_store); this times only the sync.
double push_notes(int notes) {
  TestOffice office;
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  auto dev = enroll_device(office, "ana");
  auto t = office.transport();
  sync::SyncEngine(*dev->store, *t, dev->creds).run();
  for (int i = 0; i < notes; ++i)
    dev->store->add_note("A100001", {NoteCategory::general, std::nullopt, "bench note " + std::to_string(i)});
  sync::SyncOptions opts;
  opts.push_batch = 500;
  sync::SyncEngine engine(*dev->store, *t, dev->creds, opts);
  const auto t0 = Clock_::now();
  sync::SyncReport r;
  engine.push(r);
  const double s = seconds_since(t0);
  if (r.pushed != notes) throw Error(ErrorCode::internal, "push lost notes");
  return s;
}

struct PullResult {
  double seconds;
  std::int64_t rows;
};

PullResult first_pull(int cases, int notes) {
  TestOffice office;
  office.add_officer("ana");
  // The caseload's notes come from another device of the officer.
  for (int c = 0; c < cases; ++c)
    office.store().import_case(test_case(fmt::format("P{:06d}", c)), "ana", office.clock().now_utc_ms());
  auto writer = enroll_device(office, "ana");
  auto t = office.transport();
  sync::SyncEngine(*writer->store, *t, writer->creds).run();
  for (int i = 0; i < notes; ++i)
    writer->store->add_note(fmt::format("P{:06d}", i % cases), {NoteCategory::general, std::nullopt, "note " + std::to_string(i)});
  sync::SyncOptions wopts;
  wopts.push_batch = 500;
  sync::SyncReport wr;
  sync::SyncEngine(*writer->store, *t, writer->creds, wopts).push(wr);
  auto reader = enroll_device(office, "ana");
  sync::SyncOptions opts;
  opts.pull_page = 2000;
  sync::SyncEngine engine(*reader->store, *t, reader->creds, opts);
  const auto t0 = Clock_::now();
  sync::SyncReport r;
  engine.pull(r);
  return {seconds_since(t0), r.pulled};
}

double concurrent_push(int devices, int notes_each) {
  TestOffice office;
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  std::vector<std::unique_ptr<TestDevice>> devs;
  for (int d = 0; d < devices; ++d) {
    devs.push_back(enroll_device(office, "ana"));
    auto t = office.transport();
    sync::SyncReport r;
    sync::SyncEngine(*devs.back()->store, *t, devs.back()->creds).pull(r);
    for (int i = 0; i < notes_each; ++i)
      devs.back()->store->add_note("A100001", {NoteCategory::general, std::nullopt, "n" + std::to_string(i)});
  }
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  const auto t0 = Clock_::now();
  for (auto& d : devs) {
    threads.emplace_back([&office, &d, &failures] {
      try {
        auto t = office.transport();
        sync::SyncReport r;
        sync::SyncEngine(*d->store, *t, d->creds).push(r);
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  const double s = seconds_since(t0);
  if (failures) throw Error(ErrorCode::internal, "a concurrent push failed");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int reps = 3;
    std::vector<double> push_s, pull_s, conc_s;
    std::int64_t pull_rows = 0;
    for (int i = 0; i < reps; ++i) push_s.push_back(push_notes(5000));
    for (int i = 0; i < reps; ++i) {
      const auto r = first_pull(200, 20000);
      pull_s.push_back(r.seconds);
      pull_rows = r.rows;
    }
    for (int i = 0; i < reps; ++i) conc_s.push_back(concurrent_push(50, 100));
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    const double push = median(push_s), pull = median(pull_s), conc = median(conc_s);
    fmt::print("bench_sync (loopback TLS, median of {})\n", reps);
    fmt::print("{:<44} {:>10} {:>14}\n", "scenario", "seconds", "rate");
    fmt::print("{:<44} {:>10.3f} {:>10.0f} notes/s\n", "push 5,000 notes from one device", push, 5000 / push);
    fmt::print("{:<44} {:>10.3f} {:>10.0f} rows/s\n", "first pull: 200 cases, 20,000 notes", pull,
               static_cast<double>(pull_rows) / pull);
    fmt::print("{:<44} {:>10.3f} {:>10.0f} notes/s\n", "50 devices x 100 notes at once", conc, 5000 / conc);
    fmt::print("{:<44} {:>10.1f} MiB (process: server + clients)\n", "peak RSS", rss_mb);
    if (argc > 1) {
      nlohmann::json j = {{"push_5000_notes_s", push},       {"push_notes_per_s", 5000 / push},
                          {"first_pull_s", pull},            {"first_pull_rows", pull_rows},
                          {"first_pull_rows_per_s", static_cast<double>(pull_rows) / pull},
                          {"concurrent_50x100_s", conc},     {"concurrent_notes_per_s", 5000 / conc},
                          {"peak_rss_mib", rss_mb},          {"repetitions", reps}};
      std::ofstream(argv[1]) << j.dump(2) << "\n";
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_sync: {}\n", e.what());
    return 1;
  }
  return 0;
}
