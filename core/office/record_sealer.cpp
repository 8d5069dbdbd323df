#include "office/record_sealer.hpp"

#include <sodium.h>

#include "util/error.hpp"

namespace doorstep::office {

RecordSealer::RecordSealer(std::span<const std::uint8_t> office_key) {
  if (sodium_init() < 0) throw Error(ErrorCode::internal, "libsodium failed to initialise");
  if (office_key.size() != crypto_kdf_KEYBYTES) throw Error(ErrorCode::bad_input, "the office key must be 32 bytes");
  static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32 && crypto_generichash_KEYBYTES_MAX >= 32);
  crypto_kdf_derive_from_key(m_seal_key.data(), m_seal_key.size(), 1, "dsoffice", office_key.data());
  crypto_kdf_derive_from_key(m_fingerprint_key.data(), m_fingerprint_key.size(), 2, "dsoffice", office_key.data());
}

RecordSealer::~RecordSealer() {
  sodium_memzero(m_seal_key.data(), m_seal_key.size());
  sodium_memzero(m_fingerprint_key.data(), m_fingerprint_key.size());
}

std::vector<std::uint8_t> RecordSealer::seal(std::string_view associated, std::string_view plaintext) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<std::uint8_t> out(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + kNonce, &written, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), nullptr, out.data(),
      m_seal_key.data());
  out.resize(kNonce + written);
  return out;
}

std::string RecordSealer::open(std::string_view associated, std::span<const std::uint8_t> sealed) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag)
    throw Error(ErrorCode::damaged, "a sealed value in the office database is too short to be one");
  std::string out(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &written, nullptr,
                                                 sealed.data() + kNonce, sealed.size() - kNonce,
                                                 reinterpret_cast<const unsigned char*>(associated.data()),
                                                 associated.size(), sealed.data(), m_seal_key.data()) != 0)
    throw Error(ErrorCode::damaged,
                "a sealed value in the office database does not open with this office key (wrong key, or the row was "
                "altered or moved)");
  out.resize(written);
  return out;
}

AuditHash RecordSealer::keyed(const AuditHash& fingerprint) const {
  AuditHash out{};
  crypto_generichash(out.data(), out.size(), fingerprint.data(), fingerprint.size(), m_fingerprint_key.data(),
                     m_fingerprint_key.size());
  return out;
}

std::string row_associated_data(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto p : parts) {
    out += std::to_string(p.size());
    out += ':';
    out += p;
  }
  return out;
}

}  // namespace doorstep::office
