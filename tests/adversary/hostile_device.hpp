#pragma once
// A hand-written protocol client for adversary tests: it enrolls with a
// real code like a tablet, then pushes whatever changes it likes as a
// correctly hashed audit chain, so the office's authority rules, not the
// chain check, are what refuse it.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "audit/audit_chain.hpp"
#include "net/https_transport.hpp"
#include "sync/enroll_code.hpp"
#include "sync/protocol.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

namespace doorstep::test {

inline UtcMillis wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class HostileDevice {
 public:
  explicit HostileDevice(const std::string& code_text, const std::string& label = "hostile") {
    const auto code = sync::EnrollCode::parse(code_text);
    m_transport = std::make_unique<net::HttpsTransport>(code.host, code.port, code.pin, std::chrono::seconds(10));
    const auto res =
        m_transport->post(sync::kEnrollPath, sync::to_json(sync::EnrollRequest{code.secret, label}).dump(), "");
    INFO(res.body);
    REQUIRE(res.status == 200);
    const auto reply = sync::decode_enroll_response(res.body);
    m_id = reply.device_id;
    m_secret = reply.device_secret;
    m_officer = reply.officer.id;
  }

  [[nodiscard]] const std::string& id() const { return m_id; }
  [[nodiscard]] const std::string& officer() const { return m_officer; }

  // {"entity","id","op","hlc","payload"} with a fresh HLC unless given.
  static nlohmann::json change(const std::string& entity, const std::string& id, const std::string& op,
                               nlohmann::json payload, std::optional<HlcValue> hlc = std::nullopt) {
    return {{"entity", entity},
            {"id", id},
            {"op", op},
            {"hlc", hlc.value_or(hlc_pack(static_cast<std::uint64_t>(wall_ms()), 0))},
            {"payload", std::move(payload)}};
  }

  nlohmann::json note(const std::string& crn, const std::string& text) const {
    return {{"id", make_uuid_v7(wall_ms())}, {"crn", crn},      {"kind", "entry"},     {"category", "general"},
            {"text", text},                  {"author", m_officer}, {"device", m_id}, {"created_at", "2026-03-02T10:00:00.000Z"}};
  }

  static nlohmann::json action(const std::string& id, const std::string& crn, const std::string& kind,
                               const std::string& status) {
    nlohmann::json a = {{"id", id},      {"crn", crn},      {"kind", kind},     {"priority", "high"},
                        {"due", "2026-03-10"}, {"rule", "R4"}, {"reasons", {"test"}}, {"status", status},
                        {"created_at", "2026-03-02T10:00:00.000Z"}};
    if (status == "done") a["outcome"] = "done by test";
    if (status == "dismissed") a["dismiss_reason"] = "dismissed by test";
    return a;
  }

  // Pushes one change as the next link; returns the office's answer for it.
  sync::ChangeResult push(const nlohmann::json& change, std::optional<UtcMillis> at = std::nullopt) {
    AuditLink link = make_audit_link(m_prev, canonical_change(change), m_officer, at.value_or(wall_ms()), m_id);
    const auto res = post(sync::kPushPath, sync::to_json(sync::PushRequest{{link}}).dump());
    INFO(res.body);
    REQUIRE(res.status == 200);
    const auto reply = sync::decode_push_response(res.body);
    REQUIRE(reply.results.size() == 1);
    m_prev = link;
    return reply.results.front();
  }

  sync::TransportResponse post(std::string_view path, const std::string& body) {
    return m_transport->post(path, body, "Doorstep " + m_id + ":" + m_secret);  // the device credential scheme
  }

  // Every record of a whole pull from the start.
  std::vector<RemoteRecord> pull_all() {
    std::vector<RemoteRecord> out;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      const auto res = post(sync::kPullPath, sync::to_json(sync::PullRequest{cursor, 500, {}}).dump());
      REQUIRE(res.status == 200);
      const auto reply = sync::decode_pull_response(res.body);
      out.insert(out.end(), reply.records.begin(), reply.records.end());
      cursor = reply.cursor;
      if (!reply.more) break;
    }
    return out;
  }

 private:
  std::unique_ptr<net::HttpsTransport> m_transport;
  std::string m_id;
  std::string m_secret;
  std::string m_officer;
  std::optional<AuditLink> m_prev;
};

}  // namespace doorstep::test
