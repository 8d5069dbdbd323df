#include <sodium.h>

#include <string>
#include <utility>

#include "crypto/key_file.hpp"
#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep {

static_assert(crypto_pwhash_argon2id_OPSLIMIT_MIN <= KdfParams::kMinOps);
static_assert(crypto_pwhash_argon2id_MEMLIMIT_MIN <= KdfParams::kMinMem);
static_assert(std::tuple_size_v<decltype(KeyFile::salt)> == crypto_pwhash_SALTBYTES);
static_assert(std::tuple_size_v<decltype(KeyFile::nonce)> == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(std::tuple_size_v<decltype(KeyFile::ciphertext)> ==
              SecureKey::kSize + crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(std::tuple_size_v<decltype(RecoveryWrap::sealed)> == SecureKey::kSize + crypto_box_SEALBYTES);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == SecureKey::kSize);

namespace {

// Associated data of the wrap: format, version and store id. The format and
// version are fixed, so the encoding is unambiguous.
std::string wrap_associated_data(const std::string& store_id) {
  std::string ad = "doorstep-keyfile";
  ad.push_back('\0');
  ad += std::to_string(KeyFile::kVersion);
  ad.push_back('\0');
  ad += store_id;
  return ad;
}

const unsigned char* ad_bytes(const std::string& ad) { return reinterpret_cast<const unsigned char*>(ad.data()); }

// The KEK, in protected memory. Throws Error(internal) if Argon2id cannot
// get its memory.
SecureBuffer derive_kek(std::string_view passphrase, const KdfParams& params,
                        const std::array<std::uint8_t, 16>& salt) {
  SecureBuffer kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  const char* pass = passphrase.empty() ? "" : passphrase.data();
  if (crypto_pwhash(kek.data(), kek.size(), pass, passphrase.size(), salt.data(), params.opslimit, params.memlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorCode::internal, "not enough memory to derive the key (Argon2id needs " +
                                         std::to_string(params.memlimit >> 20) + " MiB)");
  }
  return kek;
}

void check_params(const KdfParams& params) {
  if (!params.within_limits()) {
    throw Error(ErrorCode::bad_input, "Argon2id parameters out of range: opslimit " + std::to_string(params.opslimit) +
                                          ", memlimit " + std::to_string(params.memlimit));
  }
}

// A file with a fresh salt and nonce wrapping `dek` under `passphrase`.
// `recovery` and `store_id` are copied as given.
KeyFile wrap_dek(const SecureKey& dek, std::string_view passphrase, const KdfParams& params,
                 std::optional<RecoveryWrap> recovery, std::string store_id) {
  if (passphrase.empty()) throw Error(ErrorCode::bad_input, "the passphrase must not be empty");
  if (store_id.empty()) throw Error(ErrorCode::bad_input, "store_id must not be empty");
  check_params(params);
  KeyFile file;
  file.kdf = params;
  file.recovery = std::move(recovery);
  file.store_id = std::move(store_id);
  randombytes_buf(file.salt.data(), file.salt.size());
  randombytes_buf(file.nonce.data(), file.nonce.size());
  const SecureBuffer kek = derive_kek(passphrase, params, file.salt);
  const std::string ad = wrap_associated_data(file.store_id);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(file.ciphertext.data(), &written, dek.bytes().data(),
                                             dek.bytes().size(), ad_bytes(ad), ad.size(), nullptr,
                                             file.nonce.data(), kek.data());
  if (written != file.ciphertext.size()) throw Error(ErrorCode::internal, "key wrap produced the wrong size");
  return file;
}

RecoveryWrap seal_to_office(const SecureKey& dek, const RecoveryPublicKey& public_key) {
  RecoveryWrap wrap;
  if (crypto_box_seal(wrap.sealed.data(), dek.bytes().data(), dek.bytes().size(), public_key.data()) != 0) {
    throw Error(ErrorCode::bad_input, "the office recovery public key is not a valid X25519 key");
  }
  wrap.recovery_key_id = recovery_key_id(public_key);
  return wrap;
}

}  // namespace

KeyFile create_key_file(std::string_view passphrase, const KdfParams& params,
                        std::optional<RecoveryPublicKey> recovery_public_key, std::string store_id,
                        SecureKey& out_dek) {
  ensure_sodium();
  SecureKey dek = SecureKey::random();
  std::optional<RecoveryWrap> recovery;
  if (recovery_public_key) recovery = seal_to_office(dek, *recovery_public_key);
  KeyFile file = wrap_dek(dek, passphrase, params, std::move(recovery), std::move(store_id));
  out_dek = std::move(dek);
  return file;
}

SecureKey unwrap(const KeyFile& file, std::string_view passphrase) {
  ensure_sodium();
  if (!file.kdf.within_limits()) throw Error(ErrorCode::damaged, "key file is damaged: Argon2id parameters out of range");
  const SecureBuffer kek = derive_kek(passphrase, file.kdf, file.salt);
  const std::string ad = wrap_associated_data(file.store_id);
  SecureBuffer dek(SecureKey::kSize);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(dek.data(), &written, nullptr, file.ciphertext.data(),
                                                 file.ciphertext.size(), ad_bytes(ad), ad.size(),
                                                 file.nonce.data(), kek.data()) != 0 ||
      written != SecureKey::kSize) {
    throw Error(ErrorCode::wrong_passphrase, "wrong passphrase");
  }
  return SecureKey::adopt(std::move(dek));
}

KeyFile rewrap(const KeyFile& file, std::string_view old_passphrase, std::string_view new_passphrase,
               const KdfParams& new_params) {
  const SecureKey dek = unwrap(file, old_passphrase);
  return wrap_dek(dek, new_passphrase, new_params, file.recovery, file.store_id);
}

SecureKey recover_with_office_key(const KeyFile& file, const RecoveryPublicKey& public_key,
                                  const SecureKey& secret_key) {
  ensure_sodium();
  if (!file.recovery) {
    throw Error(ErrorCode::bad_input, "store " + file.store_id + " has no office recovery wrap: it cannot be recovered");
  }
  if (!recovery_keys_match(public_key, secret_key)) {
    throw Error(ErrorCode::bad_input, "the office recovery secret key does not belong to the public key given");
  }
  const RecoveryKeyId id = recovery_key_id(public_key);
  if (id != file.recovery->recovery_key_id) {
    throw Error(ErrorCode::wrong_passphrase, "store " + file.store_id + " was sealed to office key " +
                                                 to_hex(file.recovery->recovery_key_id) + ", not " + to_hex(id));
  }
  SecureBuffer dek(SecureKey::kSize);
  if (crypto_box_seal_open(dek.data(), file.recovery->sealed.data(), file.recovery->sealed.size(), public_key.data(),
                           secret_key.bytes().data()) != 0) {
    throw Error(ErrorCode::wrong_passphrase, "the office recovery seal of store " + file.store_id + " does not open");
  }
  return SecureKey::adopt(std::move(dek));
}

KeyFile reset_passphrase_with_recovery(const KeyFile& file, const RecoveryPublicKey& public_key,
                                       const SecureKey& secret_key, std::string_view new_passphrase,
                                       const KdfParams& new_params) {
  const SecureKey dek = recover_with_office_key(file, public_key, secret_key);
  return wrap_dek(dek, new_passphrase, new_params, file.recovery, file.store_id);
}

}  // namespace doorstep
