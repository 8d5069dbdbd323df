#pragma once
// Exponential backoff after wrong passphrases, persisted next to the key
// file (unlock-state.json) so restarting the app does not reset it.
// Policy: after n consecutive failures the next attempt must wait
//   0 s for n < 3, then 2^(n-3) s (1, 2, 4, 8, ...) capped at 15 minutes,
// counted from the last failure. Three attempts are free; the fourth waits
// 1 s, the fifth 2 s, and so on. A success resets the count.
// Nothing is ever wiped on failures: a wipe would destroy unsynced
// safeguarding records.
// This slows guessing through the app; it is not a barrier against someone
// who can edit files (they could delete the state file), which is why the
// state file is not authenticated and a damaged one counts as no failures.
//
// Concurrency: one attempt at a time per store. An attempt holds an
// exclusive flock(2) on `<state file>.lock` (lock_for_attempt) from before
// check_allowed until the result is recorded, and reloads the state under
// the lock, so parallel attempts (threads or processes) are serialised and
// each sees the previous one's count. The state file itself is still
// replaced atomically (write_file_atomically), so a crash leaves the old or
// the new count; the kernel drops the lock when the holder dies.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "util/clock.hpp"
#include "util/date.hpp"

namespace doorstep {

class UnlockBackoff {
 public:
  static constexpr std::uint32_t kFreeFailures = 3;
  static constexpr UtcMillis kMaxWaitMs = 15 * 60 * 1000;

  // Loads `state_path` (a missing file means no failures). The clock must
  // outlive this object. Throws Error(io) only if the file exists and
  // cannot be read.
  UnlockBackoff(std::filesystem::path state_path, const Clock& clock);
  UnlockBackoff(std::filesystem::path, const Clock&&) = delete;  // would dangle

  // Holds the attempt lock; releases it when destroyed. Movable, not copyable.
  class AttemptLock {
   public:
    explicit AttemptLock(int fd) : m_fd(fd) {}
    AttemptLock(AttemptLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    AttemptLock(const AttemptLock&) = delete;
    AttemptLock& operator=(const AttemptLock&) = delete;
    AttemptLock& operator=(AttemptLock&&) = delete;
    ~AttemptLock();

   private:
    int m_fd;
  };

  // Blocks until no other attempt on this state file (in any thread or
  // process) holds the lock, takes it, and reloads the count from disk.
  // Error(io) if the lock file cannot be created or locked.
  [[nodiscard]] AttemptLock lock_for_attempt();

  // When the next attempt is allowed, or nullopt if it is allowed now.
  [[nodiscard]] std::optional<UtcMillis> locked_until() const;
  // Throws Error(locked_out, "too many wrong passphrases: try again in N s").
  void check_allowed() const;
  // Count a wrong passphrase and persist it (the in-memory count is updated
  // even if writing fails; then Error(io)/Error(disk_full) is thrown).
  void record_failure();
  // Reset the count and persist it (no write if already zero).
  void record_success();
  // Put back the state from before the last record_failure() and persist it:
  // for an attempt counted up front that turned out not to be a wrong
  // passphrase (e.g. a damaged key file).
  void undo_failure();

  [[nodiscard]] std::uint32_t failures() const { return m_failures; }
  [[nodiscard]] const std::filesystem::path& state_path() const { return m_path; }

  // How long the next attempt must wait after `failures` failures.
  static UtcMillis wait_after(std::uint32_t failures);

 private:
  void reload();
  void save() const;

  std::filesystem::path m_path;
  const Clock& m_clock;
  std::uint32_t m_failures = 0;
  UtcMillis m_last_failure = 0;  // meaningful only when m_failures > 0
  std::uint32_t m_failures_before = 0;   // for undo_failure()
  UtcMillis m_last_failure_before = 0;
};

// `unlock-state.json` in the key file's folder.
std::filesystem::path unlock_state_path_for(const std::filesystem::path& key_file);

}  // namespace doorstep
