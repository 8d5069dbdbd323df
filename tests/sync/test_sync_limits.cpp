// Hostile JSON from an enrolled device, end to end through
// OfficeService::handle (in-process): a change nesting 120,000 deep (the push
// that once overflowed the office's stack) is a clean rejection, and the
// office keeps serving the same device afterwards.
#include <catch2/catch.hpp>

#include <algorithm>

#include "support/store_fixtures.hpp"
#include "sync_fixture.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

AuditLink make_link(const AuditHash& prev, std::int64_t seq, std::string change, const std::string& device) {
  AuditLink l;
  l.seq = seq;
  l.prev_hash = prev;
  l.change = std::move(change);
  l.actor = "ana";
  l.at = 1772446500000 + seq;
  l.device = device;
  l.hash = audit_link_hash(l.prev_hash, l.seq, l.change, l.actor, l.at, l.device);
  return l;
}

}  // namespace

TEST_CASE("a pushed change nesting 120000 deep is rejected cleanly and the office keeps serving",
          "[sync][limits]") {
  TestOffice office;
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  auto dev = enroll_device(office, "ana");
  const std::string auth = office::auth_header(dev->creds.device_id, dev->creds.device_secret);
  auto& service = office.service();

  const std::size_t depth = 120'000;
  const std::string deep = R"({"entity":"note","hlc":1,"id":"01a217c0-6a4e-7081-b528-96a4cf6bf1a8","op":"create",)"
                           R"("payload":{"crn":"A100001","id":"01a217c0-6a4e-7081-b528-96a4cf6bf1a8","text":)" +
                           std::string(depth, '[') + std::string(depth, ']') + "}}";
  REQUIRE(deep.size() <= sync::kMaxChangeBytes);  // the link itself is within the protocol's limits
  const AuditLink first = make_link(AuditHash{}, 1, deep, dev->creds.device_id);
  const auto res = service.handle(sync::kPushPath, sync::to_json(sync::PushRequest{{first}}).dump(), auth);
  INFO(res.body.substr(0, 500));
  REQUIRE(res.status == 200);
  const auto push = sync::decode_push_response(res.body);
  REQUIRE(push.results.size() == 1);
  CHECK(push.results[0].status == sync::ChangeStatus::rejected);
  CHECK_THAT(push.results[0].reason, Catch::Contains("change: nests deeper than 32 levels"));
  CHECK(push.acked_seq == 1);  // quarantined on the device, not a broken chain

  // A whole request body nesting 120,000 deep: a 400 naming the limit.
  const std::string deep_body = R"({"protocol":2,"kind":"push","links":)" + std::string(depth, '[') +
                                std::string(depth, ']') + "}";
  const auto bad = service.handle(sync::kPushPath, deep_body, auth);
  CHECK(bad.status == 400);
  const auto err = sync::decode_error_body(bad.body);
  REQUIRE(err);
  CHECK_THAT(err->message, Catch::Contains("nests deeper than 64 levels"));

  // Still serving the same device: the next link applies, and pull works.
  const std::string note_id = "01a217c0-6a4e-7081-b528-96a4cf6bf1a9";
  const std::string note = R"({"entity":"note","hlc":2,"id":")" + note_id + R"(","op":"create","payload":{)"
                           R"("author":"ana","category":"general","created_at":"2026-03-02T10:15:00Z","crn":"A100001",)"
                           R"("device":")" + dev->creds.device_id + R"(","id":")" + note_id +
                           R"(","kind":"entry","text":"seen at home"}})";
  const AuditLink second = make_link(first.hash, 2, note, dev->creds.device_id);
  const auto next = service.handle(sync::kPushPath, sync::to_json(sync::PushRequest{{second}}).dump(), auth);
  INFO(next.body.substr(0, 500));
  REQUIRE(next.status == 200);
  const auto push2 = sync::decode_push_response(next.body);
  CHECK(push2.acked_seq == 2);
  CHECK(push2.results.at(0).status == sync::ChangeStatus::applied);
  const auto pull = service.handle(sync::kPullPath, sync::to_json(sync::PullRequest{"", 100, {}}).dump(), auth);
  REQUIRE(pull.status == 200);
  const auto records = sync::decode_pull_response(pull.body).records;
  CHECK(std::any_of(records.begin(), records.end(), [&](const RemoteRecord& r) { return r.id == note_id; }));
}
