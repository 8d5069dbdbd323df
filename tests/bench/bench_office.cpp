// bench_office: sync against a separate `doorstep-office serve` process, as
// the PouchDB peer (../shared/peers/pouchdb) measures express-pouchdb:
// devices with real encrypted stores, the office store on disk (run with
// TMPDIR on a disk, as scripts/bench.sh does), everything on 127.0.0.1.
//   - push 5,000 notes from one device; pull them into a fresh device;
//   - 50 devices x 100 notes pushing at once, with and without 500 idle TCP
//     connections held open against the server.
// Reports medians over runs of wall time, the server process's own CPU
// (utime + stime from /proc) and its peak RSS (VmHWM). Writes JSON to
// argv[1] if given. With DOORSTEP_TEST_OFFICE_BACKEND=postgres the office
// store is a throwaway PostgreSQL cluster (fsync on: scripts/bench.sh sets
// DOORSTEP_TEST_PG_FSYNC=1), and the database's CPU (the postmaster and
// every backend) is reported beside the server's.
#include <fmt/core.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>
#include <atomic>
#include <chrono>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/bench_stats.hpp"
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

// The server's CPU seconds so far (user + system), from /proc/PID/stat.
double process_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  std::istringstream rest(stat.substr(close + 2));
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
double database_cpu_seconds() {
  if (!test_office_on_postgres()) return 0;
  std::ifstream pidfile(PostgresCluster::shared().data_dir() + "/postmaster.pid");
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

double peak_rss_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

struct Device {
  TempDir dir;
  std::optional<Store> store;
  sync::SyncCredentials creds;
  std::unique_ptr<net::HttpsTransport> transport;
};

SystemClock g_clock;

std::unique_ptr<Device> enroll(const OfficeProcess& office) {
  auto d = std::make_unique<Device>();
  const auto code = sync::EnrollCode::parse(office.enroll_code("ana"));
  d->transport = std::make_unique<net::HttpsTransport>(code.host, code.port, code.pin, std::chrono::seconds(60));
  auto enrolled = sync::enroll(*d->transport, code, "bench", [&](const StoreIdentity& id, const RecoveryPublicKey& pk) {
    return StoreFolder(d->dir / "store").create("bench passphrase", KdfParams::fast_for_tests(), pk, id, g_clock);
  });
  d->store.emplace(std::move(enrolled.store));
  d->creds = sync::load_credentials(*d->store);
  return d;
}

void sync_run(Device& d, sync::SyncOptions opts = {}) { sync::SyncEngine(*d.store, *d.transport, d.creds, opts).run(); }

struct Office {
  OfficeProcess process;
  Office() {
    process.add_officer("ana", "north");
    process.import_cases(R"({"crn": "A100001", "name": "Bench Person", "rosh": "medium", "mappa_level": "none",
      "child_protection": "none", "domestic_abuse_perpetrator": false,
      "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
      "household": [], "victims": [], "restrictions": [], "alerts": [], "checks": []})",
                         "ana");
    process.start();
  }
};

// A note of about the peer's size (~590 bytes of JSON with its envelope).
NoteDraft bench_note(int i) {
  std::string text = "bench note " + std::to_string(i) + ": ";
  while (text.size() < 400) text += "lorem ipsum dolor sit amet ";
  text.resize(400);
  return {NoteCategory::safeguarding, Severity::concern, text};
}

struct PushPull {
  double push_s, pull_s, server_cpu_s, hwm_mib, db_cpu_s;
};

PushPull push_then_pull(int notes) {
  Office office;
  auto writer = enroll(office.process);
  sync_run(*writer);
  for (int i = 0; i < notes; ++i) writer->store->add_note("A100001", bench_note(i));
  sync::SyncOptions opts;
  opts.push_batch = 500;
  opts.pull_page = 2000;
  const double cpu0 = process_cpu_seconds(office.process.pid());
  const double db0 = database_cpu_seconds();
  auto t0 = Steady::now();
  sync::SyncReport pushed;
  sync::SyncEngine(*writer->store, *writer->transport, writer->creds, opts).push(pushed);
  const double push_s = seconds_since(t0);
  if (pushed.pushed != notes) throw Error(ErrorCode::internal, "the push lost notes");
  auto reader = enroll(office.process);
  t0 = Steady::now();
  sync::SyncReport pulled;
  sync::SyncEngine(*reader->store, *reader->transport, reader->creds, opts).pull(pulled);
  const double pull_s = seconds_since(t0);
  if (reader->store->count_notes() != notes) throw Error(ErrorCode::internal, "the pull lost notes");
  return {push_s, pull_s, process_cpu_seconds(office.process.pid()) - cpu0, peak_rss_mib(office.process.pid()),
          database_cpu_seconds() - db0};
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

struct Concurrent {
  double seconds, server_cpu_s, hwm_mib;
  int failures;
  double db_cpu_s;
};

Concurrent concurrent_push(int devices, int notes_each, int idle) {
  Office office;
  std::vector<std::unique_ptr<Device>> devs;
  for (int d = 0; d < devices; ++d) {
    devs.push_back(enroll(office.process));
    sync_run(*devs.back());
    for (int i = 0; i < notes_each; ++i) devs.back()->store->add_note("A100001", bench_note(i));
  }
  const auto idle_fds = hold_idle_connections(office.process.port(), idle);
  std::atomic<int> failures{0};
  const double cpu0 = process_cpu_seconds(office.process.pid());
  const double db0 = database_cpu_seconds();
  const auto t0 = Steady::now();
  std::vector<std::thread> threads;
  for (auto& d : devs) {
    threads.emplace_back([&d, &failures, notes_each] {
      try {
        sync::SyncReport r;
        sync::SyncEngine(*d->store, *d->transport, d->creds).push(r);
        if (r.pushed != notes_each) ++failures;
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double s = seconds_since(t0);
  const Concurrent out{s, process_cpu_seconds(office.process.pid()) - cpu0, peak_rss_mib(office.process.pid()),
                       failures.load(), database_cpu_seconds() - db0};
  for (int fd : idle_fds) ::close(fd);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer closing a socket is an error to report, not a death
  try {
    const int runs = std::getenv("BENCH_RUNS") ? std::max(1, std::atoi(std::getenv("BENCH_RUNS"))) : 3;
    const std::string backend = test_office_on_postgres() ? "postgres" : "sqlcipher";
    std::vector<double> push_s, pull_s, pp_cpu, pp_hwm, pp_db, c_db;
    for (int i = 0; i < runs; ++i) {
      const auto r = push_then_pull(5000);
      push_s.push_back(r.push_s);
      pull_s.push_back(r.pull_s);
      pp_cpu.push_back(r.server_cpu_s);
      pp_hwm.push_back(r.hwm_mib);
      pp_db.push_back(r.db_cpu_s);
    }
    std::vector<double> c_s, c_cpu, c_hwm, i_s, i_cpu, i_hwm;
    int failures = 0;
    for (int i = 0; i < runs; ++i) {
      const auto c = concurrent_push(50, 100, 0);
      c_s.push_back(c.seconds);
      c_cpu.push_back(c.server_cpu_s);
      c_hwm.push_back(c.hwm_mib);
      c_db.push_back(c.db_cpu_s);
      const auto d = concurrent_push(50, 100, 500);
      i_s.push_back(d.seconds);
      i_cpu.push_back(d.server_cpu_s);
      i_hwm.push_back(d.hwm_mib);
      failures += c.failures + d.failures;
    }
    fmt::print("bench_office ({} office store; a separate doorstep-office serve process, stores on disk, median of {})\n",
               backend, runs);
    fmt::print("{:<48} {:>9} {:>12} {:>12} {:>12}\n", "scenario", "seconds", "notes/s", "server CPU s", "server MiB");
    const auto row = [](const char* name, double s, double n, double cpu, double mib) {
      fmt::print("{:<48} {:>9.3f} {:>12.0f} {:>12.2f} {:>12.1f}\n", name, s, n / s, cpu, mib);
    };
    row("push 5,000 notes from one device", median(push_s), 5000, median(pp_cpu), median(pp_hwm));
    row("pull 5,000 notes into a fresh device", median(pull_s), 5000, median(pp_cpu), median(pp_hwm));
    row("50 devices x 100 notes at once", median(c_s), 5000, median(c_cpu), median(c_hwm));
    row("  ... with 500 idle connections held open", median(i_s), 5000, median(i_cpu), median(i_hwm));
    fmt::print("(push and pull share one server CPU figure: it covers both phases)\n");
    if (backend == "postgres")
      fmt::print("PostgreSQL CPU s: push+pull {:.2f}, 50 x 100 {:.2f}\n", median(pp_db), median(c_db));
    if (failures) fmt::print("FAILED device syncs: {}\n", failures);
    if (argc > 1) {
      nlohmann::json j = {{"runs", runs},
                          {"backend", backend},
                          {"push_pull_database_cpu_s", median(pp_db)},
                          {"concurrent_database_cpu_s", median(c_db)},
                          {"push_5000_s", median(push_s)},
                          {"pull_5000_s", median(pull_s)},
                          {"push_pull_server_cpu_s", median(pp_cpu)},
                          {"concurrent_50x100_s", median(c_s)},
                          {"concurrent_notes_per_s", 5000 / median(c_s)},
                          {"concurrent_server_cpu_s", median(c_cpu)},
                          {"concurrent_server_hwm_mib", median(c_hwm)},
                          {"concurrent_idle500_s", median(i_s)},
                          {"concurrent_idle500_notes_per_s", 5000 / median(i_s)},
                          {"concurrent_idle500_server_cpu_s", median(i_cpu)},
                          {"failures", failures}};
      std::ofstream(argv[1]) << j.dump(2) << "\n";
    }
    return failures ? 1 : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_office: {}\n", e.what());
    return 1;
  }
}
