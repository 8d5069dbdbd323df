#include "crypto/recovery_key.hpp"

#include <sodium.h>

#include <algorithm>

#include "crypto/hash.hpp"
#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"

namespace doorstep {

static_assert(crypto_box_PUBLICKEYBYTES == std::tuple_size_v<RecoveryPublicKey>);
static_assert(crypto_box_SECRETKEYBYTES == SecureKey::kSize);

RecoveryKeyPair make_recovery_key_pair() {
  ensure_sodium();
  RecoveryKeyPair pair;
  SecureBuffer secret(crypto_box_SECRETKEYBYTES);
  if (crypto_box_keypair(pair.public_key.data(), secret.data()) != 0) {
    throw Error(ErrorCode::internal, "could not generate the recovery key pair");
  }
  pair.secret_key = SecureKey::adopt(std::move(secret));
  return pair;
}

RecoveryKeyId recovery_key_id(const RecoveryPublicKey& public_key) {
  const Digest256 digest = blake2b_256(public_key);
  RecoveryKeyId id{};
  std::copy_n(digest.begin(), id.size(), id.begin());
  return id;
}

bool recovery_keys_match(const RecoveryPublicKey& public_key, const SecureKey& secret_key) {
  ensure_sodium();
  if (secret_key.bytes().size() != crypto_box_SECRETKEYBYTES) return false;
  RecoveryPublicKey derived{};
  if (crypto_scalarmult_base(derived.data(), secret_key.bytes().data()) != 0) return false;
  return sodium_memcmp(derived.data(), public_key.data(), derived.size()) == 0;
}

}  // namespace doorstep
