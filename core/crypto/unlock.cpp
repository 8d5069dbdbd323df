#include "crypto/unlock.hpp"

#include "crypto/key_file.hpp"
#include "util/error.hpp"

namespace doorstep {

namespace {

// Runs a backoff write; a failure to persist is tolerated (see the header).
template <class F>
void persist_quietly(F&& write) {
  try {
    write();
  } catch (const Error&) {
    // Counted in memory; the attempt's result is what matters to the caller.
  }
}

}  // namespace

void attempt_with_backoff(UnlockBackoff& backoff, const std::function<void()>& try_passphrase) {
  const UnlockBackoff::AttemptLock lock = backoff.lock_for_attempt();
  backoff.check_allowed();
  persist_quietly([&] { backoff.record_failure(); });  // counted before the KDF runs
  try {
    try_passphrase();
  } catch (const Error& e) {
    if (e.code() != ErrorCode::wrong_passphrase) persist_quietly([&] { backoff.undo_failure(); });
    throw;
  }
  persist_quietly([&] { backoff.record_success(); });
}

SecureKey unlock_with_backoff(const std::filesystem::path& key_file, std::string_view passphrase,
                              UnlockBackoff& backoff) {
  SecureKey dek;
  attempt_with_backoff(backoff, [&] { dek = unwrap(read_key_file(key_file), passphrase); });
  return dek;
}

}  // namespace doorstep
