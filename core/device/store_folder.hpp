#pragma once
// A device's store folder: the encrypted store, its key file and the unlock
// backoff state, managed together.
//   <dir>/store.db            SQLCipher store (key = DEK)
//   <dir>/keyfile.json        DEK wrapped by the passphrase (and sealed to the office)
//   <dir>/unlock-state.json   failed-unlock backoff (+ .lock: one attempt at a time)
// Invariant: the key file is written (atomically) before the store is
// created, so a crash never leaves a store nobody can open.
#include <filesystem>
#include <optional>
#include <string_view>

#include "crypto/kdf_params.hpp"
#include "crypto/recovery_key.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep {

class StoreFolder {
 public:
  explicit StoreFolder(std::filesystem::path dir) : m_dir(std::move(dir)) {}

  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }
  [[nodiscard]] std::filesystem::path store_file() const { return m_dir / "store.db"; }
  [[nodiscard]] std::filesystem::path key_file() const { return m_dir / "keyfile.json"; }
  [[nodiscard]] bool exists() const;

  // New key file and empty store. Error(conflict) if one exists; Error(bad_input)
  // for an empty passphrase.
  Store create(std::string_view passphrase, const KdfParams& params,
               std::optional<RecoveryPublicKey> recovery_public_key, const StoreIdentity& identity,
               const Clock& clock) const;

  // Unlocks with backoff (Error(locked_out), Error(wrong_passphrase)) and
  // opens the store (Error(damaged) naming the file if it is corrupt).
  Store open(std::string_view passphrase, const Clock& clock) const;

  // Re-wraps the DEK under the new passphrase; the store is not re-encrypted.
  void change_passphrase(std::string_view old_passphrase, std::string_view new_passphrase,
                         const KdfParams& params, const Clock& clock) const;

  // Office side, for an officer who forgot the passphrase: see
  // reset_key_file_with_recovery (on this folder's key file).
  void reset_passphrase_with_recovery(const RecoveryKeyPair& office_key, std::string_view new_passphrase,
                                      const KdfParams& params, const Clock& clock) const;

  // Destroys the key file first (so the store can never be opened again),
  // then the store files. For a revoked device.
  void wipe() const;

 private:
  std::filesystem::path m_dir;
};

// Opens the key file's office recovery seal with the office's offline key
// pair and re-wraps the same DEK under `new_passphrase` (fresh salt and
// nonce; recovery seal and store id kept), so nothing in the store is lost.
// Holds the unlock attempt lock while it reads and replaces the key file
// (atomically), and resets the failed-unlock count. The passphrase policy is
// the caller's to apply. Nothing is written on error: Error(not_found) if
// there is no key file, Error(bad_input) if the store has no recovery seal or
// the pair does not match, Error(wrong_passphrase) if the store was sealed
// to another office's key.
void reset_key_file_with_recovery(const std::filesystem::path& key_file, const RecoveryKeyPair& office_key,
                                  std::string_view new_passphrase, const KdfParams& params, const Clock& clock);

}  // namespace doorstep
