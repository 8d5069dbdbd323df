#pragma once
// A device's store folder: the encrypted store, its key file and the unlock
// backoff state, managed together.
//   <dir>/store.db            SQLCipher store (key = DEK)
//   <dir>/keyfile.json        DEK wrapped by the passphrase (and sealed to the office)
//   <dir>/unlock-state.json   failed-unlock backoff
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

  // Destroys the key file first (so the store can never be opened again),
  // then the store files. For a revoked device.
  void wipe() const;

 private:
  std::filesystem::path m_dir;
};

}  // namespace doorstep
