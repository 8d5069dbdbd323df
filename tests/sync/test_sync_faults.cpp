// Seeded fault-injection runs against an in-process office over loopback TLS.
// After each run: every acknowledged change is in the office exactly once,
// nothing is left unsent, and two devices of one officer converge.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <set>

#include "domain/json_codec.hpp"
#include "fault_transport.hpp"
#include "sync_fixture.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

int seed_count() {
  if (const char* env = std::getenv("DOORSTEP_SYNC_SEEDS"); env && *env) return std::max(1, std::atoi(env));
  // With the office on PostgreSQL every request is several round trips to
  // another process (and each seed a new database): fewer seeds keep the
  // second run of this suite bounded.
  const bool postgres = test_office_on_postgres();
#if defined(__SANITIZE_ADDRESS__)
  return postgres ? 15 : 40;  // ~3x slower under ASan+UBSan: keep the suite bounded
#else
  return postgres ? 60 : 200;
#endif
}

const std::vector<std::string> kCrns = {"A100001", "A100002", "A100003"};

// Syncs through the faulty transport until a run completes (each failure
// leaves progress committed; the next run resumes).
sync::SyncReport sync_until_done(TestDevice& dev, sync::Transport& t, std::mt19937_64& rng) {
  sync::SyncOptions opts;
  opts.push_batch = 1 + static_cast<int>(rng() % 7);
  opts.pull_page = 1 + static_cast<int>(rng() % 9);
  for (int attempt = 0; attempt < 200; ++attempt) {
    try {
      sync::SyncEngine engine(*dev.store, t, dev.creds, opts);
      return engine.run();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::network && e.code() != ErrorCode::bad_input) throw;
      // bad_input: the office answered a stale (reordered) request; retry.
    }
  }
  FAIL("sync never completed");
  return {};
}

std::set<std::string> note_ids(Store& s) {
  std::set<std::string> ids;
  for (const auto& crn : kCrns)
    for (const auto& n : s.list_notes(crn)) ids.insert(n.id);
  return ids;
}

void run_seed(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  TestOffice office;
  office.add_officer("ana");
  office.add_officer("bo");
  for (const auto& crn : kCrns) office.store().import_case(test_case(crn), "ana", office.clock().now_utc_ms());
  office.store().import_case(test_case("B200001"), "bo", office.clock().now_utc_ms());

  auto d1 = enroll_device(office, "ana");
  auto d2 = enroll_device(office, "ana");
  std::unique_ptr<sync::Transport> real = office.transport();
  auto restart = [&] {
    real.reset();  // close the kept-alive connection so the server stops at once
    office.restart();
    real = office.transport();
  };
  FaultTransport t1(seed * 2 + 1, [&]() -> sync::Transport& { return *real; }, restart);
  FaultTransport t2(seed * 2 + 2, [&]() -> sync::Transport& { return *real; }, restart);

  sync_until_done(*d1, t1, rng);
  sync_until_done(*d2, t2, rng);
  std::set<std::string> created;
  int office_owned_attempts = 0;
  const int rounds = 2 + static_cast<int>(rng() % 3);
  for (int round = 0; round < rounds; ++round) {
    for (auto* dev : {d1.get(), d2.get()}) {
      const int ops = static_cast<int>(rng() % 6);
      for (int i = 0; i < ops; ++i) {
        const auto& crn = kCrns[rng() % kCrns.size()];
        const int what = static_cast<int>(rng() % 10);
        if (what < 7) {
          const auto n = dev->store->add_note(crn, {NoteCategory::general, std::nullopt, "note " + std::to_string(rng())});
          created.insert(n.id);
        } else if (what < 8 && !dev->store->list_notes(crn).empty()) {
          const auto notes = dev->store->list_notes(crn);
          const auto& target = notes[rng() % notes.size()];
          if (target.kind == NoteKind::entry) created.insert(dev->store->amend_note(target.id, "amended").id);
        } else if (what < 9) {
          // A device-owned fact: devices only add, and the office unions.
          Case c = dev->store->get_case(crn);
          c.alerts.push_back("alert " + std::to_string(rng() % 1000));
          dev->store->upsert_case(c);
        } else {
          // An office-owned fact: refused, quarantined, and the device goes
          // back to the office's value.
          Case c = dev->store->get_case(crn);
          c.address = "address " + std::to_string(rng() % 1000);
          dev->store->upsert_case(c);
          ++office_owned_attempts;
        }
      }
    }
    sync_until_done(*d1, t1, rng);
    sync_until_done(*d2, t2, rng);
  }
  // A device enrolled late (a replacement tablet) pulls the whole history
  // through the same faults, with pages that cut cases from their records.
  auto late = enroll_device(office, "ana");
  FaultTransport t3(seed * 2 + 3, [&]() -> sync::Transport& { return *real; }, restart);
  sync_until_done(*late, t3, rng);
  // Settle without faults: each device sees the other's last changes.
  t1.set_enabled(false);
  t2.set_enabled(false);
  t3.set_enabled(false);
  for (int i = 0; i < 2; ++i) {
    sync_until_done(*d1, t1, rng);
    sync_until_done(*d2, t2, rng);
    sync_until_done(*late, t3, rng);
  }

  INFO("seed " << seed);
  // Nothing unsent, only office-owned edits quarantined, nothing pulled
  // held back, and the office holds each device's whole chain exactly once.
  int quarantined = 0;
  for (auto* dev : {d1.get(), d2.get(), late.get()}) {
    CHECK(dev->store->outbox_pending_count() == 0);
    for (const auto& h : dev->store->list_pull_held()) FAIL_CHECK("held back: " << h.entity << " " << h.reason);
    for (const auto& e : dev->store->outbox(0, 1000)) {
      CHECK(e.quarantined);
      CHECK(e.entity == "case");
      CHECK_THAT(e.quarantine_reason.value_or(""), Catch::Contains("kept by the office"));
      ++quarantined;
    }
    const auto office_dev = office.store().find_device(dev->creds.device_id);
    REQUIRE(office_dev);
    std::int64_t links = 0;
    for (std::int64_t after = 0;;) {
      const auto batch = dev->store->audit_links(after, 1000);
      if (batch.empty()) break;
      links += static_cast<std::int64_t>(batch.size());
      after = batch.back().seq;
    }
    CHECK(office_dev->last_seq == links);
  }
  // An edit made on a copy that still shows a refused office-owned value is
  // refused too (that copy is not one the office ever held).
  CHECK(quarantined >= office_owned_attempts);
  if (office_owned_attempts == 0) CHECK(quarantined == 0);
  // Every note made on either device is at the office once.
  std::set<std::string> at_office;
  std::size_t office_notes = 0;
  for (const auto& crn : kCrns) {
    for (const auto& r : office.store().records("note", crn)) {
      at_office.insert(r.id);
      ++office_notes;
    }
  }
  CHECK(office_notes == at_office.size());
  CHECK(at_office == created);
  // Convergence.
  CHECK(note_ids(*d1->store) == created);
  CHECK(note_ids(*d2->store) == created);
  CHECK(note_ids(*late->store) == created);
  for (const auto& crn : kCrns) {
    const auto office_case = office.store().find_case(crn);
    REQUIRE(office_case);
    CHECK(to_json(d1->store->get_case(crn)) == to_json(office_case->facts));
    CHECK(to_json(d2->store->get_case(crn)) == to_json(office_case->facts));
    CHECK(to_json(late->store->get_case(crn)) == to_json(office_case->facts));
  }
  CHECK_FALSE(d1->store->find_case("B200001"));
  for (const auto& a : office.store().verify_audit()) CHECK(a.result.ok());
}

}  // namespace

TEST_CASE("sync survives dropped, duplicated, reordered, delayed and cut requests and server restarts",
          "[sync][fault]") {
  const int seeds = seed_count();
  for (int s = 1; s <= seeds; ++s) run_seed(static_cast<std::uint64_t>(s));
}

// The office's PostgreSQL stopped while serving, then started again: requests
// answer 503 with Retry-After (never a 500, never a crash), the device keeps
// its outbox, retries, and every change it made reaches the office once.
TEST_CASE("the office database lost while serving answers 503 and devices keep their outbox until it is back",
          "[sync][fault][postgres]") {
  TestOffice office(false, true);
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  auto dev = enroll_device(office, "ana");
  const auto sync_now = [&] {
    auto t = office.transport();
    sync::SyncEngine engine(*dev->store, *t, dev->creds, {});
    (void)engine.run();
  };
  sync_now();  // the caseload
  std::set<std::string> made;
  for (int i = 0; i < 3; ++i)
    made.insert(dev->store->add_note("A100001", {NoteCategory::general, std::nullopt, "before " + std::to_string(i)}).id);
  sync_now();

  PostgresCluster::shared().stop();
  for (int i = 0; i < 3; ++i)
    made.insert(dev->store->add_note("A100001", {NoteCategory::general, std::nullopt, "during " + std::to_string(i)}).id);
  {
    net::ClientOptions no_retry;
    no_retry.busy_retry_for = std::chrono::milliseconds(0);
    net::HttpsTransport t("127.0.0.1", office.port(), office.pin(), no_retry);
    const auto res = t.post(sync::kPullPath, sync::to_json(sync::PullRequest{"", 10, {}}).dump(),
                            office::auth_header(dev->creds.device_id, dev->creds.device_secret));
    CHECK(res.status == 503);
    CHECK(res.body.find("unavailable") != std::string::npos);
    sync::SyncEngine engine(*dev->store, t, dev->creds, {});
    CHECK_THROWS_AS(engine.run(), Error);  // nothing acknowledged: the outbox keeps it all
  }
  // Back while the device is retrying (its transport honours Retry-After).
  std::thread back([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    PostgresCluster::shared().start();
  });
  {
    auto t = office.transport();
    sync::SyncEngine engine(*dev->store, *t, dev->creds, {});
    try {
      (void)engine.run();
    } catch (const Error& e) {
      back.join();
      FAIL(std::string("sync after the database came back: ") + e.what());
    }
  }
  back.join();
  std::set<std::string> at_office;
  for (const auto& r : office.store().records("note", std::string_view("A100001"))) at_office.insert(r.id);
  CHECK(at_office == made);
  for (const auto& a : office.store().verify_audit()) CHECK(a.result.ok());
}

// The office busy for longer than the device keeps retrying: its client
// backs off and retries, then gives up; the sync fails with a network error
// and the outbox keeps every note; once the office has room, the next sync
// delivers them all, once. The busy front is a second server in front of
// the real service that answers push with 503 + Retry-After while `busy`.
TEST_CASE("a sync that gives up on a busy office keeps its outbox and delivers it later", "[sync][fault]") {
  TestOffice office;
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  auto dev = enroll_device(office, "ana");
  std::atomic<bool> busy{false};
  std::atomic<int> refused{0};
  net::ServerOptions o;
  o.log_requests = false;
  net::OfficeHttpsServer front(
      [&](std::string_view path, std::string_view body, std::string_view auth) {
        if (busy.load() && path == sync::kPushPath) {
          ++refused;
          office::ServiceResponse r{503, R"({"error":{"code":"busy","message":"the office is busy"}})", "status=503"};
          r.retry_after_s = 1;
          return r;
        }
        return office.service().handle(path, body, auth);
      },
      test_tls_identity().cert_pem, test_tls_identity().key_pem, o);
  const int port = front.bind("127.0.0.1", 0);
  front.start();
  net::ClientOptions patient;
  patient.timeout = std::chrono::seconds(10);
  patient.busy_retry_for = std::chrono::milliseconds(1'500);
  net::HttpsTransport t("127.0.0.1", port, office.pin(), patient);
  (void)sync::SyncEngine(*dev->store, t, dev->creds, {}).run();  // the caseload

  std::set<std::string> made;
  for (int i = 0; i < 5; ++i)
    made.insert(dev->store->add_note("A100001", {NoteCategory::general, std::nullopt, "busy " + std::to_string(i)}).id);
  REQUIRE(dev->store->outbox_pending_count() == 5);
  busy = true;
  try {
    (void)sync::SyncEngine(*dev->store, t, dev->creds, {}).run();
    FAIL("the sync succeeded against an office that answered only 503");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::network);
  }
  CHECK(refused.load() >= 3);  // it backed off and retried before giving up
  CHECK(dev->store->outbox_pending_count() == 5);
  CHECK(office.store().records("note", std::string_view("A100001")).empty());

  busy = false;
  const auto report = sync::SyncEngine(*dev->store, t, dev->creds, {}).run();
  CHECK(report.pushed == 5);
  CHECK(dev->store->outbox_pending_count() == 0);
  std::set<std::string> at_office;
  for (const auto& r : office.store().records("note", std::string_view("A100001"))) at_office.insert(r.id);
  CHECK(at_office == made);
  front.stop();
}
