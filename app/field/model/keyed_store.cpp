#include "model/keyed_store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "crypto/key_file.hpp"
#include "crypto/unlock.hpp"
#include "crypto/unlock_backoff.hpp"
#include "util/error.hpp"

namespace doorstep::field {

KeyedStore open_keyed(const StoreFolder& folder, std::string_view passphrase, const Clock& clock) {
  if (!std::filesystem::exists(folder.key_file()))
    throw Error(ErrorCode::not_found, folder.dir().string() + ": no store here");
  UnlockBackoff backoff(unlock_state_path_for(folder.key_file()), clock);
  SecureKey key = unlock_with_backoff(folder.key_file(), passphrase, backoff);
  Store store = open_connection(folder, key, clock);
  return KeyedStore{std::move(store), std::move(key)};
}

KeyedStore create_keyed(const StoreFolder& folder, std::string_view passphrase, const KdfParams& params,
                        std::optional<RecoveryPublicKey> recovery, const StoreIdentity& identity, const Clock& clock) {
  Store store = folder.create(passphrase, params, recovery, identity, clock);
  SecureKey key = unwrap(read_key_file(folder.key_file()), passphrase);
  return KeyedStore{std::move(store), std::move(key)};
}

namespace {

int short_busy_wait(void* /*unused*/, int count) {
  constexpr int kStepMs = 2;
  constexpr int kLimitMs = 5000;  // as the store's own busy timeout
  if (count * kStepMs >= kLimitMs) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(kStepMs));
  return 1;
}

}  // namespace

void use_short_busy_waits(Store& store) { sqlite3_busy_handler(store.database().handle(), short_busy_wait, nullptr); }

Store open_connection(const StoreFolder& folder, const SecureKey& key, const Clock& clock) {
  std::optional<Store> store;
  key.with_sqlcipher_key([&](std::string_view raw) { store.emplace(Store::open(folder.store_file(), raw, clock)); });
  return std::move(*store);
}

}  // namespace doorstep::field
