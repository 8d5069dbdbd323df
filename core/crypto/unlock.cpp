#include "crypto/unlock.hpp"

#include "crypto/key_file.hpp"
#include "util/error.hpp"

namespace doorstep {

SecureKey unlock_with_backoff(const std::filesystem::path& key_file, std::string_view passphrase,
                              UnlockBackoff& backoff) {
  backoff.check_allowed();
  const KeyFile file = read_key_file(key_file);
  SecureKey dek;
  try {
    dek = unwrap(file, passphrase);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::wrong_passphrase) {
      try {
        backoff.record_failure();
      } catch (const Error&) {
        // Counted in memory; the officer should still see "wrong passphrase".
      }
    }
    throw;
  }
  try {
    backoff.record_success();
  } catch (const Error&) {
    // The key is good; a stale count on disk only costs a wait next time.
  }
  return dek;
}

}  // namespace doorstep
