#pragma once
// The audit chain: every write appends a link whose hash is
//   BLAKE2b-256(prev_hash ‖ seq ‖ change ‖ actor ‖ at ‖ device)
// with each field length-prefixed, so a link cannot be altered, removed or
// reordered without breaking every later hash. Link 1's prev_hash is 32 zero
// bytes. Pure: storage is the store's business (store/audit_log.hpp).
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/date.hpp"

namespace doorstep {

using AuditHash = std::array<std::uint8_t, 32>;

struct AuditLink {
  std::int64_t seq = 0;
  AuditHash prev_hash{};
  AuditHash hash{};
  std::string change;  // canonical JSON
  std::string actor;   // officer id
  UtcMillis at = 0;
  std::string device;  // device id
};

// Canonical text of a change: keys sorted, no spaces, UTF-8 kept as is.
std::string canonical_change(const nlohmann::json& change);

AuditHash audit_link_hash(const AuditHash& prev, std::int64_t seq, std::string_view change, std::string_view actor,
                          UtcMillis at, std::string_view device);

// The next link after `prev` (nullopt: this is the first link).
AuditLink make_audit_link(const std::optional<AuditLink>& prev, std::string change, std::string actor, UtcMillis at,
                          std::string device);

struct AuditVerification {
  std::int64_t links = 0;
  std::optional<std::int64_t> first_broken;  // seq of the first link that does not verify
  std::string problem;                       // why, in words
  [[nodiscard]] bool ok() const { return !first_broken; }
};

// Checks links fed in seq order; stops judging at the first broken one.
class AuditVerifier {
 public:
  explicit AuditVerifier(AuditHash start = {}, std::int64_t start_seq = 0)
      : m_prev(start), m_prev_seq(start_seq) {}
  void feed(const AuditLink& link);
  [[nodiscard]] const AuditVerification& result() const { return m_result; }
  [[nodiscard]] const AuditHash& head() const { return m_prev; }

 private:
  AuditHash m_prev;
  std::int64_t m_prev_seq;
  AuditVerification m_result;
};

}  // namespace doorstep
