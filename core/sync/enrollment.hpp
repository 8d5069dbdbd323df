#pragma once
// Enrolling a device with the office, shared by `doorstep-cli enroll` and
// the field app's first-run screen: redeem the enrollment code over a
// transport pinned to the code's certificate, let the caller create the
// store (it owns the passphrase and the key), then keep in the store what
// sync needs: the device credentials, the office address and pin, and who
// the officer is. No sockets here: the caller injects the transport.
#include <functional>
#include <string>

#include "crypto/recovery_key.hpp"
#include "store/store.hpp"
#include "sync/enroll_code.hpp"
#include "sync/protocol.hpp"
#include "sync/transport.hpp"

namespace doorstep::sync {

// Creates the device's new, empty store for `identity`, sealing its key to
// the office recovery key.
using CreateEnrolledStore = std::function<Store(const StoreIdentity& identity, const RecoveryPublicKey& recovery)>;

struct EnrolledStore {
  Store store;
  OfficerInfo officer;
  std::string device_id;
};

// Redeems `code` (the code is spent once the office answers 200), creates
// the store with `create_store` and saves the enrollment in it.
// `transport` must be pinned to code.pin (net::HttpsTransport is).
// Errors: Error(network) when the office cannot be reached (the code may
// or may not be spent); Error(unauthenticated) when the office refuses the
// code (unknown, used or expired); Error(bad_input) for any other refusal or
// a malformed answer; whatever `create_store` throws.
EnrolledStore enroll(Transport& transport, const EnrollCode& code, const std::string& label,
                     const CreateEnrolledStore& create_store);

// Where the enrolled device's office is (store meta sync.server, sync.pin).
struct OfficeEndpoint {
  std::string host;
  int port = 0;
  SpkiPin pin{};
};
// Error(usage) if the store was not enrolled; Error(damaged) if the stored
// address or pin is malformed.
OfficeEndpoint load_office_endpoint(Store& store);
// True when the store holds an office address and device credentials.
bool is_enrolled(Store& store);

}  // namespace doorstep::sync
