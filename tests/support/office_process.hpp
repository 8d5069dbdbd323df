#pragma once
// A real `doorstep-office` for end-to-end tests: an office data folder made
// with `init`, admin commands run as processes, and `serve` running as a
// child process on a loopback port, stopped with SIGTERM. Devices are real
// `doorstep-cli` stores (CliDevice) or hand-written protocol clients.
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/postgres_cluster.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

namespace doorstep::test {

inline constexpr const char* kOfficeKeyHex = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

// A loopback TCP port nobody listens on right now.
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// The office's store is SQLCipher, or with DOORSTEP_TEST_OFFICE_BACKEND=postgres
// (or `database` given) a fresh database on the test process's throwaway
// PostgreSQL cluster (init --database).
class OfficeProcess {
 public:
  struct OnPostgres {};
  OfficeProcess() : OfficeProcess(test_office_on_postgres() ? PostgresCluster::shared().new_database() : "") {}
  explicit OfficeProcess(OnPostgres) : OfficeProcess(PostgresCluster::shared().new_database()) {}
  // Another `serve` process of the office `first` (its data folder, its
  // database), on a port of its own.
  static OfficeProcess beside(const OfficeProcess& first) { return OfficeProcess(first.data(), first.database()); }
  OfficeProcess(OfficeProcess&& other) noexcept
      : m_dir(std::move(other.m_dir)), m_data(std::move(other.m_data)), m_database(std::move(other.m_database)),
        m_port(other.m_port), m_pid(other.m_pid), m_starts(other.m_starts), m_log(std::move(other.m_log)) {
    other.m_pid = -1;
  }
  ~OfficeProcess() { stop(); }
  OfficeProcess(const OfficeProcess&) = delete;
  OfficeProcess& operator=(const OfficeProcess&) = delete;

  [[nodiscard]] const TempDir& dir() const { return *m_dir; }
  [[nodiscard]] std::filesystem::path data() const { return m_data; }
  // The PostgreSQL URL, or "" for SQLCipher.
  [[nodiscard]] const std::string& database() const { return m_database; }
  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] pid_t pid() const { return m_pid; }

  // `doorstep-office --data DIR args...` to completion.
  ProcessResult admin(std::vector<std::string> args, const std::string& stdin_text = "") const {
    std::vector<std::string> argv = {DOORSTEP_OFFICE, "--data", data().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"DOORSTEP_OFFICE_KEY", kOfficeKeyHex}}, stdin_text);
  }
  // Like admin(), but the command must succeed.
  std::string must(std::vector<std::string> args, const std::string& stdin_text = "") const {
    const auto r = admin(args, stdin_text);
    if (r.exit_code != 0) {
      std::string cmd;
      for (const auto& a : args) cmd += a + " ";
      throw std::runtime_error("doorstep-office " + cmd + "failed (" + std::to_string(r.exit_code) + "): " + r.err);
    }
    return r.out;
  }

  void add_officer(const std::string& id, const std::string& team, bool manager = false) const {
    std::vector<std::string> args = {"officer", "add", id, "--name", "Officer " + id, "--team", team};
    if (manager) args.push_back("--manager");
    must(args);
  }
  void import_cases(const std::string& cases_json, const std::string& officer) const {
    must({"case", "import", "-", "--assign", officer}, cases_json);
  }
  [[nodiscard]] std::string enroll_code(const std::string& officer) const {
    auto code = must({"enroll-code", officer});
    while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.pop_back();
    return code;
  }

  // Starts `serve` (with `serve_args` after --listen) and waits until it
  // accepts connections.
  void start(const std::vector<std::string>& serve_args = {}) {
    if (m_pid > 0) return;
    m_log = *m_dir / ("serve-" + std::to_string(++m_starts) + ".log");
    m_pid = ::fork();
    if (m_pid == 0) {
      const std::string log = m_log.string();
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, STDERR_FILENO);
      ::dup2(fd, STDOUT_FILENO);
      ::setenv("DOORSTEP_OFFICE_KEY", kOfficeKeyHex, 1);
      const std::string d = data().string();
      const std::string listen = "127.0.0.1:" + std::to_string(m_port);
      std::vector<std::string> argv = {DOORSTEP_OFFICE, "--data", d, "serve", "--listen", listen};
      argv.insert(argv.end(), serve_args.begin(), serve_args.end());
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(DOORSTEP_OFFICE, args.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!port_accepts(m_port)) {
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        throw std::runtime_error("doorstep-office serve exited: " + server_log());
      }
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("doorstep-office serve did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Sends `sig` and waits; returns the exit status (128+n for a signal
  // death), or -1 when it was not running.
  int stop(int sig = SIGTERM) {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, sig);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // SIGTERM, then waits up to `limit`: the exit status, or -1 when it did
  // not exit in time (it is then killed).
  int terminate_within(std::chrono::milliseconds limit) {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, SIGTERM);
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop(SIGKILL);
    return -1;
  }
  // The server's resident memory now (VmRSS), in KiB.
  [[nodiscard]] long rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return -1;
  }
  [[nodiscard]] bool running() {
    if (m_pid <= 0) return false;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return false;
    }
    return true;
  }

  [[nodiscard]] std::string server_log() const {
    std::ifstream in(m_log);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  explicit OfficeProcess(std::string database)
      : m_data(*m_dir / "office"), m_database(std::move(database)), m_port(free_loopback_port()) {
    std::vector<std::string> args = {"init", "--host", "127.0.0.1", "--advertise", "127.0.0.1:" + std::to_string(m_port),
                                     "--recovery-out", (*m_dir / "recovery.key").string()};
    if (!m_database.empty()) args.insert(args.end(), {"--database", m_database});
    const auto r = admin(args);
    if (r.exit_code != 0) throw std::runtime_error("doorstep-office init failed: " + r.err);
  }
  OfficeProcess(std::filesystem::path shared_data, std::string database)
      : m_data(std::move(shared_data)), m_database(std::move(database)), m_port(free_loopback_port()) {}

  std::unique_ptr<TempDir> m_dir = std::make_unique<TempDir>();
  std::filesystem::path m_data;
  std::string m_database;
  int m_port;
  pid_t m_pid = -1;
  int m_starts = 0;
  std::filesystem::path m_log;
};

// A tablet as `doorstep-cli` on its own store folder.
class CliDevice {
 public:
  CliDevice(const TempDir& dir, const std::string& name) : m_store((dir / ("tablet-" + name)).string()) {}
  ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = "") const {
    std::vector<std::string> argv = {DOORSTEP_CLI, "--store", m_store};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"DOORSTEP_PASSPHRASE", kPassphrase}, {"DOORSTEP_NEW_PASSPHRASE", kPassphrase}},
                       stdin_text);
  }
  ProcessResult enroll(const std::string& code, const std::string& label = "test tablet") const {
    return run({"enroll", code, "--label", label, "--kdf", "fast"});
  }
  ProcessResult sync() const { return run({"sync"}); }
  [[nodiscard]] const std::string& store() const { return m_store; }

  static constexpr const char* kPassphrase = "plum Tuesday vinegar orbit 47 lantern";

 private:
  std::string m_store;
};

}  // namespace doorstep::test
