#include "device/store_folder.hpp"

#include <sodium.h>

#include "crypto/key_file.hpp"
#include "crypto/unlock.hpp"
#include "crypto/unlock_backoff.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {

bool StoreFolder::exists() const { return std::filesystem::exists(key_file()) || std::filesystem::exists(store_file()); }

Store StoreFolder::create(std::string_view passphrase, const KdfParams& params,
                          std::optional<RecoveryPublicKey> recovery_public_key, const StoreIdentity& identity,
                          const Clock& clock) const {
  if (exists()) throw Error(ErrorCode::conflict, m_dir.string() + ": a store already exists here");
  if (passphrase.empty()) throw Error(ErrorCode::bad_input, "the passphrase must not be empty");
  std::error_code ec;
  std::filesystem::create_directories(m_dir, ec);
  if (ec) throw Error(ErrorCode::io, m_dir.string() + ": cannot create the folder: " + ec.message());
  std::filesystem::permissions(m_dir, std::filesystem::perms::owner_all, ec);

  SecureKey dek;
  const KeyFile kf = create_key_file(passphrase, params, recovery_public_key, make_uuid_v7(clock.now_utc_ms()), dek);
  write_key_file_atomically(key_file(), kf);
  std::optional<Store> store;
  dek.with_sqlcipher_key([&](std::string_view raw) { store.emplace(Store::create(store_file(), raw, clock, identity)); });
  // SQLite creates its -wal and -shm files with the main file's mode.
  std::filesystem::permissions(store_file(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               ec);
  return std::move(*store);
}

Store StoreFolder::open(std::string_view passphrase, const Clock& clock) const {
  if (!std::filesystem::exists(key_file()))
    throw Error(ErrorCode::not_found, m_dir.string() + ": no store here (run `doorstep-cli init` first)");
  UnlockBackoff backoff(unlock_state_path_for(key_file()), clock);
  const SecureKey dek = unlock_with_backoff(key_file(), passphrase, backoff);
  std::optional<Store> store;
  dek.with_sqlcipher_key([&](std::string_view raw) { store.emplace(Store::open(store_file(), raw, clock)); });
  return std::move(*store);
}

void StoreFolder::change_passphrase(std::string_view old_passphrase, std::string_view new_passphrase,
                                    const KdfParams& params, const Clock& clock) const {
  if (new_passphrase.empty()) throw Error(ErrorCode::bad_input, "the new passphrase must not be empty");
  UnlockBackoff backoff(unlock_state_path_for(key_file()), clock);
  // The new key file is written inside the attempt, under its lock: a
  // parallel unlock or change never reads a half-decided state.
  attempt_with_backoff(backoff, [&] {
    const KeyFile next = rewrap(read_key_file(key_file()), old_passphrase, new_passphrase, params);
    write_key_file_atomically(key_file(), next);
  });
}

void StoreFolder::reset_passphrase_with_recovery(const RecoveryKeyPair& office_key, std::string_view new_passphrase,
                                                 const KdfParams& params, const Clock& clock) const {
  reset_key_file_with_recovery(key_file(), office_key, new_passphrase, params, clock);
}

void reset_key_file_with_recovery(const std::filesystem::path& key_file, const RecoveryKeyPair& office_key,
                                  std::string_view new_passphrase, const KdfParams& params, const Clock& clock) {
  if (new_passphrase.empty()) throw Error(ErrorCode::bad_input, "the new passphrase must not be empty");
  if (!std::filesystem::exists(key_file))
    throw Error(ErrorCode::not_found, key_file.string() + ": no key file here (is this a Doorstep store folder?)");
  UnlockBackoff backoff(unlock_state_path_for(key_file), clock);
  const UnlockBackoff::AttemptLock lock = backoff.lock_for_attempt();
  const KeyFile next = doorstep::reset_passphrase_with_recovery(read_key_file(key_file), office_key.public_key,
                                                                office_key.secret_key, new_passphrase, params);
  write_key_file_atomically(key_file, next);
  try {
    backoff.record_success();  // the officer starts with a clean count
  } catch (const Error&) {
    // The new key file is written; a stale count only costs a wait.
  }
}

void StoreFolder::wipe() const {
  std::error_code ec;
  std::filesystem::remove(key_file(), ec);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(store_file().string() + suffix, ec);
  }
  std::filesystem::remove(unlock_state_path_for(key_file()), ec);
  std::filesystem::remove(unlock_state_path_for(key_file()).string() + ".lock", ec);
}

}  // namespace doorstep
