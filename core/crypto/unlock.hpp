#pragma once
// Unlocking a store's key file with the passphrase backoff applied.
#include <filesystem>
#include <functional>
#include <string_view>

#include "crypto/secure_key.hpp"
#include "crypto/unlock_backoff.hpp"

namespace doorstep {

// One counted passphrase attempt. Under the backoff's attempt lock (so
// parallel attempts run one at a time): reload the count, check_allowed
// (Error(locked_out)), record a failure BEFORE `try_passphrase` runs the
// KDF, then run it. If it returns, the count is reset (a success); if it
// throws Error(wrong_passphrase) the failure stays counted; if it throws
// another Error (io, damaged...) the count is put back. A kill or crash
// during the KDF therefore leaves the attempt counted.
// If persisting the state fails, the in-memory count still applies and the
// attempt's own result (or error) is what the caller gets: an unwritable
// state file must not stop an officer reaching unsynced records.
void attempt_with_backoff(UnlockBackoff& backoff, const std::function<void()>& try_passphrase);

// attempt_with_backoff around: read the key file (Error(io) /
// Error(damaged)), unwrap (Error(wrong_passphrase)).
SecureKey unlock_with_backoff(const std::filesystem::path& key_file, std::string_view passphrase,
                              UnlockBackoff& backoff);

}  // namespace doorstep
