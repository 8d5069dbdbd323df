#pragma once
// A real `doorstep-office serve` child process on 127.0.0.1 with an office
// folder of its own, devices enrolled and synced with real `doorstep-cli`
// processes, and the hostile clients the adversary tests throw at it: idle
// TCP connections, TLS handshakes trickled a byte at a time, and raw TLS
// connections that send whatever bytes a test wants.
//
// Everything here talks only to 127.0.0.1 and every loop is bounded.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

namespace doorstep::test {

using SteadyClock = std::chrono::steady_clock;

inline double seconds_since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// A writer to a closed socket must get EPIPE, not a signal.
inline void ignore_sigpipe() {
  static const bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

// Resident set and its peak, in KiB, from /proc/PID/status; -1 if unknown.
inline long proc_status_kib(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

// A TCP connection to 127.0.0.1:port, blocking, with send/receive timeouts.
inline int tcp_connect(int port, int timeout_ms = 5000) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// A free port on 127.0.0.1 (bound, read, released: a small race, fine here).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

// True if the peer closed `fd` (read gives EOF or a reset) within `ms`.
inline bool closed_by_peer(int fd, int ms) {
  const auto until = SteadyClock::now() + std::chrono::milliseconds(ms);
  char buf[256];
  for (;;) {
    const auto left = std::max<long long>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count());
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    if (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0) return true;  // EOF or reset (an alert first is read past)
  }
}

// ---- A TLS client that sends raw bytes (no certificate check: the tests
// attack the server, they do not trust it).
class RawTls {
 public:
  explicit RawTls(int port) {
    ignore_sigpipe();
    m_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
    m_fd = tcp_connect(port, 5000);
    if (m_fd < 0) return;
    m_ssl = SSL_new(m_ctx);
    SSL_set_fd(m_ssl, m_fd);
    m_ok = SSL_connect(m_ssl) == 1;
  }
  ~RawTls() {
    if (m_ssl) SSL_free(m_ssl);
    if (m_fd >= 0) ::close(m_fd);
    SSL_CTX_free(m_ctx);
    ERR_clear_error();
  }
  RawTls(const RawTls&) = delete;
  RawTls& operator=(const RawTls&) = delete;

  [[nodiscard]] bool connected() const { return m_ok; }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const int n = SSL_write(m_ssl, bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20)));
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Something (an answer, or EOF) is waiting to be read.
  bool readable(int ms) {
    if (SSL_pending(m_ssl) > 0) return true;
    pollfd p{m_fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }
  // Reads one HTTP answer (head, and a Content-Length body) for at most
  // `ms`. Returns the raw text read; "" if nothing came.
  std::string read_answer(int ms) {
    std::string got;
    const auto until = SteadyClock::now() + std::chrono::milliseconds(ms);
    char buf[4096];
    while (SteadyClock::now() < until) {
      if (answer_complete(got)) break;
      if (!readable(50)) continue;
      const int n = SSL_read(m_ssl, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }

  static int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
  }
  static std::optional<std::string> header_of(const std::string& answer, const std::string& name) {
    const auto head = answer.substr(0, answer.find("\r\n\r\n"));
    std::istringstream in(head);
    std::string line;
    while (std::getline(in, line)) {
      if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 &&
          line[name.size()] == ':') {
        auto v = line.substr(name.size() + 1);
        while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
        while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
        return v;
      }
    }
    return std::nullopt;
  }

 private:
  static bool answer_complete(const std::string& got) {
    const auto end = got.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto len = header_of(got, "Content-Length");
    return got.size() >= end + 4 + (len ? std::stoul(*len) : 0);
  }

  SSL_CTX* m_ctx = nullptr;
  SSL* m_ssl = nullptr;
  int m_fd = -1;
  bool m_ok = false;
};

// A TLS ClientHello that never finishes: a record header promising 512
// bytes, then one byte every `interval` per connection, from one thread.
class SlowTlsClients {
 public:
  SlowTlsClients(int port, int count, std::chrono::milliseconds interval = std::chrono::milliseconds(100)) {
    ignore_sigpipe();
    for (int i = 0; i < count; ++i) {
      const int fd = tcp_connect(port, 2000);
      if (fd < 0) continue;
      const char head[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};  // handshake record, 512 bytes, ClientHello
      (void)::send(fd, head, sizeof head, MSG_NOSIGNAL | MSG_DONTWAIT);
      m_fds.push_back(fd);
    }
    m_thread = std::thread([this, interval] {
      for (int round = 0; round < 600 && !m_stop.load(); ++round) {  // a minute at most
        for (const int fd : m_fds) {
          const char b = 0x03;
          (void)::send(fd, &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        std::this_thread::sleep_for(interval);
      }
    });
  }
  ~SlowTlsClients() {
    m_stop = true;
    m_thread.join();
    for (const int fd : m_fds) ::close(fd);
  }
  SlowTlsClients(const SlowTlsClients&) = delete;
  SlowTlsClients& operator=(const SlowTlsClients&) = delete;
  [[nodiscard]] std::size_t size() const { return m_fds.size(); }

 private:
  std::vector<int> m_fds;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

// TCP connections that connect and then say nothing.
class IdleClients {
 public:
  IdleClients(int port, int count) {
    for (int i = 0; i < count; ++i) {
      const int fd = tcp_connect(port, 2000);
      if (fd >= 0) m_fds.push_back(fd);
    }
  }
  ~IdleClients() {
    for (const int fd : m_fds) ::close(fd);
  }
  IdleClients(const IdleClients&) = delete;
  IdleClients& operator=(const IdleClients&) = delete;
  [[nodiscard]] std::size_t size() const { return m_fds.size(); }

 private:
  std::vector<int> m_fds;
};

// ---- The office: `doorstep-office init`, one officer, then `serve` as a
// child process whose log goes to a file.
class OfficeProcess {
 public:
  // `cases_json`: cases (a JSON array) imported for officer ana before the
  // server starts.
  explicit OfficeProcess(std::vector<std::string> serve_args = {}, const std::string& cases_json = "") {
    ignore_sigpipe();
    const auto init = office({"init", "--recovery-out", (m_dir / "recovery.key").string()});
    if (init.exit_code != 0) throw std::runtime_error("office init failed: " + init.err);
    const auto add = office({"officer", "add", "ana", "--name", "Ana Officer"});
    if (add.exit_code != 0) throw std::runtime_error("officer add failed: " + add.err);
    if (!cases_json.empty()) {
      const auto path = (m_dir / "cases.json").string();
      std::ofstream(path) << cases_json;
      const auto r = office({"case", "import", path, "--assign", "ana"});
      if (r.exit_code != 0) throw std::runtime_error("case import failed: " + r.err);
    }
    m_port = free_port();
    std::vector<std::string> argv = {DOORSTEP_OFFICE, "--data", data(), "serve", "--listen",
                                     "127.0.0.1:" + std::to_string(m_port)};
    argv.insert(argv.end(), serve_args.begin(), serve_args.end());
    spawn(argv);
    // Ready when it accepts a connection (10 s at most).
    for (int i = 0; i < 200; ++i) {
      const int fd = tcp_connect(m_port, 500);
      if (fd >= 0) {
        ::close(fd);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("doorstep-office serve did not start: " + log());
  }
  ~OfficeProcess() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
    }
  }
  OfficeProcess(const OfficeProcess&) = delete;
  OfficeProcess& operator=(const OfficeProcess&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] pid_t pid() const { return m_pid; }
  [[nodiscard]] std::string data() const { return (m_dir / "office").string(); }
  [[nodiscard]] const TempDir& dir() const { return m_dir; }
  [[nodiscard]] long rss_kib() const { return proc_status_kib(m_pid, "VmRSS"); }
  [[nodiscard]] bool running() const {
    int status = 0;
    return m_pid > 0 && ::waitpid(m_pid, &status, WNOHANG) == 0;
  }
  [[nodiscard]] std::string log() const {
    std::ifstream in(m_dir / "serve.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  ProcessResult office(std::vector<std::string> args) const {
    std::vector<std::string> argv = {DOORSTEP_OFFICE, "--data", data()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  // A one-time enrollment code for officer ana pointing at this server.
  std::string enroll_code() const {
    const auto r = office({"--json", "enroll-code", "ana", "--server", "127.0.0.1:" + std::to_string(m_port)});
    if (r.exit_code != 0) throw std::runtime_error("enroll-code failed: " + r.err);
    return nlohmann::json::parse(r.out)["code"].get<std::string>();
  }

  // SIGTERM; waits up to `limit` for the exit. Returns the exit code (or -1
  // if it did not exit: then it is killed).
  int terminate(std::chrono::milliseconds limit) {
    ::kill(m_pid, SIGTERM);
    const auto until = SteadyClock::now() + limit;
    while (SteadyClock::now() < until) {
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  void spawn(const std::vector<std::string>& argv) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string log_path = (m_dir / "serve.log").string();
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&m_pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start doorstep-office");
  }

  TempDir m_dir;
  int m_port = 0;
  pid_t m_pid = -1;
};

// A tablet: a `doorstep-cli` store folder enrolled with the office.
class CliDevice {
 public:
  CliDevice(const OfficeProcess& office, const std::string& name)
      : m_store((office.dir() / ("tablet-" + name)).string()) {
    const auto r = cli({"enroll", office.enroll_code(), "--kdf", "fast", "--label", name});
    if (r.exit_code != 0) throw std::runtime_error("enroll failed: " + r.err);
  }
  ProcessResult cli(std::vector<std::string> args) const {
    std::vector<std::string> argv = {DOORSTEP_CLI, "--store", m_store};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"DOORSTEP_PASSPHRASE", kPass}, {"DOORSTEP_NEW_PASSPHRASE", kPass}});
  }
  ProcessResult sync() const { return cli({"sync"}); }

 private:
  static constexpr const char* kPass = "a long and memorable passphrase";
  std::string m_store;
};

}  // namespace doorstep::test
