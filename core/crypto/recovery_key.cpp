#include "crypto/recovery_key.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "crypto/hash.hpp"
#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

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

namespace {

constexpr std::string_view kRecoveryFormat = "doorstep-recovery-key";

// Wipes a std::string holding key material when it goes away.
struct WipedString {
  std::string text;
  ~WipedString() { sodium_memzero(text.data(), text.size()); }
};

SecureKey secret_from_hex(std::string_view hex, std::string_view path_for_errors) {
  auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != SecureKey::kSize) {
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    throw Error(ErrorCode::bad_input, std::string(path_for_errors) + ": the secret key is not 64 hex digits");
  }
  SecureKey key = SecureKey::from_bytes(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

}  // namespace

std::string recovery_key_file_text(const RecoveryKeyPair& pair) {
  WipedString secret_hex{to_hex(pair.secret_key.bytes())};
  std::string text =
      "# Doorstep office recovery key. It opens the data key of EVERY tablet enrolled with this office.\n"
      "# Keep it offline (e.g. two USB sticks in the office safe); never in the office data folder.\n"
      "# Used by: doorstep-office recover --recovery-key THIS_FILE --store DEVICE_STORE_DIR\n";
  text += "{\"format\":\"" + std::string(kRecoveryFormat) + "\",\"version\":1,\"public_key\":\"" +
          to_hex(pair.public_key) + "\",\"secret_key\":\"" + secret_hex.text + "\",\"recovery_key_id\":\"" +
          to_hex(recovery_key_id(pair.public_key)) + "\"}\n";
  return text;
}

RecoveryKeyPair parse_recovery_key_file(std::string_view text, std::string_view path_for_errors) {
  ensure_sodium();
  const std::string where(path_for_errors);
  // Drop comment lines and surrounding blanks.
  WipedString body;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty() && line.front() != '#') body.text.append(line);
    start = end + 1;
  }

  RecoveryKeyPair pair;
  if (body.text.size() == 2 * SecureKey::kSize && from_hex(body.text)) {
    // The old data folder's recovery-secret.hex: the secret key alone.
    pair.secret_key = secret_from_hex(body.text, where);
    if (crypto_scalarmult_base(pair.public_key.data(), pair.secret_key.bytes().data()) != 0)
      throw Error(ErrorCode::bad_input, where + ": not a usable recovery secret key");
    return pair;
  }
  nlohmann::json j = nlohmann::json::parse(body.text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", "") != kRecoveryFormat || j.value("version", 0) != 1 ||
      !j.contains("public_key") || !j["public_key"].is_string() || !j.contains("secret_key") ||
      !j["secret_key"].is_string()) {
    throw Error(ErrorCode::bad_input, where + ": not a Doorstep recovery key file");
  }
  const auto public_bytes = from_hex(j["public_key"].get<std::string>());
  if (!public_bytes || public_bytes->size() != pair.public_key.size())
    throw Error(ErrorCode::bad_input, where + ": the public key is not 64 hex digits");
  std::copy(public_bytes->begin(), public_bytes->end(), pair.public_key.begin());
  {
    WipedString secret_hex{j["secret_key"].get<std::string>()};
    j["secret_key"].get_ref<std::string&>().assign(secret_hex.text.size(), '0');  // wipe the json's copy
    pair.secret_key = secret_from_hex(secret_hex.text, where);
  }
  if (!recovery_keys_match(pair.public_key, pair.secret_key))
    throw Error(ErrorCode::bad_input, where + ": the secret key does not belong to the public key (damaged file?)");
  return pair;
}

}  // namespace doorstep
