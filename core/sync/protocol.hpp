#pragma once
// The Doorstep sync protocol, version 1 (docs/sync-protocol.md is the spec;
// tests/sync/golden/ holds the wire format). JSON over HTTPS POST:
//   /v1/enroll  EnrollRequest -> EnrollResponse   (no credentials)
//   /v1/push    PushRequest   -> PushResponse     (device credentials)
//   /v1/pull    PullRequest   -> PullResponse     (device credentials)
// Every request body carries {"protocol": 1, "kind": "<enroll|push|pull>"}.
// Errors are {"error": {"code": ..., "message": ..., ...}} with a 4xx/5xx.
//
// History:
//   1  first version: enrollment codes, audit-link push, cursor pull.
//   2  the authority model (docs/sync-protocol.md "Authority"): office-owned
//      case facts, roles by assignment history, canonical records, clock
//      skew bound; pull requests report what the device holds back.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_chain.hpp"
#include "domain/json_limits.hpp"
#include "store/store_remote.hpp"

namespace doorstep::sync {

inline constexpr int kProtocolVersion = 2;

// Limits the server enforces (and the client respects).
inline constexpr std::size_t kMaxRequestBytes = 4u << 20;   // 4 MiB per request body
inline constexpr std::size_t kMaxPushLinks = 500;           // links per push
inline constexpr int kMaxPullLimit = 2000;                  // records per pull page
inline constexpr std::size_t kMaxChangeBytes = 256u << 10;  // one change's canonical JSON

// What parse_json_limited allows while parsing (domain/json_limits.hpp).
// A request body: the envelope, up to kMaxPushLinks links of 8 values each,
// each change a string of at most kMaxChangeBytes.
inline constexpr JsonLimits kRequestJsonLimits{
    .max_bytes = kMaxRequestBytes,
    .max_depth = 64,
    .max_string_bytes = kMaxChangeBytes,
    .max_elements = kMaxPushLinks,
    .max_values = 16 * kMaxPushLinks + 64,
};
// The change JSON of one audit link (office: change_rules.cpp parse_change).
// Its longest string is a note's text (at most 100,000 bytes).
inline constexpr JsonLimits kChangeJsonLimits{
    .max_bytes = kMaxChangeBytes,
    .max_depth = 32,
    .max_string_bytes = 128u << 10,
    .max_elements = 10'000,
    .max_values = 50'000,
};
// A pull response (the device side): up to kMaxPullLimit records, each
// payload a change payload (depth <= 32 inside the 3-level envelope), and
// the caseload list on the last page.
inline constexpr JsonLimits kPullResponseJsonLimits{
    .max_bytes = 256u << 20,
    .max_depth = 64,
    .max_string_bytes = kMaxChangeBytes,
    .max_elements = 1'000'000,
    .max_values = 20'000'000,
};

inline constexpr std::string_view kEnrollPath = "/v1/enroll";
inline constexpr std::string_view kPushPath = "/v1/push";
inline constexpr std::string_view kPullPath = "/v1/pull";

struct OfficerInfo {
  std::string id;
  std::string name;
  bool is_manager = false;
  std::optional<std::string> team;
  bool operator==(const OfficerInfo&) const = default;
};

struct EnrollRequest {
  std::string code;   // the secret part of the enrollment code
  std::string label;  // free text naming the device for the admin ("" allowed)
};

struct EnrollResponse {
  std::string device_id;
  std::string device_secret;  // hex; the office keeps only its hash
  OfficerInfo officer;
  std::string recovery_public_key;  // 64 hex digits
};

// A push: the next links of the device's audit chain. Each link carries its
// change, so verifying the chain and applying the changes read one thing.
struct PushRequest {
  std::vector<AuditLink> links;  // consecutive seqs, ascending
};

enum class ChangeStatus {
  applied,     // stored as the current value (or an insert-only record)
  superseded,  // stored as a conflict record: a later HLC already won
  rejected,    // not applied: quarantine on the device with the reason
};
std::string_view to_string(ChangeStatus s);

struct ChangeResult {
  std::int64_t seq = 0;
  ChangeStatus status = ChangeStatus::applied;
  std::string reason;  // for rejected (and superseded) changes
  bool operator==(const ChangeResult&) const = default;
};

struct PushResponse {
  std::int64_t acked_seq = 0;  // the device may forget every change up to here
  std::vector<ChangeResult> results;  // one per link in the request, same order
  bool operator==(const PushResponse&) const = default;
};

// A record from the office that the device holds back (see
// Store::apply_remote_page), reported so the office sees it too.
struct HeldReport {
  std::string entity;
  std::string id;
  std::string crn;
  std::string reason;  // at most kMaxHeldReason bytes
  bool waiting = false;  // waits for its case or a record it refers to
  bool operator==(const HeldReport&) const = default;
};
inline constexpr std::size_t kMaxHeldReports = 100;
inline constexpr std::size_t kMaxHeldReason = 1000;

struct PullRequest {
  std::string cursor;  // "" for the first pull
  int limit = 500;
  // (v2) What the device holds back now, oldest first, at most
  // kMaxHeldReports; the office replaces what it knew for this device.
  std::vector<HeldReport> held;
};

struct PullResponse {
  std::vector<RemoteRecord> records;
  std::string cursor;  // pass back for the next page
  bool more = false;   // another page is waiting
  // On the last page (more == false): every CRN the device may hold now.
  std::vector<std::string> caseload;
};

// A pull page as the office writes it: each record's payload is the JSON
// text the office stored (written by nlohmann's dump()), sent as it is.
struct RecordText {
  std::string entity;
  std::string id;
  std::string crn;
  HlcValue hlc = 0;
  std::string officer;
  std::string device;
  UtcMillis at = 0;
  std::string payload;  // JSON text
};
struct PullPageText {
  std::vector<RecordText> records;
  std::string cursor;
  bool more = false;
  std::vector<std::string> caseload;  // on the last page only
};

// A protocol error as the server sends it.
struct ErrorBody {
  std::string code;  // bad_input, unauthenticated, forbidden, revoked, gap, chain_broken, too_large, not_found...
  std::string message;
  std::optional<std::int64_t> expected_seq;  // for "gap": resend from here
  bool wipe = false;                         // for "revoked"
};

// ---- Encoding (never throws for valid values) ----
nlohmann::json to_json(const EnrollRequest& m);
nlohmann::json to_json(const EnrollResponse& m);
nlohmann::json to_json(const PushRequest& m);
nlohmann::json to_json(const PushResponse& m);
nlohmann::json to_json(const PullRequest& m);
nlohmann::json to_json(const PullResponse& m);
nlohmann::json to_json(const ErrorBody& m);
nlohmann::json link_to_json(const AuditLink& l);
// The push request's body: exactly to_json(m).dump(), written straight to
// text (the device's outbox holds up to kMaxPushLinks changes of up to
// kMaxChangeBytes each; no JSON tree, no copy of each change).
std::string encode_push_request(const PushRequest& m);
nlohmann::json record_to_json(const RemoteRecord& r);
// The pull response's body: exactly to_json(PullResponse).dump() for the same
// page with each payload parsed, written straight to text. A payload in the
// form dump() writes (is_canonical_json) is copied as it is; any other is
// parsed and dumped; one that is not JSON throws Error(internal) naming the
// record's entity and id: the office never sends broken JSON.
std::string encode_pull_response(const PullPageText& m);

// ---- Decoding: validate everything, throw Error(bad_input) naming the field ----
// Requests: `body` is the raw HTTP body (checked for size, UTF-8, JSON,
// protocol version and kind before the fields).
EnrollRequest decode_enroll_request(std::string_view body);
PushRequest decode_push_request(std::string_view body);
PullRequest decode_pull_request(std::string_view body);
// Responses (the client side).
EnrollResponse decode_enroll_response(std::string_view body);
PushResponse decode_push_response(std::string_view body);
PullResponse decode_pull_response(std::string_view body);
// nullopt if `body` is not an error body.
std::optional<ErrorBody> decode_error_body(std::string_view body);

AuditLink link_from_json(const nlohmann::json& j, const std::string& path);
RemoteRecord record_from_json(const nlohmann::json& j, const std::string& path);

}  // namespace doorstep::sync
