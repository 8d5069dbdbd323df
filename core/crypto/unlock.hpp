#pragma once
// Unlocking a store's key file with the passphrase backoff applied.
#include <filesystem>
#include <string_view>

#include "crypto/secure_key.hpp"
#include "crypto/unlock_backoff.hpp"

namespace doorstep {

// check_allowed (Error(locked_out)), read the key file (Error(io) /
// Error(damaged)), unwrap (Error(wrong_passphrase)). Only wrong_passphrase
// counts as a failure; a success resets the count. If persisting the
// backoff state fails, the in-memory count still applies and the unlock
// result (the key or wrong_passphrase) is what the caller gets.
SecureKey unlock_with_backoff(const std::filesystem::path& key_file, std::string_view passphrase,
                              UnlockBackoff& backoff);

}  // namespace doorstep
