#pragma once
// What the office benchmarks (bench_office, profile_sync_phase) share:
// devices with real encrypted stores enrolled with a separate
// `doorstep-office serve` process, notes of about the PouchDB peer's size,
// and the CPU time of a process and of the test PostgreSQL cluster from /proc.
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_note.hpp"
#include "crypto/kdf_params.hpp"
#include "device/store_folder.hpp"
#include "net/https_transport.hpp"
#include "support/office_process.hpp"
#include "sync/enrollment.hpp"
#include "sync/sync_engine.hpp"
#include "util/clock.hpp"

namespace doorstep::bench {

// A process's CPU seconds so far (user + system), from /proc/PID/stat.
inline double process_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The test PostgreSQL cluster's CPU seconds so far: the postmaster, its
// exited children (cutime/cstime) and its live children. 0 on SQLCipher.
inline double database_cpu_seconds() {
  if (!test::test_office_on_postgres()) return 0;
  std::ifstream pidfile(test::PostgresCluster::shared().data_dir() + "/postmaster.pid");
  long long postmaster = 0;
  if (!(pidfile >> postmaster)) return 0;
  const auto fields = [](long long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<long long> out;
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return out;
    std::istringstream rest(stat.substr(close + 2));
    std::string f;
    while (rest >> f) out.push_back(f.empty() || (f[0] != '-' && !std::isdigit(static_cast<unsigned char>(f[0]))) ? 0 : std::atoll(f.c_str()));
    return out;  // out[0] is field 3 (state)
  };
  long long ticks = 0;
  const auto pm = fields(postmaster);
  if (pm.size() > 14) ticks += pm[11] + pm[12] + pm[13] + pm[14];  // utime stime cutime cstime
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    const auto f = fields(std::atoll(name.c_str()));
    if (f.size() > 12 && f[1] == postmaster) ticks += f[11] + f[12];  // ppid, utime, stime
  }
  return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Officer "ana" of team north and the one case the bench devices write
// to (A100001, named `person`), added to an office not yet started.
inline void seed_bench_office(test::OfficeProcess& office, const std::string& person) {
  office.add_officer("ana", "north");
  office.import_cases(R"({"crn": "A100001", "name": ")" + person + R"(", "rosh": "medium", "mappa_level": "none",
      "child_protection": "none", "domestic_abuse_perpetrator": false,
      "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
      "household": [], "victims": [], "restrictions": [], "alerts": [], "checks": []})",
                      "ana");
}

struct BenchDevice {
  test::TempDir dir;
  std::optional<Store> store;
  sync::SyncCredentials creds;
  std::unique_ptr<net::HttpsTransport> transport;
};

// A new device of officer "ana", enrolled with a one-time code from the
// office; its store uses the fast test KDF (enrolment is not measured).
inline std::unique_ptr<BenchDevice> enroll_bench_device(const test::OfficeProcess& office, const std::string& label) {
  static const SystemClock clock;
  auto d = std::make_unique<BenchDevice>();
  const auto code = sync::EnrollCode::parse(office.enroll_code("ana"));
  d->transport = std::make_unique<net::HttpsTransport>(code.host, code.port, code.pin, std::chrono::seconds(60));
  auto enrolled = sync::enroll(*d->transport, code, label, [&](const StoreIdentity& id, const RecoveryPublicKey& pk) {
    return StoreFolder(d->dir / "store").create(label + " passphrase", KdfParams::fast_for_tests(), pk, id, clock);
  });
  d->store.emplace(std::move(enrolled.store));
  d->creds = sync::load_credentials(*d->store);
  return d;
}

}  // namespace doorstep::bench
