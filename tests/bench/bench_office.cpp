// bench_office: the office as a separate `doorstep-office serve` process.
//   50 devices push 100 notes each at once (in-process HttpsTransport
//   clients, one thread each), with and without 500 idle TCP connections
//   held open against the server (connections the server closes are opened
//   again every 100 ms). Reports notes/s, the server's CPU time during the
//   push (utime + stime from /proc/PID/stat) and its peak RSS (VmHWM, whole
//   process life). Medians over `reps` fresh office processes per mode.
// The server runs with --max-connections-per-peer 2048 so the 500 idle
// connections (all from 127.0.0.1) are held rather than evicted.
// Prints a table; writes JSON to argv[1] if given.
#include <fmt/core.h>

#include <algorithm>
#include <fstream>

#include "adversary/office_process.hpp"
#include "crypto/kdf_params.hpp"
#include "device/store_folder.hpp"
#include "net/https_transport.hpp"
#include "sync/enrollment.hpp"
#include "sync/sync_engine.hpp"
#include "util/clock.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// utime + stime of `pid`, in seconds.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  const auto close_paren = stat.rfind(')');
  std::istringstream rest(stat.substr(close_paren + 2));
  std::string field;
  std::vector<std::string> f;
  while (rest >> field) f.push_back(field);
  // Fields after the command: state(0) ... utime is field 14 overall (index 11 here), stime 15 (12).
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return (std::stod(f.at(11)) + std::stod(f.at(12))) / ticks;
}

// Idle TCP connections, reopened when the server closes them.
class HeldIdle {
 public:
  HeldIdle(int port, int count) : m_port(port) {
    for (int i = 0; i < count; ++i) m_fds.push_back(tcp_connect(port, 2000));
    m_thread = std::thread([this] {
      for (int round = 0; round < 3000 && !m_stop.load(); ++round) {  // 5 minutes at most
        for (auto& fd : m_fds) {
          if (fd >= 0 && !closed_by_peer(fd, 0)) continue;
          if (fd >= 0) ::close(fd);
          fd = tcp_connect(m_port, 2000);
          ++m_reopened;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~HeldIdle() {
    m_stop = true;
    m_thread.join();
    for (const int fd : m_fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  HeldIdle(const HeldIdle&) = delete;
  HeldIdle& operator=(const HeldIdle&) = delete;
  [[nodiscard]] int reopened() const { return m_reopened.load(); }

 private:
  int m_port;
  std::vector<int> m_fds;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_reopened{0};
  std::thread m_thread;
};

struct Device {
  TempDir dir;
  std::optional<Store> store;
  sync::SyncCredentials creds;
};

std::unique_ptr<Device> enroll(const OfficeProcess& office, const Clock& clock) {
  auto dev = std::make_unique<Device>();
  const auto code = sync::EnrollCode::parse(office.enroll_code());
  net::HttpsTransport t(code.host, code.port, code.pin);
  const StoreFolder folder(dev->dir.path() / "store");
  auto enrolled = sync::enroll(t, code, "bench", [&](const StoreIdentity& id, const RecoveryPublicKey& pk) {
    return folder.create("bench passphrase", KdfParams::fast_for_tests(), pk, id, clock);
  });
  dev->store.emplace(std::move(enrolled.store));
  dev->creds = sync::load_credentials(*dev->store);
  return dev;
}

struct Run {
  double seconds;
  double server_cpu_s;
  double server_hwm_mib;
};

Run one_run(int devices, int notes_each, bool idle) {
  OfficeProcess office({"--max-connections-per-peer", "2048"},
                       R"([{"crn": "A100001", "name": "Bench Person", "rosh": "medium",
                           "sentence": {"type": "community_order", "start": "2026-01-12"}}])");
  SystemClock clock;
  std::vector<std::unique_ptr<Device>> devs;
  for (int d = 0; d < devices; ++d) {
    devs.push_back(enroll(office, clock));
    auto& dev = *devs.back();
    net::HttpsTransport t("127.0.0.1", office.port(), sync::load_office_endpoint(*dev.store).pin);
    sync::SyncReport r;
    sync::SyncEngine(*dev.store, t, dev.creds).pull(r);
    for (int i = 0; i < notes_each; ++i)
      dev.store->add_note("A100001", {NoteCategory::general, std::nullopt, "n" + std::to_string(i)});
  }
  std::optional<HeldIdle> held;
  if (idle) {
    held.emplace(office.port(), 500);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  const double cpu0 = cpu_seconds(office.pid());
  const auto t0 = SteadyClock::now();
  for (auto& d : devs) {
    threads.emplace_back([&office, &d, &failures] {
      try {
        net::HttpsTransport t("127.0.0.1", office.port(), sync::load_office_endpoint(*d->store).pin);
        sync::SyncReport r;
        sync::SyncEngine(*d->store, t, d->creds).push(r);
      } catch (const std::exception& e) {
        fmt::print(stderr, "push failed: {}\n", e.what());
        ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  const double s = seconds_since(t0);
  const double cpu = cpu_seconds(office.pid()) - cpu0;
  const double hwm = static_cast<double>(proc_status_kib(office.pid(), "VmHWM")) / 1024.0;
  held.reset();
  if (failures) throw std::runtime_error("a concurrent push failed");
  return {s, cpu, hwm};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const int devices = 50, notes_each = 100;
    const double notes = devices * notes_each;
    nlohmann::json out = {{"repetitions", reps}, {"devices", devices}, {"notes_each", notes_each}};
    fmt::print("bench_office (doorstep-office serve as a process, loopback TLS, median of {})\n", reps);
    fmt::print("{:<40} {:>9} {:>10} {:>14} {:>12}\n", "scenario", "seconds", "notes/s", "server CPU s", "server HWM");
    for (const bool idle : {false, true}) {
      std::vector<double> secs, cpu, hwm;
      for (int i = 0; i < reps; ++i) {
        const auto r = one_run(devices, notes_each, idle);
        secs.push_back(r.seconds);
        cpu.push_back(r.server_cpu_s);
        hwm.push_back(r.server_hwm_mib);
      }
      const double s = median(secs);
      const std::string name = idle ? "50 x 100 notes, 500 idle connections" : "50 x 100 notes";
      fmt::print("{:<40} {:>9.3f} {:>10.0f} {:>14.3f} {:>8.1f} MiB\n", name, s, notes / s, median(cpu), median(hwm));
      out[idle ? "with_500_idle" : "plain"] = {{"seconds", s},
                                               {"notes_per_s", notes / s},
                                               {"server_cpu_s", median(cpu)},
                                               {"server_vmhwm_mib", median(hwm)},
                                               {"runs_seconds", secs}};
    }
    if (argc > 1 && std::string(argv[1]) != "-") std::ofstream(argv[1]) << out.dump(2) << "\n";
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_office: {}\n", e.what());
    return 1;
  }
  return 0;
}
