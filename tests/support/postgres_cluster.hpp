#pragma once
// A throwaway PostgreSQL 15 cluster for tests: `initdb` and `pg_ctl` in a
// temporary folder, listening on a Unix socket in that folder only (no TCP),
// trust authentication for the cluster's own user. Run as root, the server
// runs as the unprivileged `postgres` user (runuser), who is given the
// folder. One cluster per test process (started on first use, stopped and
// removed at exit); each test gets a fresh database from new_database().
// initdb runs once per build tree: its result is kept in
// BUILD/pg-template and copied for each process (initdb costs seconds).
// A watchdog child stops the cluster and removes its folder when the test
// process dies without cleaning up (a crash, a CTest timeout's SIGKILL).
// The tests never skip: a missing PostgreSQL is a failure (scripts/setup.sh
// installs postgresql-15).
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

#ifndef DOORSTEP_PG_BINDIR
#define DOORSTEP_PG_BINDIR "/usr/lib/postgresql/15/bin"
#endif

namespace doorstep::test {

class PostgresCluster {
 public:
  // The process's cluster, started on first use.
  static PostgresCluster& shared() {
    static PostgresCluster cluster;
    return cluster;
  }

  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;
  ~PostgresCluster() { stop(); }

  // A new empty database; returns its postgresql:// URL.
  std::string new_database() {
    static std::atomic<int> n{0};
    const std::string name = "office_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
    must({bin("psql"), "-X", "-q", "-h", socket_dir(), "-U", "postgres", "-d", "postgres", "-c",
          "CREATE DATABASE " + name});
    return url(name);
  }
  [[nodiscard]] std::string url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + socket_dir() + "&user=postgres";
  }
  [[nodiscard]] std::string socket_dir() const { return (m_dir / "socket").string(); }
  [[nodiscard]] static std::string bin(const std::string& tool) { return std::string(DOORSTEP_PG_BINDIR) + "/" + tool; }

  // pg_ctl stop / start (fault tests: the database lost while serving).
  void stop() {
    if (!m_running) return;
    (void)run_as_owner({bin("pg_ctl"), "-D", data_dir(), "-m", "fast", "-w", "stop"});
    m_running = false;
  }
  void start() {
    if (m_running) return;
    must_as_owner({bin("pg_ctl"), "-D", data_dir(), "-l", (m_dir / "server.log").string(), "-w", "-t", "30",
                   "-o", "-c listen_addresses='' -k " + socket_dir() + " -c fsync=" + (m_fsync ? "on" : "off") +
                             " -c max_connections=200",
                   "start"});
    m_running = true;
  }
  [[nodiscard]] bool running() const { return m_running; }
  [[nodiscard]] std::string data_dir() const { return (m_dir / "data").string(); }

  // Runs `argv` as the cluster's owner (postgres when this process is root).
  ProcessResult run_as_owner(std::vector<std::string> argv) const {
    if (::geteuid() == 0) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    return run_process(argv, {{"LC_ALL", "C"}, {"PGUSER", "postgres"}});
  }

 private:
  PostgresCluster() {
    if (!std::filesystem::exists(bin("initdb")))
      throw std::runtime_error(bin("initdb") + " is missing: run scripts/setup.sh (postgresql-15)");
    std::filesystem::create_directories(m_dir / "socket");
    give_to_owner(m_dir.path());
    give_to_owner(m_dir / "socket");
    const std::filesystem::path tmpl = template_dir();
    if (!std::filesystem::exists(tmpl / "data" / "PG_VERSION")) make_template(tmpl);
    const auto copied = run_process({"/bin/cp", "-a", (tmpl / "data").string(), data_dir()});
    if (copied.exit_code != 0) throw std::runtime_error("copying the PostgreSQL template failed: " + copied.err);
    start_watchdog();
    start();
  }

  // A child blocked reading a pipe only this process writes to (close-on-
  // exec, so programs the tests start do not hold it): when this process is
  // gone, the read ends and the child stops the cluster and removes it.
  void start_watchdog() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    const std::string script = std::string(::geteuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : "") + bin("pg_ctl") +
                               " -D '" + data_dir() + "' -m immediate -w stop; rm -rf '" + m_dir.path().string() + "'";
    const char* argv[] = {"/bin/sh", "-c", script.c_str(), nullptr};
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      ::close(fds[1]);
      char c = 0;
      while (::read(fds[0], &c, 1) > 0) {
      }
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::execv("/bin/sh", const_cast<char* const*>(argv));
      ::_exit(127);
    }
    ::close(fds[0]);
    m_watchdog_fd = fds[1];
  }

  static std::filesystem::path template_dir() {
#ifdef DOORSTEP_BINARY_DIR
    return std::filesystem::path(DOORSTEP_BINARY_DIR) / "pg-template";
#else
    return std::filesystem::temp_directory_path() / ("doorstep-pg-template-" + std::to_string(::geteuid()));
#endif
  }

  // initdb into a folder of our own, then renamed into place (atomic: of
  // several test processes doing this at once, one wins, the rest discard theirs).
  void make_template(const std::filesystem::path& tmpl) const {
    const std::filesystem::path mine = tmpl.string() + ".tmp-" + std::to_string(::getpid());
    std::filesystem::create_directories(mine);
    give_to_owner(mine);
    must_as_owner({bin("initdb"), "-D", (mine / "data").string(), "-U", "postgres", "--auth=trust", "--no-sync", "-E",
                   "UTF8", "--locale=C"});
    std::error_code ec;
    std::filesystem::rename(mine, tmpl, ec);
    if (ec) std::filesystem::remove_all(mine, ec);
  }

  static void give_to_owner(const std::filesystem::path& p) {
    if (::geteuid() != 0) return;
    const passwd* pw = ::getpwnam("postgres");
    if (!pw) throw std::runtime_error("no postgres user to run the test cluster as (install postgresql-15)");
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown " + p.string() + " failed");
  }

  void must_as_owner(const std::vector<std::string>& argv) const {
    const auto r = run_as_owner(argv);
    if (r.exit_code != 0) throw std::runtime_error(argv.front() + " failed: " + r.err + r.out);
  }
  void must(const std::vector<std::string>& argv) const {
    const auto r = run_process(argv);
    if (r.exit_code != 0) throw std::runtime_error(argv.front() + " failed: " + r.err + r.out);
  }

  TempDir m_dir;
  int m_watchdog_fd = -1;  // closed when this process ends, however it ends
  bool m_running = false;
  bool m_fsync = std::getenv("DOORSTEP_TEST_PG_FSYNC") != nullptr;
};

// The office backend the sync and end-to-end tests run against:
// $DOORSTEP_TEST_OFFICE_BACKEND = "postgres" or (default) "sqlcipher".
inline bool test_office_on_postgres() {
  const char* b = std::getenv("DOORSTEP_TEST_OFFICE_BACKEND");
  return b && std::string(b) == "postgres";
}

}  // namespace doorstep::test
