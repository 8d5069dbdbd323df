#pragma once
// A long-running program (doorstep-office serve) started for a test: its
// stderr goes to a file the test can wait on; SIGTERM and wait on
// destruction.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/store_fixtures.hpp"

extern char** environ;

namespace doorstep::test {

class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, std::filesystem::path stderr_file)
      : m_stderr(std::move(stderr_file)) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, m_stderr.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&m_pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + argv.at(0));
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess() {
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }

  // The stderr text once it contains `needle`; nullopt after `timeout`.
  [[nodiscard]] std::optional<std::string> wait_for_stderr(const std::string& needle,
                                                           std::chrono::seconds timeout = std::chrono::seconds(60)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = read_file_bytes(m_stderr);
      if (text.find(needle) != std::string::npos) return text;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
  }

 private:
  std::filesystem::path m_stderr;
  pid_t m_pid = -1;
};

}  // namespace doorstep::test
