#pragma once
// The office recovery key pair (X25519, libsodium crypto_box). Devices seal
// each store's DEK to the public key at enrollment; only the office holds
// the secret key and can open the seal when an officer forgets a passphrase.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

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

// ---- The offline recovery key file --------------------------------------
// `doorstep-office init` writes the key pair ONCE to a file the administrator
// moves offline; the office data folder keeps only the public key. Format
// (text, mode 0600):
//   # Doorstep office recovery key ... (comment lines start with '#')
//   {"format":"doorstep-recovery-key","version":1,
//    "public_key":"<64 hex>","secret_key":"<64 hex>","recovery_key_id":"<16 hex>"}

// The file's text. The caller wipes it (sodium_memzero) after writing.
std::string recovery_key_file_text(const RecoveryKeyPair& pair);

// Parses a recovery key file. Also accepts the old data folder's
// recovery-secret.hex (64 hex digits of the secret key alone; the public key
// is derived from it). Error(bad_input, "<path_for_errors>: ...") if it is
// neither, or if the secret and public keys do not match.
RecoveryKeyPair parse_recovery_key_file(std::string_view text, std::string_view path_for_errors);

}  // namespace doorstep
