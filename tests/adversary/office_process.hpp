#pragma once
// The office the adversary tests attack (a real `doorstep-office serve`
// child process from support/office_process.hpp, with real `doorstep-cli`
// tablets), and the hostile clients they throw at it: idle
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

#include "support/office_process.hpp"
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
  // Something (an answer, or EOF) is waiting to be read. TLS records that
  // carry no data (the server's session ticket) are consumed and not counted.
  bool readable(int ms) {
    if (SSL_pending(m_ssl) > 0) return true;
    const auto until = SteadyClock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count();
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, left))) <= 0) return false;
      const int flags = ::fcntl(m_fd, F_GETFL);
      ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);
      char byte = 0;
      const int n = SSL_peek(m_ssl, &byte, 1);
      const bool only_handshake = n <= 0 && SSL_get_error(m_ssl, n) == SSL_ERROR_WANT_READ;
      ::fcntl(m_fd, F_SETFL, flags);
      ERR_clear_error();
      if (!only_handshake) return true;  // data, EOF or an error: read_answer sees which
      if (left <= 0) return false;
    }
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

// ---- The office under attack: officer ana (with `cases_json` imported for
// her), serving with `serve_args`; and tablets enrolled with it.
class AttackedOffice : public OfficeProcess {
 public:
  explicit AttackedOffice(const std::vector<std::string>& serve_args = {}, const std::string& cases_json = "") {
    ignore_sigpipe();
    add_officer("ana", "north");
    if (!cases_json.empty()) import_cases(cases_json, "ana");
    start(serve_args);
  }
  [[nodiscard]] std::string enroll_code() const { return OfficeProcess::enroll_code("ana"); }
  [[nodiscard]] std::string log() const { return server_log(); }
  int terminate(std::chrono::milliseconds limit) { return terminate_within(limit); }
};

class AttackedTablet : public CliDevice {
 public:
  AttackedTablet(const AttackedOffice& office, const std::string& name) : CliDevice(office.dir(), name) {
    const auto r = enroll(office.enroll_code(), name);
    if (r.exit_code != 0) throw std::runtime_error("enroll failed: " + r.err);
  }
  ProcessResult cli(std::vector<std::string> args) const { return run(std::move(args)); }
};

}  // namespace doorstep::test
