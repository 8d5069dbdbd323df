#pragma once
// The office's request handling, independent of HTTP: decode (validate),
// authenticate, authorise, apply, encode. platform/net wraps it in HTTPS;
// tests and the fuzzer call it directly.
//
// Contract: handle() never throws; every failure is a 4xx/5xx response
// with {"error": {"code", "message"}}. Safe to call from several threads.
#include <string>
#include <string_view>

#include "crypto/recovery_key.hpp"
#include "office/office_store.hpp"
#include "rules/rule_set.hpp"
#include "util/clock.hpp"

namespace doorstep::office {

struct ServiceResponse {
  int status = 200;
  std::string body;
  // One line for the server log: endpoint, device id, counts, error code.
  // Never names a person, a CRN or a record's content.
  std::string log;
  // Seconds the client should wait before retrying (a 503); 0: no header.
  long long retry_after_s = 0;
};

// Device credentials in the Authorization header: "Doorstep <device id>:<secret hex>".
std::string auth_header(std::string_view device_id, std::string_view secret);

class OfficeService {
 public:
  OfficeService(OfficeStore& store, const Clock& clock, RecoveryPublicKey recovery_public_key);

  ServiceResponse handle(std::string_view path, std::string_view body, std::string_view authorization);

  // From now on, after every push the standing rules run over each case
  // whose visits, checks, actions or facts it changed (office/office_rules.hpp).
  // `rules` must outlive this object.
  void run_rules_after_push(const RuleSet& rules) { m_rules = &rules; }

  // Issues a one-time enrollment secret (32 hex) valid for `ttl_ms`; only its
  // hash is stored.
  std::string issue_enroll_secret(std::string_view officer_id, UtcMillis ttl_ms);

 private:
  ServiceResponse enroll(std::string_view body);
  ServiceResponse push(const Device& device, std::string_view body);
  ServiceResponse pull(const Device& device, std::string_view body);
  Device authenticate(std::string_view authorization);

  OfficeStore& m_store;
  const Clock& m_clock;
  RecoveryPublicKey m_recovery_public_key;
  const RuleSet* m_rules = nullptr;
};

}  // namespace doorstep::office
