#pragma once
// Personal data sealed value by value with the office data key, for a
// database the office does not encrypt as a whole (PostgreSQL): its rows,
// dumps and backups then hold only ids, CRNs, sequence numbers, officer
// ids, times and ciphertext.
//
// seal: XChaCha20-Poly1305 IETF (libsodium), a random 24-byte nonce
// prefixed to the ciphertext; the associated data names the row (entity, id,
// CRN...), so a sealed value moved to another row does not open.
// Subkeys come from the office key with crypto_kdf (context "dsoffice"):
// 1 seals values, 2 keys the fingerprints of a case's office-owned facts.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_chain.hpp"

namespace doorstep::office {

class RecordSealer {
 public:
  // `office_key`: the office's 32-byte key (office.key / DOORSTEP_OFFICE_KEY).
  // Error(bad_input) unless it is 32 bytes.
  explicit RecordSealer(std::span<const std::uint8_t> office_key);
  ~RecordSealer();
  RecordSealer(const RecordSealer&) = delete;
  RecordSealer& operator=(const RecordSealer&) = delete;

  [[nodiscard]] std::vector<std::uint8_t> seal(std::string_view associated, std::string_view plaintext) const;
  // Error(damaged) if `sealed` is not a value this key sealed for `associated`.
  [[nodiscard]] std::string open(std::string_view associated, std::span<const std::uint8_t> sealed) const;
  // A keyed BLAKE2b of `fingerprint`: equal inputs stay equal (lookups work)
  // but a low-entropy fingerprint cannot be guessed from the database.
  [[nodiscard]] AuditHash keyed(const AuditHash& fingerprint) const;

 private:
  std::array<std::uint8_t, 32> m_seal_key{};
  std::array<std::uint8_t, 32> m_fingerprint_key{};
};

// Associated data for a row: each part length-prefixed, so no choice of ids
// makes two different rows' data equal.
std::string row_associated_data(std::initializer_list<std::string_view> parts);
// The associated data of a record's sealed payload (records.payload).
inline std::string record_payload_ad(std::string_view entity, std::string_view id, std::string_view crn) {
  return row_associated_data({"records.payload", entity, id, crn});
}

}  // namespace doorstep::office
