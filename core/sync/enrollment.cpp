#include "sync/enrollment.hpp"

#include <algorithm>

#include "sync/sync_engine.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::sync {
namespace {

std::string host_port(const std::string& host, int port) {
  return host.find(':') != std::string::npos ? "[" + host + "]:" + std::to_string(port)
                                             : host + ":" + std::to_string(port);
}

constexpr std::string_view kNotEnrolled =
    "this device is not enrolled with an office: enroll it with the code from the office";

}  // namespace

EnrolledStore enroll(Transport& transport, const EnrollCode& code, const std::string& label,
                     const CreateEnrolledStore& create_store) {
  const auto res = transport.post(kEnrollPath, to_json(EnrollRequest{code.secret, label}).dump(), "");
  if (res.status != 200) {
    const auto err = decode_error_body(res.body);
    throw Error(res.status == 401 ? ErrorCode::unauthenticated : ErrorCode::bad_input,
                "the office refused the enrollment: " + (err ? err->message : "HTTP " + std::to_string(res.status)));
  }
  const auto reply = decode_enroll_response(res.body);
  const auto pk_bytes = from_hex(reply.recovery_public_key);
  RecoveryPublicKey pk{};
  if (!pk_bytes || pk_bytes->size() != pk.size())
    throw Error(ErrorCode::bad_input, "the office sent a malformed recovery key");
  std::copy(pk_bytes->begin(), pk_bytes->end(), pk.begin());

  Store store = create_store(StoreIdentity{reply.officer.id, reply.device_id}, pk);
  save_credentials(store, {reply.device_id, reply.device_secret});
  store.set_meta("sync.server", host_port(code.host, code.port));
  store.set_meta("sync.pin", to_hex(code.pin));
  store.set_meta("officer.name", reply.officer.name);
  store.set_meta("officer.is_manager", reply.officer.is_manager ? "1" : "0");
  store.set_meta("device.role", reply.officer.is_manager ? "manager" : "officer");
  if (reply.officer.team) store.set_meta("officer.team", *reply.officer.team);
  return EnrolledStore{std::move(store), reply.officer, reply.device_id};
}

OfficeEndpoint load_office_endpoint(Store& store) {
  const auto server = store.meta("sync.server");
  const auto pin_hex = store.meta("sync.pin");
  if (!server || !pin_hex) throw Error(ErrorCode::usage, std::string(kNotEnrolled));
  OfficeEndpoint out;
  try {
    split_host_port(*server, out.host, out.port);
  } catch (const Error& e) {
    throw Error(ErrorCode::damaged, std::string("the stored office address is damaged: ") + e.what());
  }
  const auto bytes = from_hex(*pin_hex);
  if (!bytes || bytes->size() != out.pin.size()) throw Error(ErrorCode::damaged, "the stored certificate pin is damaged");
  std::copy(bytes->begin(), bytes->end(), out.pin.begin());
  return out;
}

bool is_enrolled(Store& store) {
  return store.meta("sync.server").has_value() && store.meta("sync.pin").has_value() &&
         !store.meta("sync.device_secret").value_or("").empty();
}

}  // namespace doorstep::sync
