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

  // When the next attempt is allowed, or nullopt if it is allowed now.
  [[nodiscard]] std::optional<UtcMillis> locked_until() const;
  // Throws Error(locked_out, "too many wrong passphrases: try again in N s").
  void check_allowed() const;
  // Count a wrong passphrase and persist it (the in-memory count is updated
  // even if writing fails; then Error(io)/Error(disk_full) is thrown).
  void record_failure();
  // Reset the count and persist it (no write if already zero).
  void record_success();

  [[nodiscard]] std::uint32_t failures() const { return m_failures; }
  [[nodiscard]] const std::filesystem::path& state_path() const { return m_path; }

  // How long the next attempt must wait after `failures` failures.
  static UtcMillis wait_after(std::uint32_t failures);

 private:
  void save() const;

  std::filesystem::path m_path;
  const Clock& m_clock;
  std::uint32_t m_failures = 0;
  UtcMillis m_last_failure = 0;  // meaningful only when m_failures > 0
};

// `unlock-state.json` in the key file's folder.
std::filesystem::path unlock_state_path_for(const std::filesystem::path& key_file);

}  // namespace doorstep
