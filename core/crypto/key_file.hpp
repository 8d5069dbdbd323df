#pragma once
// The store's key file. The DEK that encrypts the store is never written in
// the clear: it is wrapped (XChaCha20-Poly1305) under a KEK derived from the
// officer's passphrase with Argon2id, and optionally sealed (crypto_box_seal)
// to the office recovery public key. On disk it is JSON, version 1:
//   {"format":"doorstep-keyfile","version":1,
//    "kdf":{"alg":"argon2id13","opslimit":3,"memlimit":268435456,"salt":"<32 hex>"},
//    "wrap":{"alg":"xchacha20poly1305-ietf","nonce":"<48 hex>","ciphertext":"<96 hex>"},
//    "recovery":{"alg":"x25519-sealedbox","sealed":"<160 hex>","recovery_key_id":"<16 hex>"},
//    "store_id":"..."}
// "recovery" is optional. The wrap's associated data binds format, version
// and store_id, so a wrap moved to another store's file does not open.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/kdf_params.hpp"
#include "crypto/recovery_key.hpp"
#include "crypto/secure_key.hpp"

namespace doorstep {

struct RecoveryWrap {
  std::array<std::uint8_t, 80> sealed{};  // crypto_box_seal(DEK): 32 + 48 bytes
  RecoveryKeyId recovery_key_id{};
  bool operator==(const RecoveryWrap&) const = default;
};

struct KeyFile {
  static constexpr int kVersion = 1;

  KdfParams kdf;
  std::array<std::uint8_t, 16> salt{};        // crypto_pwhash_SALTBYTES
  std::array<std::uint8_t, 24> nonce{};       // XChaCha20-Poly1305 nonce
  std::array<std::uint8_t, 48> ciphertext{};  // DEK (32) + tag (16)
  std::optional<RecoveryWrap> recovery;
  std::string store_id;
  bool operator==(const KeyFile&) const = default;
};

// ---- Wrapping (key_file.cpp) -------------------------------------------------

// Enrollment: a fresh random DEK (returned in out_dek), wrapped under
// `passphrase` and, if given, sealed to the office recovery key.
// Throws Error(bad_input) for an empty passphrase or store_id, params
// outside KdfParams limits, or an invalid recovery public key.
KeyFile create_key_file(std::string_view passphrase, const KdfParams& params,
                        std::optional<RecoveryPublicKey> recovery_public_key, std::string store_id,
                        SecureKey& out_dek);

// The DEK. Throws Error(wrong_passphrase, "wrong passphrase") when the AEAD
// does not open: a wrong passphrase or a tampered wrap look the same.
SecureKey unwrap(const KeyFile& file, std::string_view passphrase);

// Passphrase change: same DEK, new salt and nonce under `new_params`;
// recovery wrap and store_id kept. Throws like unwrap() for old_passphrase.
KeyFile rewrap(const KeyFile& file, std::string_view old_passphrase, std::string_view new_passphrase,
               const KdfParams& new_params);

// Office side: open the recovery seal. Throws Error(bad_input) if the file
// has no recovery wrap or the secret key does not belong to the public key;
// Error(wrong_passphrase) if the store was sealed to a different office key
// or the seal does not open.
SecureKey recover_with_office_key(const KeyFile& file, const RecoveryPublicKey& public_key,
                                  const SecureKey& secret_key);

// Office side: set a new passphrase on a store whose officer forgot it.
// Same DEK, recovery wrap and store_id; fresh salt and nonce.
KeyFile reset_passphrase_with_recovery(const KeyFile& file, const RecoveryPublicKey& public_key,
                                       const SecureKey& secret_key, std::string_view new_passphrase,
                                       const KdfParams& new_params);

// ---- On disk (key_file_json.cpp) ---------------------------------------------

nlohmann::json to_json(const KeyFile& file);
// Validates every field; anything malformed or unknown is
// Error(damaged, "<path_for_errors>: key file is damaged: <what>").
KeyFile key_file_from_json(const nlohmann::json& value, std::string_view path_for_errors);

// Temp file in the same folder (mode 0600), fsync, rename over, fsync folder.
void write_key_file_atomically(const std::filesystem::path& path, const KeyFile& file);
// Error(io) if missing or unreadable; Error(damaged) if not a valid key file.
KeyFile read_key_file(const std::filesystem::path& path);

}  // namespace doorstep
