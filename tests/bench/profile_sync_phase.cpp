// profile_sync_phase: one phase of bench_office's sync benchmark at a time,
// for a profiler. Sets up as bench_office does (a separate `doorstep-office
// serve` process, stores on disk: run with TMPDIR on a disk), then runs the
// phase, printing its wall time and the server's CPU. With PERF_CTL=FIFO
// (perf record --control fifo:FIFO -D -1 ...) it writes "enable" to the
// FIFO just before the phase and "disable" right after, so the profile holds
// the phase alone: client and server. PROFILE_LOG=1 prints the server's log
// (one line per request, with its time) at the end.
// PULL_PAGE=N sets the pull's page size (default 2,000, the protocol's most).
//   usage: profile_sync_phase push|pull|concurrent|incremental [N] [DEVICES | PRIOR]
// (incremental: PRIOR notes, default 5,000, pushed before the phase, then
// the push of N more measured.)
#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

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

using bench::process_cpu_seconds;
using Device = bench::BenchDevice;

void perf_control(const char* command) {
  if (const char* fifo = std::getenv("PERF_CTL")) {
    std::ofstream(fifo) << command << "\n" << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // perf acts on it asynchronously
  }
}

std::unique_ptr<Device> enroll(const OfficeProcess& office, bool first_sync = true) {
  auto d = bench::enroll_bench_device(office, "profile");
  if (first_sync) sync::SyncEngine(*d->store, *d->transport, d->creds).run();
  return d;
}

NoteDraft note(int i) { return bench::bench_note("profile", i); }

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    const std::string phase = argc > 1 ? argv[1] : "push";
    const int n = argc > 2 ? std::atoi(argv[2]) : 5000;
    const int devices = argc > 3 ? std::atoi(argv[3]) : 50;
    OfficeProcess office;
    bench::seed_bench_office(office, "Profile Person");
    // Every device connects from 127.0.0.1: raise the per-address cap as
    // bench_office does, as devices from their own addresses would not meet it.
    std::vector<std::string> serve_args;
    if (phase == "concurrent" && devices > 60)
      serve_args = {"--max-connections-per-peer", std::to_string(devices + 16)};
    // PROFILE_SERVE_ARGS: more serve options, space-separated (e.g. "--workers 16").
    if (const char* extra = std::getenv("PROFILE_SERVE_ARGS")) {
      std::istringstream words(extra);
      for (std::string w; words >> w;) serve_args.push_back(w);
    }
    office.start(serve_args);
    sync::SyncOptions opts;
    opts.push_batch = 500;
    opts.pull_page = 2000;
    if (const char* page = std::getenv("PULL_PAGE")) opts.pull_page = std::atoi(page);  // records per pull page
    std::vector<std::unique_ptr<Device>> devs;
    if (phase == "concurrent") {
      for (int d = 0; d < devices; ++d) {
        devs.push_back(enroll(office));
        for (int i = 0; i < n; ++i) devs.back()->store->add_note("A100001", note(i));
      }
    } else {
      devs.push_back(enroll(office));
      if (phase == "incremental") {  // PRIOR notes pushed first, unmeasured; then the N more are the phase
        const int prior = argc > 3 ? std::atoi(argv[3]) : 5000;
        for (int i = 0; i < prior; ++i) devs.back()->store->add_note("A100001", note(n + i));
        sync::SyncReport r;
        sync::SyncEngine(*devs[0]->store, *devs[0]->transport, devs[0]->creds, opts).push(r);
        if (r.pushed != prior) throw Error(ErrorCode::internal, "the prior push lost notes");
      }
      for (int i = 0; i < n; ++i) devs.back()->store->add_note("A100001", note(i));
      if (phase == "pull") {
        sync::SyncReport r;
        sync::SyncEngine(*devs[0]->store, *devs[0]->transport, devs[0]->creds, opts).push(r);
        devs[0] = enroll(office, false);
      }
    }
    const double cpu0 = process_cpu_seconds(office.pid()), db_cpu0 = bench::database_cpu_seconds();
    const double client_cpu0 = process_cpu_seconds(::getpid());
    perf_control("enable");
    const auto t0 = Steady::now();
    std::atomic<int> failures{0};
    if (phase == "concurrent") {
      std::vector<std::thread> threads;
      for (auto& d : devs)
        threads.emplace_back([&d, &failures, n] {
          try {
            sync::SyncReport r;
            sync::SyncEngine(*d->store, *d->transport, d->creds).push(r);
            if (r.pushed != n) ++failures;
          } catch (const std::exception&) {
            ++failures;
          }
        });
      for (auto& t : threads) t.join();
    } else {
      sync::SyncReport r;
      sync::SyncEngine engine(*devs[0]->store, *devs[0]->transport, devs[0]->creds, opts);
      if (phase == "pull") {
        engine.pull(r);
        if (devs[0]->store->count_notes() != n) ++failures;
      } else {
        engine.push(r);
        if (r.pushed != n) ++failures;
      }
    }
    const double s = std::chrono::duration<double>(Steady::now() - t0).count();
    perf_control("disable");
    const int total = phase == "concurrent" ? n * devices : n;
    fmt::print("{}: {:.3f} s, {:.0f} notes/s, server CPU {:.2f} s, database CPU {:.2f} s, client CPU {:.2f} s, failures {}\n",
               phase, s, total / s, process_cpu_seconds(office.pid()) - cpu0, bench::database_cpu_seconds() - db_cpu0,
               process_cpu_seconds(::getpid()) - client_cpu0, failures.load());
    if (std::getenv("PROFILE_LOG")) fmt::print("{}\n", office.server_log());  // per-request lines with their times
    return failures ? 1 : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "profile_sync_phase: {}\n", e.what());
    return 1;
  }
}
