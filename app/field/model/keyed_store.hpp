#pragma once
// Opening the device store while keeping its key for a second connection.
//
// Key contract: the DEK exists in exactly two places while the app is
// unlocked: inside SQLCipher (the UI thread's Store) and in one SecureKey
// (sodium_malloc memory: locked, guarded, zeroed on free) owned by the
// Session. Nothing writes it anywhere else. A sync job copies it (sodium
// memory to sodium memory) when it starts, opens its own connection with it
// on the worker thread and destroys the copy right after (SQLCipher then
// holds it for that connection only until the job ends). Locking destroys
// the Session, and with it the Session's copy.
#include <filesystem>
#include <optional>
#include <string_view>

#include "crypto/kdf_params.hpp"
#include "crypto/recovery_key.hpp"
#include "crypto/secure_key.hpp"
#include "device/store_folder.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep::field {

struct KeyedStore {
  Store store;
  SecureKey key;  // the store's DEK
};

// Like StoreFolder::open (same backoff and errors: locked_out,
// wrong_passphrase, damaged, not_found), also returning the DEK. One KDF run.
KeyedStore open_keyed(const StoreFolder& folder, std::string_view passphrase, const Clock& clock);

// StoreFolder::create, then the DEK is unwrapped again from the new key file
// (StoreFolder does not hand it out): a second KDF run, on first run only.
KeyedStore create_keyed(const StoreFolder& folder, std::string_view passphrase, const KdfParams& params,
                        std::optional<RecoveryPublicKey> recovery, const StoreIdentity& identity, const Clock& clock);

// Another connection to the folder's store with the DEK (no KDF). For the
// thread that will use it; `clock` must be safe to read from that thread.
Store open_connection(const StoreFolder& folder, const SecureKey& key, const Clock& clock);

// Two connections write to the store while a sync runs (WAL: readers never
// wait; a writer waits for the other's transaction, and SyncEngine commits
// per batch). SQLite's own busy timeout sleeps in whole seconds in a build
// without usleep, as this SQLCipher build is, which freezes the UI for a
// second on any overlap; this replaces it on `store`'s connection with 2 ms
// steps, still giving up (Error from the store) after about 5 s.
void use_short_busy_waits(Store& store);

}  // namespace doorstep::field
