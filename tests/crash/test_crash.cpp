#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <sstream>

#include "store/store.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

using namespace doorstep;

namespace {

struct WriterRun {
  std::vector<std::string> saved_notes;
  std::vector<std::string> saved_visits;
  bool was_killed = false;
};

// Starts the writer, lets it run for `run_for`, kills it with SIGKILL and
// returns what it reported as saved before it died.
WriterRun run_and_kill(const std::filesystem::path& store_file, int round, std::chrono::milliseconds run_for) {
  int pipe_fds[2];
  REQUIRE(::pipe2(pipe_fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  const std::string exe = DOORSTEP_CRASH_WRITER;
  const std::string file = store_file.string();
  const std::string round_text = std::to_string(round);
  char* argv[] = {const_cast<char*>(exe.c_str()), const_cast<char*>(file.c_str()),
                  const_cast<char*>(round_text.c_str()), nullptr};
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv, environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);

  std::string output;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + run_for;
  bool ready = false;
  // Wait (up to 10 s) for "ready", then the chosen time, then kill.
  const auto ready_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    const auto until = ready ? deadline : ready_deadline;
    if (now >= until) break;
    pollfd p{pipe_fds[0], POLLIN, 0};
    const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, wait_ms))) > 0) {
      const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
      if (n <= 0) break;
      output.append(buf, static_cast<std::size_t>(n));
      if (!ready && output.find("ready\n") != std::string::npos) {
        ready = true;
      }
    }
  }
  WriterRun run;
  run.was_killed = ::kill(pid, SIGKILL) == 0;
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) output.append(buf, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  REQUIRE(ready);

  std::istringstream lines(output);
  std::string word, kind, id;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream l(line);
    if (l >> word >> kind >> id && word == "saved") (kind == "note" ? run.saved_notes : run.saved_visits).push_back(id);
  }
  return run;
}

}  // namespace

TEST_CASE("a writer killed with SIGKILL at random moments never loses a reported write", "[store][crash]") {
  test::TempDir dir;
  const auto file = dir / "store.db";
  std::mt19937 rng(20261126);
  const char* rounds_env = std::getenv("DOORSTEP_CRASH_ROUNDS");
  const int rounds = rounds_env ? std::atoi(rounds_env) : 200;
  std::vector<std::string> all_notes;
  std::size_t all_visits = 0;
  int kills = 0;
  SystemClock clock;
  for (int round = 0; round < rounds; ++round) {
    const auto run_for = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 60)(rng));
    const WriterRun run = run_and_kill(file, round, run_for);
    kills += run.was_killed ? 1 : 0;
    all_notes.insert(all_notes.end(), run.saved_notes.begin(), run.saved_notes.end());
    all_visits += run.saved_visits.size();

    Store store = Store::open(file, test::kTestKey, clock);
    INFO("round " << round);
    for (const auto& id : run.saved_notes) REQUIRE(store.get_note(id).id == id);
    REQUIRE(store.list_visits("D100001").size() >= all_visits);
    REQUIRE(store.integrity_problems().empty());
    REQUIRE(store.verify_audit().ok());
  }
  Store store = Store::open(file, test::kTestKey, clock);
  CHECK(kills == rounds);
  CHECK(static_cast<std::size_t>(store.count_notes()) >= all_notes.size());
  // Only one open action per (case, rule, kind), however the kills fell.
  CHECK(store.list_actions(std::string_view("D100001"), true).size() == 1);
  WARN("crash test: " << rounds << " SIGKILLs, " << all_notes.size() << " acknowledged notes and " << all_visits
                      << " visits, all present");
}
