// Who may read and write what: caseload scoping, managers, enrollment codes,
// revocation, certificate pinning, quarantine and conflicts.
#include <catch2/catch.hpp>

#include "crypto/hash.hpp"
#include "sync_fixture.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

sync::SyncReport sync_device(TestOffice& office, TestDevice& dev) {
  auto t = office.transport();
  sync::SyncEngine engine(*dev.store, *t, dev.creds);
  return engine.run();
}

struct Office2 {
  TestOffice office;
  Office2() {
    office.add_officer("ana", false, "north");
    office.add_officer("bo", false, "north");
    office.add_officer("cy", false, "south");
    office.add_officer("mo", true, "north");
    const auto now = office.clock().now_utc_ms();
    office.store().import_case(test_case("A100001"), "ana", now);
    office.store().import_case(test_case("B100001"), "bo", now);
    office.store().import_case(test_case("C100001"), "cy", now);
  }
};

}  // namespace

TEST_CASE("an officer's device reads only its officer's caseload, and a manager's reads the team", "[sync][authz]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  auto mo = enroll_device(o.office, "mo");
  sync_device(o.office, *ana);
  sync_device(o.office, *mo);
  CHECK(ana->store->find_case("A100001"));
  CHECK_FALSE(ana->store->find_case("B100001"));
  CHECK_FALSE(ana->store->find_case("C100001"));
  CHECK(mo->store->find_case("A100001"));
  CHECK(mo->store->find_case("B100001"));
  CHECK_FALSE(mo->store->find_case("C100001"));
}

TEST_CASE("a change to another officer's case is rejected and quarantined with the reason, never dropped",
          "[sync][authz]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  // Ana's device holds a case the office assigned to Bo (e.g. imported locally).
  ana->store->upsert_case(test_case("B100001"));
  const auto note = ana->store->add_note("B100001", {NoteCategory::general, std::nullopt, "not mine to write"});
  const auto ok_note = [&] {
    sync_device(o.office, *ana);  // pulls A100001 first
    return ana->store->add_note("A100001", {NoteCategory::risk, Severity::concern, "mine"});
  }();
  const auto report = sync_device(o.office, *ana);
  CHECK(report.quarantined == 0);  // quarantined on the first sync already
  CHECK(o.office.store().records("note", "B100001").empty());
  CHECK(o.office.store().records("note", "A100001").size() == 1);
  const auto out = ana->store->outbox(0, 100);
  REQUIRE(out.size() == 2);  // the case upsert and the note, both kept
  for (const auto& e : out) {
    CHECK(e.quarantined);
    CHECK_THAT(e.quarantine_reason.value_or(""), Catch::Contains("not in your caseload"));
  }
  CHECK(ana->store->get_note(note.id).text == "not mine to write");
  // The case stays on the device while something quarantined refers to it.
  CHECK(ana->store->find_case("B100001"));
  (void)ok_note;
}

TEST_CASE("a manager may write to a team member's case", "[sync][authz]") {
  Office2 o;
  auto mo = enroll_device(o.office, "mo");
  sync_device(o.office, *mo);
  mo->store->add_note("B100001", {NoteCategory::general, std::nullopt, "countersigned"});
  const auto report = sync_device(o.office, *mo);
  CHECK(report.quarantined == 0);
  CHECK(o.office.store().records("note", "B100001").size() == 1);
}

TEST_CASE("a case reassigned away is purged once nothing unsent refers to it", "[sync][authz]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  sync_device(o.office, *ana);
  ana->store->add_note("A100001", {NoteCategory::general, std::nullopt, "before the move"});
  o.office.store().assign_case("A100001", "bo");
  // The push happens first: the note was written while the case was Ana's
  // and arrives after the move. Ana held the case when she wrote it, so the
  // office accepts it, and it reaches Bo, the new owner.
  auto r1 = sync_device(o.office, *ana);
  CHECK(r1.quarantined == 0);
  CHECK(r1.purged == std::vector<std::string>{"A100001"});

  auto bo = enroll_device(o.office, "bo");
  auto ana2 = enroll_device(o.office, "ana");
  sync_device(o.office, *ana2);
  o.office.store().assign_case("B100001", "ana");
  sync_device(o.office, *ana2);
  CHECK(ana2->store->find_case("B100001"));
  o.office.store().assign_case("B100001", "bo");
  const auto r2 = sync_device(o.office, *ana2);
  CHECK(r2.purged == std::vector<std::string>{"B100001"});
  CHECK_FALSE(ana2->store->find_case("B100001"));
  sync_device(o.office, *bo);
  CHECK(bo->store->find_case("A100001"));
  const auto bo_notes = bo->store->list_notes("A100001");
  REQUIRE(bo_notes.size() == 1);
  CHECK(bo_notes.front().text == "before the move");
}

TEST_CASE("enrollment codes are one-time and expire", "[sync][authz]") {
  Office2 o;
  const std::string secret = o.office.service().issue_enroll_secret("ana", 3600 * 1000);
  auto t = o.office.transport();
  sync::EnrollResponse reply;
  CHECK(enroll_over_https(o.office, *t, secret, reply).empty());
  CHECK_THAT(enroll_over_https(o.office, *t, secret, reply), Catch::Contains("already used"));
  // Expired: store a code that expired a second ago.
  const std::string old = "0123456789abcdef0123456789abcdef";
  const auto now = o.office.clock().now_utc_ms();
  o.office.store().add_enroll_code(blake2b_256(old), "ana", now - 10'000, now - 1000);
  CHECK_THAT(enroll_over_https(o.office, *t, old, reply), Catch::Contains("expired"));
  CHECK_THAT(enroll_over_https(o.office, *t, "ffffffffffffffffffffffffffffffff", reply),
             Catch::Contains("unknown enrollment code"));
}

TEST_CASE("a revoked device is refused at once, told to wipe, and wipes", "[sync][authz]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  sync_device(o.office, *ana);
  o.office.store().revoke_device(ana->creds.device_id, o.office.clock().now_utc_ms());
  auto t = o.office.transport();
  const auto res = t->post(sync::kPullPath, sync::to_json(sync::PullRequest{"", 10, {}}).dump(),
                           office::auth_header(ana->creds.device_id, ana->creds.device_secret));
  CHECK(res.status == 403);
  const auto err = sync::decode_error_body(res.body);
  REQUIRE(err);
  CHECK(err->code == "revoked");
  CHECK(err->wipe);
  try {
    sync_device(o.office, *ana);
    FAIL("expected Error(revoked)");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::revoked);
    ana->store.reset();
    ana->folder().wipe();
  }
  CHECK_FALSE(std::filesystem::exists(ana->folder().key_file()));
  CHECK_FALSE(std::filesystem::exists(ana->folder().store_file()));
}

TEST_CASE("bad credentials are refused with 401", "[sync][authz]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  auto t = o.office.transport();
  const std::string body = sync::to_json(sync::PullRequest{"", 10, {}}).dump();
  CHECK(t->post(sync::kPullPath, body, "").status == 401);
  CHECK(t->post(sync::kPullPath, body, office::auth_header(ana->creds.device_id, "00")).status == 401);
  CHECK(t->post(sync::kPullPath, body, "Bearer x").status == 401);
  CHECK(t->post(sync::kPullPath, body, office::auth_header(ana->creds.device_id, ana->creds.device_secret)).status == 200);
}

TEST_CASE("a wrong certificate pin is refused before anything is sent", "[sync][authz]") {
  Office2 o;
  sync::SpkiPin wrong = o.office.pin();
  wrong[0] ^= 0x01;
  net::HttpsTransport t("127.0.0.1", o.office.port(), wrong, std::chrono::seconds(5));
  try {
    (void)t.post(sync::kEnrollPath, "{}", "");
    FAIL("expected Error(network)");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::network);
  }
  // And another certificate (another key) for the same name is refused too.
  const auto other = net::make_self_signed_identity({"127.0.0.1"}, 1);
  net::HttpsTransport t2("127.0.0.1", o.office.port(), net::spki_pin_of(other.cert_pem), std::chrono::seconds(5));
  CHECK_THROWS_AS(t2.post(sync::kEnrollPath, "{}", ""), Error);
}

TEST_CASE("concurrent action decisions: the later HLC wins and the loser is a conflict record at the office and on the device",
          "[sync][conflict]") {
  Office2 o;
  auto d1 = enroll_device(o.office, "ana");
  auto d2 = enroll_device(o.office, "ana");
  sync_device(o.office, *d1);
  sync_device(o.office, *d2);
  RaisedAction raised{ActionKind::rosh_review, Priority::high, Date::parse("2026-03-10", "due"), "R4", "a test reason"};
  const auto action = d1->store->raise_actions("A100001", std::span(&raised, 1)).front();
  sync_device(o.office, *d1);
  sync_device(o.office, *d2);
  d1->store->complete_action(action.id, "reviewed by d1");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  d2->store->dismiss_action(action.id, "dismissed by d2");  // later HLC
  sync_device(o.office, *d2);
  const auto r1 = sync_device(o.office, *d1);  // d1's earlier change arrives late and loses
  CHECK(r1.conflicts == 1);
  const auto at_office = o.office.store().records("action", "A100001");
  REQUIRE(at_office.size() == 1);
  CHECK(at_office[0].payload.at("status") == "dismissed");
  const auto conflicts = o.office.store().conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].loser.at("outcome") == "reviewed by d1");
  CHECK(conflicts[0].loser_device == d1->creds.device_id);
  CHECK(d1->store->get_action(action.id).status == ActionStatus::dismissed);
  REQUIRE(d1->store->list_conflicts().size() == 1);
  sync_device(o.office, *d2);
  CHECK(d2->store->list_conflicts().size() == 1);
}

TEST_CASE("a broken device audit chain is refused as a whole", "[sync][fault]") {
  Office2 o;
  auto ana = enroll_device(o.office, "ana");
  sync_device(o.office, *ana);
  ana->store->add_note("A100001", {NoteCategory::general, std::nullopt, "one"});
  ana->store->add_note("A100001", {NoteCategory::general, std::nullopt, "two"});
  auto links = ana->store->audit_links(0, 10);
  REQUIRE(links.size() == 2);
  links[1].change[10] ^= 0x01;  // tampered after hashing
  auto t = o.office.transport();
  const auto res = t->post(sync::kPushPath, sync::to_json(sync::PushRequest{links}).dump(),
                           office::auth_header(ana->creds.device_id, ana->creds.device_secret));
  CHECK(res.status == 409);
  CHECK(sync::decode_error_body(res.body)->code == "chain_broken");
  CHECK(o.office.store().records("note", "A100001").empty());  // not even the good first link
  // A gap is refused with where to resume.
  auto good = ana->store->audit_links(1, 10);
  const auto gap = t->post(sync::kPushPath, sync::to_json(sync::PushRequest{good}).dump(),
                           office::auth_header(ana->creds.device_id, ana->creds.device_secret));
  CHECK(gap.status == 409);
  CHECK(sync::decode_error_body(gap.body)->expected_seq == 1);
  // The untampered chain then goes through.
  const auto report = sync_device(o.office, *ana);
  CHECK(report.pushed == 2);
  CHECK(o.office.store().records("note", "A100001").size() == 2);
}
