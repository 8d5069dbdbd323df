#pragma once
// The office data folder (--data DIR):
//   office.db              SQLCipher office store (the embedded default), or
//   database.url           the PostgreSQL office database's URL (0600), when init had
//                          --database or $DOORSTEP_OFFICE_DATABASE ($DOORSTEP_OFFICE_DATABASE
//                          overrides it on every command)
//   office.key             the office key, 64 hex (0600), unless $DOORSTEP_OFFICE_KEY holds it:
//                          SQLCipher's raw key, or the key PostgreSQL rows are sealed with
//   tls-cert.pem / tls-key.pem (0600)
//   recovery-public.hex    the recovery PUBLIC key (devices seal their DEK to it)
//   config.json            {"advertise": "HOST:PORT"} for enrollment codes
// The recovery SECRET key is never kept here: init writes it once to an
// offline key file (--recovery-out) for the administrator to move away.
// Folders made before that still hold recovery-secret.hex; serve warns.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "crypto/recovery_key.hpp"
#include "office/console_store.hpp"
#include "office/office_store.hpp"

namespace doorstep::office_app {

struct InitOptions {
  std::vector<std::string> hosts;  // certificate SANs
  std::string advertise;           // HOST:PORT in enrollment codes
  std::string cert_file, key_file; // use these instead of a self-signed pair
  int cert_days = 825;
  std::filesystem::path recovery_out;  // the offline recovery key file; default: default_recovery_out()
  std::string database;  // postgresql://... (else $DOORSTEP_OFFICE_DATABASE, else SQLCipher office.db)
};

struct InitResult {
  std::string spki_pin;                 // hex
  std::filesystem::path recovery_file;  // where the recovery secret was written
};

class OfficeData {
 public:
  explicit OfficeData(std::filesystem::path dir) : m_dir(std::move(dir)) {}
  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

  // Creates the folder's contents and the offline recovery key file.
  // Checked before anything is written: Error(conflict) if an office exists
  // here or the recovery file exists (never overwritten); Error(usage) if
  // the recovery file would be inside the data folder.
  InitResult init(const InitOptions& options, UtcMillis now) const;
  // ./doorstep-recovery-YYYY-MM-DD.key (in the working directory).
  static std::filesystem::path default_recovery_out(UtcMillis now);
  // The pre-offline-key layout: recovery-secret.hex still in the folder.
  [[nodiscard]] std::filesystem::path legacy_recovery_secret() const { return m_dir / "recovery-secret.hex"; }
  [[nodiscard]] bool holds_recovery_secret() const;
  // The office store: PostgreSQL if database_url() names one, else office.db.
  // Error(network) if PostgreSQL cannot be reached.
  [[nodiscard]] std::unique_ptr<office::OfficeStore> open_store() const;
  // The console's tables beside the office's: in office.db (created on
  // first open) or in the PostgreSQL database (its schema version 2).
  // Errors as open_store's.
  [[nodiscard]] std::unique_ptr<office::ConsoleStore> open_console_store() const;
  // $DOORSTEP_OFFICE_DATABASE, else database.url, else "" (SQLCipher).
  [[nodiscard]] std::string database_url() const;
  [[nodiscard]] std::string cert_pem() const;
  [[nodiscard]] std::string key_pem() const;
  [[nodiscard]] RecoveryPublicKey recovery_public_key() const;
  [[nodiscard]] std::string advertise() const;

 private:
  [[nodiscard]] std::string raw_key() const;  // x'...'
  [[nodiscard]] std::vector<std::uint8_t> key_bytes() const;
  std::filesystem::path m_dir;
};

}  // namespace doorstep::office_app
