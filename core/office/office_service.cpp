#include "office/office_service.hpp"

#include <sodium.h>

#include <set>

#include "crypto/hash.hpp"
#include "office/office_rules.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/uuid.hpp"

namespace doorstep::office {
namespace {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::usage:
    case ErrorCode::bad_input: return 400;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden:
    case ErrorCode::revoked: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::disk_full: return 507;
    case ErrorCode::network: return 503;  // the office's database is unreachable: retry
    default: return 500;
  }
}

ServiceResponse error_response(int status, std::string code, std::string message, std::string log,
                               std::optional<std::int64_t> expected_seq = std::nullopt, bool wipe = false) {
  sync::ErrorBody e{std::move(code), std::move(message), expected_seq, wipe};
  ServiceResponse r;
  r.status = status;
  r.body = sync::to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.log = std::move(log) + " status=" + std::to_string(status) + " error=" + e.code;
  return r;
}

// A 200 with `body` already encoded.
ServiceResponse ok_body(std::string body, std::string log) {
  return {200, std::move(body), std::move(log) + " status=200"};
}

ServiceResponse ok(const nlohmann::json& j, std::string log) {
  return ok_body(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), std::move(log));
}

AuditHash hash_text(std::string_view text) { return blake2b_256(text); }

std::string random_hex(std::size_t bytes) {
  std::vector<std::uint8_t> b(bytes);
  randombytes_buf(b.data(), b.size());
  return to_hex(b);
}

// The cases whose visits, checks, actions or facts the applied changes of
// a push touched: the ones whose standing rules may now say something else
// (notes never change what the rules raise).
std::set<std::string> cases_for_rules(std::span<const AuditLink> links, const sync::PushResponse& res) {
  std::set<std::int64_t> applied;
  for (const auto& r : res.results)
    if (r.status == sync::ChangeStatus::applied) applied.insert(r.seq);
  std::set<std::string> crns;
  for (const auto& link : links) {
    if (!applied.count(link.seq) || link.change.find(R"("entity":"note")") != std::string::npos) continue;
    const auto change = nlohmann::json::parse(link.change, nullptr, false);
    if (!change.is_object() || !change.contains("payload") || !change["payload"].is_object()) continue;
    const auto& payload = change["payload"];
    if (auto crn = payload.find("crn"); crn != payload.end() && crn->is_string()) crns.insert(crn->get<std::string>());
  }
  return crns;
}

}  // namespace

std::string auth_header(std::string_view device_id, std::string_view secret) {
  return "Doorstep " + std::string(device_id) + ":" + std::string(secret);
}

OfficeService::OfficeService(OfficeStore& store, const Clock& clock, RecoveryPublicKey recovery_public_key)
    : m_store(store), m_clock(clock), m_recovery_public_key(recovery_public_key) {
  if (sodium_init() < 0) throw Error(ErrorCode::internal, "libsodium failed to initialise");
}

std::string OfficeService::issue_enroll_secret(std::string_view officer_id, UtcMillis ttl_ms) {
  const std::string secret = random_hex(16);
  const UtcMillis now = m_clock.now_utc_ms();
  m_store.add_enroll_code(hash_text(secret), officer_id, now, now + ttl_ms);
  return secret;
}

Device OfficeService::authenticate(std::string_view authorization) {
  constexpr std::string_view scheme = "Doorstep ";
  if (authorization.empty())
    throw Error(ErrorCode::unauthenticated, "missing credentials: send 'Authorization: Doorstep <device>:<secret>'");
  if (!authorization.starts_with(scheme) || authorization.size() > 256)
    throw Error(ErrorCode::unauthenticated, "malformed credentials: expected 'Doorstep <device>:<secret>'");
  authorization.remove_prefix(scheme.size());
  const auto colon = authorization.find(':');
  if (colon == std::string_view::npos) throw Error(ErrorCode::unauthenticated, "malformed credentials");
  const std::string_view id = authorization.substr(0, colon);
  const std::string_view secret = authorization.substr(colon + 1);
  auto dev = m_store.find_device(id);
  const AuditHash h = hash_text(secret);
  // Compare in constant time, and against a dummy for unknown ids.
  const AuditHash expected = dev ? dev->secret_hash : AuditHash{};
  const bool match = sodium_memcmp(h.data(), expected.data(), h.size()) == 0;
  if (!dev || !match) throw Error(ErrorCode::unauthenticated, "unknown device or wrong device secret");
  if (dev->revoked_at) throw Error(ErrorCode::revoked, "this device was revoked by the office: wipe it");
  return *dev;
}

ServiceResponse OfficeService::handle(std::string_view path, std::string_view body, std::string_view authorization) {
  std::string log = "endpoint=" + std::string(path.substr(0, 32));
  try {
    if (body.size() > sync::kMaxRequestBytes)
      return error_response(413, "too_large",
                            "the request body is " + std::to_string(body.size()) + " bytes; the limit is " +
                                std::to_string(sync::kMaxRequestBytes),
                            log);
    if (path == sync::kEnrollPath) return enroll(body);
    if (path != sync::kPushPath && path != sync::kPullPath)
      return error_response(404, "not_found", "no such endpoint: use /v1/enroll, /v1/push or /v1/pull", log);
    Device dev;
    try {
      dev = authenticate(authorization);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::revoked)
        return error_response(403, "revoked", e.what(), log, std::nullopt, true);
      throw;
    }
    log += " device=" + dev.id;
    ServiceResponse r = path == sync::kPushPath ? push(dev, body) : pull(dev, body);
    r.log = log + " " + r.log;
    return r;
  } catch (const SyncRefusal& e) {
    return error_response(409, e.kind(), e.what(), log, e.expected_seq());
  } catch (const Error& e) {
    if (e.code() == ErrorCode::revoked) return error_response(403, "revoked", e.what(), log, std::nullopt, true);
    if (e.code() == ErrorCode::network) {
      // The store's database is unreachable: nothing was acknowledged, the
      // device keeps its outbox and retries after Retry-After.
      auto r = error_response(503, "unavailable", "the office cannot reach its database; try again shortly", log);
      r.retry_after_s = 2;
      return r;
    }
    return error_response(status_for(e.code()), std::string(to_string(e.code())), e.what(), log);
  } catch (const std::exception& e) {
    return error_response(500, "internal", "the office hit an internal error; try again later", log);
  }
}

ServiceResponse OfficeService::enroll(std::string_view body) {
  const auto req = sync::decode_enroll_request(body);
  const UtcMillis now = m_clock.now_utc_ms();
  sync::EnrollResponse res;
  res.device_id = make_uuid_v7(now);
  res.device_secret = random_hex(32);
  const Device dev = m_store.redeem_enroll_code(hash_text(req.code), now, res.device_id,
                                                hash_text(res.device_secret), req.label);
  const auto officer = m_store.find_officer(dev.officer_id);
  if (!officer) throw Error(ErrorCode::internal, "enrolled a device for a missing officer");
  res.officer = {officer->id, officer->name, officer->is_manager, officer->team};
  res.recovery_public_key = to_hex(m_recovery_public_key);
  return ok(sync::to_json(res), "enrolled device=" + res.device_id);
}

ServiceResponse OfficeService::push(const Device& device, std::string_view body) {
  const auto req = sync::decode_push_request(body);
  const UtcMillis now = m_clock.now_utc_ms();
  const auto res = m_store.apply_push(device, req.links, now);
  std::string rules_log;
  if (m_rules) {
    // The push is committed whatever happens here; a case the rules cannot
    // run over now is run again by the daily pass.
    int cases = 0, written = 0, failed = 0;
    for (const auto& crn : cases_for_rules(req.links, res)) {
      try {
        written += static_cast<int>(run_case_rules(m_store, *m_rules, crn, utc_date(now), now).size());
        ++cases;
      } catch (const std::exception&) {
        ++failed;
      }
    }
    rules_log = " rules_cases=" + std::to_string(cases) + " rules_written=" + std::to_string(written) +
                (failed ? " rules_failed=" + std::to_string(failed) : "");
  }
  int rejected = 0, superseded = 0;
  for (const auto& r : res.results) {
    rejected += r.status == sync::ChangeStatus::rejected;
    superseded += r.status == sync::ChangeStatus::superseded;
  }
  return ok(sync::to_json(res), "links=" + std::to_string(req.links.size()) + " acked=" + std::to_string(res.acked_seq) +
                                    " rejected=" + std::to_string(rejected) + " superseded=" + std::to_string(superseded) + rules_log);
}

ServiceResponse OfficeService::pull(const Device& device, std::string_view body) {
  const auto req = sync::decode_pull_request(body);
  m_store.record_device_held(device.id, req.held, m_clock.now_utc_ms());
  const auto res = m_store.pull_text(device, req.cursor, req.limit);
  return ok_body(sync::encode_pull_response(res),
                 "records=" + std::to_string(res.records.size()) + " more=" + (res.more ? "1" : "0"));
}

}  // namespace doorstep::office
