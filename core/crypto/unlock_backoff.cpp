#include "crypto/unlock_backoff.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "crypto/atomic_file.hpp"
#include "util/error.hpp"

namespace doorstep {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "doorstep-unlock-state";
constexpr std::size_t kMaxStateSize = 4096;
constexpr std::uint32_t kMaxCountedFailures = 1'000'000;  // far past the cap; stops overflow

struct State {
  std::uint32_t failures = 0;
  UtcMillis last_failure = 0;
};

// nullopt if the text is not a well-formed state file.
std::optional<State> parse_state(const std::string& text) {
  const json v = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!v.is_object()) return std::nullopt;
  const auto format = v.find("format");
  const auto version = v.find("version");
  if (format == v.end() || !format->is_string() || format->get_ref<const std::string&>() != kFormat ||
      version == v.end() || *version != 1) {
    return std::nullopt;
  }
  const auto failures = v.find("failures");
  const auto last = v.find("last_failure_utc_ms");
  if (failures == v.end() || !failures->is_number_unsigned()) return std::nullopt;
  State s;
  s.failures = static_cast<std::uint32_t>(std::min<std::uint64_t>(failures->get<std::uint64_t>(), kMaxCountedFailures));
  if (s.failures > 0) {
    if (last == v.end() || !last->is_number_integer()) return std::nullopt;
    s.last_failure = last->get<UtcMillis>();
  }
  return s;
}

}  // namespace

UnlockBackoff::UnlockBackoff(std::filesystem::path state_path, const Clock& clock)
    : m_path(std::move(state_path)), m_clock(clock) {
  reload();
}

void UnlockBackoff::reload() {
  m_failures = 0;
  m_last_failure = 0;
  const std::optional<std::string> text = read_file_if_exists(m_path, kMaxStateSize);
  if (!text) return;
  // A damaged state file counts as no failures (see the header).
  if (const std::optional<State> s = text->size() <= kMaxStateSize ? parse_state(*text) : std::nullopt) {
    m_failures = s->failures;
    m_last_failure = s->last_failure;
  }
}

UnlockBackoff::AttemptLock::~AttemptLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing the only descriptor drops the flock
}

UnlockBackoff::AttemptLock UnlockBackoff::lock_for_attempt() {
  const std::filesystem::path lock_path = m_path.string() + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(ErrorCode::io, lock_path.string() + ": cannot open the unlock lock: " + std::strerror(errno));
  AttemptLock lock(fd);
  // flock, not fcntl: flock locks belong to the open file description, so
  // two threads of one process exclude each other as two processes do.
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) throw Error(ErrorCode::io, lock_path.string() + ": cannot lock: " + std::strerror(errno));
  }
  reload();
  return lock;
}

UtcMillis UnlockBackoff::wait_after(std::uint32_t failures) {
  if (failures < kFreeFailures) return 0;
  const std::uint32_t exponent = failures - kFreeFailures;
  if (exponent >= 20) return kMaxWaitMs;  // 2^20 s is far past the cap
  return std::min<UtcMillis>(UtcMillis{1000} << exponent, kMaxWaitMs);
}

std::optional<UtcMillis> UnlockBackoff::locked_until() const {
  const UtcMillis wait = wait_after(m_failures);
  if (wait == 0) return std::nullopt;
  const UtcMillis now = m_clock.now_utc_ms();
  // A last failure "in the future" means the clock was set back: count from
  // now, so a wrong clock never locks the officer out for longer than the cap.
  const UtcMillis until = std::min(m_last_failure, now) + wait;
  if (until <= now) return std::nullopt;
  return until;
}

void UnlockBackoff::check_allowed() const {
  const std::optional<UtcMillis> until = locked_until();
  if (!until) return;
  const UtcMillis remaining_ms = *until - m_clock.now_utc_ms();
  const UtcMillis seconds = (remaining_ms + 999) / 1000;
  throw Error(ErrorCode::locked_out, "too many wrong passphrases: try again in " + std::to_string(seconds) + " s");
}

void UnlockBackoff::record_failure() {
  m_failures_before = m_failures;
  m_last_failure_before = m_last_failure;
  m_failures = std::min(m_failures + 1, kMaxCountedFailures);
  m_last_failure = m_clock.now_utc_ms();
  save();
}

void UnlockBackoff::record_success() {
  if (m_failures == 0) return;
  m_failures = 0;
  m_last_failure = 0;
  save();
}

void UnlockBackoff::undo_failure() {
  m_failures = m_failures_before;
  m_last_failure = m_last_failure_before;
  save();
}

void UnlockBackoff::save() const {
  json state = {{"format", kFormat}, {"version", 1}, {"failures", m_failures}};
  if (m_failures > 0) state["last_failure_utc_ms"] = m_last_failure;
  write_file_atomically(m_path, state.dump() + "\n");
}

std::filesystem::path unlock_state_path_for(const std::filesystem::path& key_file) {
  return key_file.parent_path() / "unlock-state.json";
}

}  // namespace doorstep
