#pragma once
// The office data folder (--data DIR):
//   office.db              SQLCipher office store
//   office.key             its raw key, 64 hex (0600), unless $DOORSTEP_OFFICE_KEY holds it
//   tls-cert.pem / tls-key.pem (0600)
//   recovery-public.hex / recovery-secret.hex (0600)
//   config.json            {"advertise": "HOST:PORT"} for enrollment codes
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "crypto/recovery_key.hpp"
#include "office/office_store.hpp"

namespace doorstep::office_app {

struct InitOptions {
  std::vector<std::string> hosts;  // certificate SANs
  std::string advertise;           // HOST:PORT in enrollment codes
  std::string cert_file, key_file; // use these instead of a self-signed pair
  int cert_days = 825;
};

class OfficeData {
 public:
  explicit OfficeData(std::filesystem::path dir) : m_dir(std::move(dir)) {}
  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

  // Creates the folder's contents; returns the certificate's SPKI pin (hex).
  std::string init(const InitOptions& options, UtcMillis now) const;
  [[nodiscard]] std::unique_ptr<office::OfficeStore> open_store() const;
  [[nodiscard]] std::string cert_pem() const;
  [[nodiscard]] std::string key_pem() const;
  [[nodiscard]] RecoveryPublicKey recovery_public_key() const;
  [[nodiscard]] std::string advertise() const;

 private:
  [[nodiscard]] std::string raw_key() const;  // x'...'
  std::filesystem::path m_dir;
};

}  // namespace doorstep::office_app
