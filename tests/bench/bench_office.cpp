// bench_office: sync against a separate `doorstep-office serve` process, in
// the PouchDB peer's phases (../shared/peers/pouchdb/README.md): devices
// with real encrypted stores, the office store on disk (run with TMPDIR on
// a disk, as scripts/bench.sh does), everything on 127.0.0.1.
//   - push N = 5,000 and 20,000 notes from one device; pull them into a
//     fresh device;
//   - after the 5,000: 100 more pushed, then pulled (incremental), then a
//     no-op sync (the pulling device, nothing new either way);
//   - 50 devices x 100 notes and 500 devices x 10 notes pushing at once;
//     and 50 x 100 with 500 idle TCP connections held open (ours only).
// Each phase reports the median over BENCH_RUNS runs (default 3) of wall
// time, the server process's own CPU (utime + stime from /proc) and its
// peak RSS (VmHWM). With DOORSTEP_TEST_OFFICE_BACKEND=postgres the office
// store is a throwaway PostgreSQL cluster (fsync on: scripts/bench.sh sets
// DOORSTEP_TEST_PG_FSYNC=1), and the database's CPU (the postmaster and
// every backend) is reported beside the server's. Writes the detail to
// argv[1] and merges {PHASE: {docs_per_s, ms}} under the backend's name
// into the sync-phases JSON at argv[2].
#include <fmt/core.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <csignal>
#include <atomic>
#include <chrono>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/bench_stats.hpp"
#include "bench/office_bench_devices.hpp"
#include "crypto/kdf_params.hpp"
#include "device/store_folder.hpp"
#include "net/https_transport.hpp"
#include "support/office_process.hpp"
#include "sync/enrollment.hpp"
#include "sync/sync_engine.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

using namespace doorstep;
using namespace doorstep::test;
using Steady = std::chrono::steady_clock;

namespace {

double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

using bench::median;
using bench::database_cpu_seconds;
using bench::process_cpu_seconds;
using Device = bench::BenchDevice;

std::unique_ptr<Device> enroll(const OfficeProcess& office) { return bench::enroll_bench_device(office, "bench"); }
NoteDraft bench_note(int i) { return bench::bench_note("bench", i); }

double peak_rss_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

void sync_run(Device& d, sync::SyncOptions opts = {}) { sync::SyncEngine(*d.store, *d.transport, d.creds, opts).run(); }

struct Office {
  OfficeProcess process;
  Office() {
    bench::seed_bench_office(process, "Bench Person");
    process.start();
  }
};

// One phase measured once: wall time, the server's CPU (and PostgreSQL's),
// and the server's peak RSS so far (VmHWM: the office process lives for the
// whole series, so it is the peak up to the end of this phase).
struct Sample {
  double ms = 0, server_cpu_ms = 0, db_cpu_ms = 0, server_hwm_mib = 0;
};

class Meter {
 public:
  explicit Meter(const OfficeProcess& office)
      : m_pid(office.pid()), m_cpu0(process_cpu_seconds(m_pid)), m_db0(database_cpu_seconds()), m_t0(Steady::now()) {}
  [[nodiscard]] Sample done() const {
    const double s = seconds_since(m_t0);
    return {s * 1000, (process_cpu_seconds(m_pid) - m_cpu0) * 1000, (database_cpu_seconds() - m_db0) * 1000,
            peak_rss_mib(m_pid)};
  }

 private:
  pid_t m_pid;
  double m_cpu0, m_db0;
  Steady::time_point m_t0;
};

// The phases, in the peer's order (../shared/peers/pouchdb/README.md), with
// the names out/bench/sync-phases.json uses, and the documents each moves.
struct PhaseName {
  std::string key;
  std::string label;
  int docs;
};

using Samples = std::map<std::string, std::vector<Sample>>;

void check(bool ok, const std::string& what) {
  if (!ok) throw Error(ErrorCode::internal, what);
}

// push N from one device, pull N into a fresh device; with `incremental`,
// then 100 more notes pushed and pulled, then a no-op sync (the pulling
// device syncs with nothing new on either side).
void push_pull_series(int notes, bool incremental, Samples& out) {
  Office office;
  auto writer = enroll(office.process);
  sync_run(*writer);
  for (int i = 0; i < notes; ++i) writer->store->add_note("A100001", bench_note(i));
  sync::SyncOptions opts;
  opts.push_batch = 500;
  opts.pull_page = 2000;
  const auto n = std::to_string(notes);
  {
    Meter m(office.process);
    sync::SyncReport pushed;
    sync::SyncEngine(*writer->store, *writer->transport, writer->creds, opts).push(pushed);
    out["push_" + n].push_back(m.done());
    check(pushed.pushed == notes, "the push lost notes");
  }
  auto reader = enroll(office.process);
  {
    Meter m(office.process);
    sync::SyncReport pulled;
    sync::SyncEngine(*reader->store, *reader->transport, reader->creds, opts).pull(pulled);
    out["pull_" + n].push_back(m.done());
    check(reader->store->count_notes() == notes, "the pull lost notes");
  }
  if (!incremental) return;
  for (int i = 0; i < 100; ++i) writer->store->add_note("A100001", bench_note(notes + i));
  {
    Meter m(office.process);
    sync::SyncReport pushed;
    sync::SyncEngine(*writer->store, *writer->transport, writer->creds, opts).push(pushed);
    out["incremental_push_100"].push_back(m.done());
    check(pushed.pushed == 100, "the incremental push lost notes");
  }
  {
    Meter m(office.process);
    sync::SyncReport pulled;
    sync::SyncEngine(*reader->store, *reader->transport, reader->creds, opts).pull(pulled);
    out["incremental_pull_100"].push_back(m.done());
    check(reader->store->count_notes() == notes + 100, "the incremental pull lost notes");
  }
  {
    Meter m(office.process);
    const auto r = sync::SyncEngine(*reader->store, *reader->transport, reader->creds, opts).run();
    out["noop"].push_back(m.done());
    check(r.pushed == 0 && r.pulled == 0, "the no-op sync moved records");
  }
}

// Connects `n` plain TCP sockets to the server and leaves them idle.
std::vector<int> hold_idle_connections(int port, int n) {
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      fds.push_back(fd);
    } else {
      ::close(fd);
    }
  }
  return fds;
}

// `devices` devices enrolled once; each run gives every device `notes_each`
// new notes (not timed), then all push at once (timed until the last
// finishes). Every bench device connects from 127.0.0.1, so when there are
// more of them than serve's per-address cap (64) the cap is raised to let
// them all in, as devices from their own addresses would be.
int concurrent_series(int devices, int notes_each, int idle, int runs, const std::string& key, Samples& out) {
  std::vector<std::string> serve_args;
  if (devices + idle > 60) serve_args = {"--max-connections-per-peer", std::to_string(devices + idle + 16)};
  OfficeProcess process;
  bench::seed_bench_office(process, "Bench Person");
  process.start(serve_args);
  std::vector<std::unique_ptr<Device>> devs;
  for (int d = 0; d < devices; ++d) {
    devs.push_back(enroll(process));
    sync_run(*devs.back());
  }
  int failures = 0;
  for (int run = 0; run < runs; ++run) {
    for (auto& d : devs)
      for (int i = 0; i < notes_each; ++i) d->store->add_note("A100001", bench_note(run * notes_each + i));
    const auto idle_fds = hold_idle_connections(process.port(), idle);
    std::atomic<int> failed{0};
    std::string first_error;
    std::mutex error_mutex;
    Meter m(process);
    std::vector<std::thread> threads;
    threads.reserve(devs.size());
    for (auto& d : devs) {
      threads.emplace_back([&d, &failed, &first_error, &error_mutex, notes_each] {
        try {
          sync::SyncReport r;
          sync::SyncEngine(*d->store, *d->transport, d->creds).push(r);
          if (r.pushed != notes_each) ++failed;
        } catch (const std::exception& e) {
          ++failed;
          const std::lock_guard lock(error_mutex);
          if (first_error.empty()) first_error = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    out[key].push_back(m.done());
    for (int fd : idle_fds) ::close(fd);
    failures += failed.load();
    if (failed.load())
      fmt::print(stderr, "{} run {}: {} of {} device pushes failed (first error: {})\n", key, run + 1, failed.load(),
                 devices, first_error.empty() ? "fewer notes acknowledged than sent" : first_error);
  }
  return failures;
}

// The median of one figure over a phase's runs.
double median_of(const std::vector<Sample>& v, double Sample::*field) {
  std::vector<double> xs;
  for (const auto& s : v) xs.push_back(s.*field);
  return median(xs);
}

// Puts this backend's phases into out/bench/sync-phases.json (the other
// backends' and the peer's entries are kept).
void merge_sync_phases(const std::string& file, const std::string& backend, const nlohmann::json& phases) {
  nlohmann::json all = nlohmann::json::object();
  if (std::ifstream in(file); in) {
    try {
      in >> all;
    } catch (const std::exception&) {
      all = nlohmann::json::object();
    }
    if (!all.is_object()) all = nlohmann::json::object();
  }
  all[backend] = phases;
  std::ofstream(file) << all.dump(2) << "\n";
}

}  // namespace

// usage: bench_office [DETAIL_JSON [SYNC_PHASES_JSON]]
//   BENCH_RUNS (default 3): runs per phase; medians are reported.
//   BENCH_OFFICE_SMALL=1: N = 200 and 1,000, 5 x 10 and 20 x 2 devices (a
//   quick check that the harness works; not figures to quote).
int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer closing a socket is an error to report, not a death
  try {
    const int runs = std::getenv("BENCH_RUNS") ? std::max(1, std::atoi(std::getenv("BENCH_RUNS"))) : 3;
    const bool small = std::getenv("BENCH_OFFICE_SMALL") && std::string(std::getenv("BENCH_OFFICE_SMALL")) == "1";
    const std::string backend = test_office_on_postgres() ? "postgres" : "sqlcipher";
    const int n_small = small ? 200 : 5000, n_large = small ? 1000 : 20000;
    const int k1 = small ? 5 : 50, m1 = small ? 10 : 100, k2 = small ? 20 : 500, m2 = small ? 2 : 10;
    const std::vector<PhaseName> phases = {
        {"push_5000", fmt::format("push {} notes from one device", n_small), n_small},
        {"pull_5000", fmt::format("pull {} notes into a fresh device", n_small), n_small},
        {"push_20000", fmt::format("push {} notes from one device", n_large), n_large},
        {"pull_20000", fmt::format("pull {} notes into a fresh device", n_large), n_large},
        {"incremental_push_100", fmt::format("incremental push of 100 (after {})", n_small), 100},
        {"incremental_pull_100", "incremental pull of 100", 100},
        {"noop", "no-op sync (nothing new either way)", 0},
        {"concurrent_50x100", fmt::format("{} devices x {} notes at once", k1, m1), k1 * m1},
        {"concurrent_500x10", fmt::format("{} devices x {} notes at once", k2, m2), k2 * m2},
        {"concurrent_50x100_idle500", fmt::format("  ... {} x {} with {} idle connections", k1, m1, small ? 50 : 500), k1 * m1},
    };
    Samples samples;
    for (int i = 0; i < runs; ++i) {
      Samples five, twenty;
      push_pull_series(n_small, true, five);
      push_pull_series(n_large, false, twenty);
      for (auto* part : {&five, &twenty})
        for (auto& [k, v] : *part) {
          // the series' own sizes under the phase names of the full sizes
          std::string name = k;
          if (small) {
            if (k == "push_" + std::to_string(n_small)) name = "push_5000";
            if (k == "pull_" + std::to_string(n_small)) name = "pull_5000";
            if (k == "push_" + std::to_string(n_large)) name = "push_20000";
            if (k == "pull_" + std::to_string(n_large)) name = "pull_20000";
          }
          samples[name].insert(samples[name].end(), v.begin(), v.end());
        }
    }
    // Device pushes that failed, by phase (their notes were not acknowledged:
    // the phase's docs/s then overstates what the office took in).
    std::map<std::string, int> failed;
    failed["concurrent_50x100"] = concurrent_series(k1, m1, 0, runs, "concurrent_50x100", samples);
    failed["concurrent_500x10"] = concurrent_series(k2, m2, 0, runs, "concurrent_500x10", samples);
    failed["concurrent_50x100_idle500"] =
        concurrent_series(k1, m1, small ? 50 : 500, runs, "concurrent_50x100_idle500", samples);
    int failures = 0;
    for (const auto& [k, n] : failed) failures += n;

    fmt::print("bench_office ({} office store; a separate doorstep-office serve process, stores on disk, median of {})\n",
               backend, runs);
    fmt::print("{:<44} {:>9} {:>9} {:>10} {:>10} {:>10}\n", "phase", "ms", "docs/s", "server CPU", "DB CPU",
               "server MiB");
    nlohmann::json detail = nlohmann::json::object(), summary = nlohmann::json::object();
    for (const auto& p : phases) {
      const auto& v = samples.at(p.key);
      const double ms = median_of(v, &Sample::ms);
      const double rate = p.docs ? p.docs / (ms / 1000) : 0;
      const double cpu = median_of(v, &Sample::server_cpu_ms), db = median_of(v, &Sample::db_cpu_ms);
      const double hwm = median_of(v, &Sample::server_hwm_mib);
      fmt::print("{:<44} {:>9.1f} {:>9.0f} {:>8.0f}ms {:>8.0f}ms {:>10.1f}{}\n", p.label, ms, rate, cpu, db, hwm,
                 failed[p.key] ? fmt::format("  ({} device pushes FAILED over {} runs)", failed[p.key], runs) : "");
      summary[p.key] = {{"docs_per_s", std::llround(rate)}, {"ms", std::round(ms * 10) / 10}};
      detail[p.key] = {{"docs", p.docs},           {"ms", ms},         {"docs_per_s", rate},
                       {"server_cpu_ms", cpu},     {"database_cpu_ms", db}, {"server_hwm_mib", hwm},
                       {"runs", v.size()},          {"failed_device_pushes", failed[p.key]}};
    }
    fmt::print("(server CPU: the serve process's user + system time in the phase; DB CPU: PostgreSQL's, all its "
               "processes; server MiB: its peak RSS up to the end of the phase)\n");
    if (failures) fmt::print("FAILED device syncs: {}\n", failures);
    if (argc > 1) {
      std::ofstream(argv[1]) << nlohmann::json{{"backend", backend}, {"runs", runs}, {"small", small},
                                               {"failures", failures}, {"phases", detail}}
                                    .dump(2)
                             << "\n";
    }
    if (argc > 2) {
      summary.erase("concurrent_50x100_idle500");  // not one of the peer's phases
      merge_sync_phases(argv[2], backend, summary);
    }
    return failures ? 1 : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_office: {}\n", e.what());
    return 1;
  }
}
