#pragma once
// Console passwords: libsodium's Argon2id string form (crypto_pwhash_str_alg,
// ALG_ARGON2ID13), which carries its own salt and costs, so a hash made with
// the cheap test costs still verifies after the defaults change.
#include <string>
#include <string_view>

#include "crypto/kdf_params.hpp"

namespace doorstep::office {

// Error(bad_input) if the password fails the passphrase policy (the same
// one the tablets use); Error(internal) if libsodium cannot hash.
std::string hash_console_password(std::string_view password, const KdfParams& costs);
// False for a wrong password or a hash that is not an Argon2id string.
bool verify_console_password(std::string_view argon2id_hash, std::string_view password);

}  // namespace doorstep::office
