#include "office/console_password.hpp"

#include <sodium.h>

#include "crypto/passphrase_policy.hpp"
#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"

namespace doorstep::office {

std::string hash_console_password(std::string_view password, const KdfParams& costs) {
  require_acceptable_passphrase(password);
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), costs.opslimit, costs.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(ErrorCode::internal, "the password could not be hashed (out of memory?)");
  return std::string(out);
}

bool verify_console_password(std::string_view argon2id_hash, std::string_view password) {
  ensure_sodium();
  if (argon2id_hash.size() >= crypto_pwhash_STRBYTES || !argon2id_hash.starts_with("$argon2id$")) return false;
  const std::string h(argon2id_hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace doorstep::office
