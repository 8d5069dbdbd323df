#pragma once
// The office recovery key pair (X25519, libsodium crypto_box). Devices seal
// each store's DEK to the public key at enrollment; only the office holds
// the secret key and can open the seal when an officer forgets a passphrase.
#include <array>
#include <cstdint>

#include "crypto/secure_key.hpp"

namespace doorstep {

using RecoveryPublicKey = std::array<std::uint8_t, 32>;
using RecoveryKeyId = std::array<std::uint8_t, 8>;

struct RecoveryKeyPair {
  RecoveryPublicKey public_key{};
  SecureKey secret_key;  // protected memory
};

RecoveryKeyPair make_recovery_key_pair();

// The first 8 bytes of BLAKE2b-256(public key): names which office key a
// store was sealed to, without revealing anything secret.
RecoveryKeyId recovery_key_id(const RecoveryPublicKey& public_key);

// True iff `secret_key` is the X25519 secret key belonging to `public_key`.
bool recovery_keys_match(const RecoveryPublicKey& public_key, const SecureKey& secret_key);

}  // namespace doorstep
