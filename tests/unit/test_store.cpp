#include <catch2/catch.hpp>

#include <fstream>

#include "domain/json_codec.hpp"
#include "store/store.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "support/errors.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

StoreIdentity officer() { return {"officer-1", "device-1"}; }

// The store gives every check a stable id; an imported case's checks have none.
Case without_check_ids(Case c) {
  for (auto& k : c.checks) {
    CHECK_FALSE(k.id.empty());
    k.id.clear();
  }
  return c;
}

// A record of case D100001 as another officer's device wrote it, pulled.
RemoteRecord pulled_record(std::string entity, std::string id, nlohmann::json payload) {
  RemoteRecord r;
  r.entity = std::move(entity);
  r.id = std::move(id);
  r.crn = "D100001";
  r.hlc = hlc_pack(static_cast<std::uint64_t>(kMarch2), 1);
  r.officer = "officer-2";
  r.device = "device-2";
  r.at = kMarch2;
  r.payload = std::move(payload);
  return r;
}

}  // namespace

TEST_CASE("a case survives closing and reopening the store", "[store]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  const Case c = sample_case();
  {
    Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
    s.upsert_case(c);
  }
  Store s = Store::open(dir / "store.db", kTestKey, clock);
  CHECK(s.identity().officer_id == "officer-1");
  CHECK(without_check_ids(s.get_case("D100001")) == c);
  const auto list = s.list_cases();
  REQUIRE(list.size() == 1);
  CHECK(list[0].name == "Douglas Reed");
  CHECK(error_code_of([&] { (void)s.get_case("Z999999"); }) == ErrorCode::not_found);
}

TEST_CASE("re-importing a case replaces its facts", "[store]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  Case c = sample_case();
  s.upsert_case(c);
  c.rosh = Rosh::high;
  c.household.clear();
  s.upsert_case(c);
  CHECK(without_check_ids(s.get_case(c.crn)) == c);
}

TEST_CASE("notes are insert-only: amend and retract add rows", "[store][notes]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  const Note n = s.add_note("D100001", {NoteCategory::relationships, Severity::concern, "Moved in with new partner."});
  clock.advance(1000);
  const Note a = s.amend_note(n.id, "Moved in with a new partner who has four children.");
  const Note r = s.retract_note(a.refers_to.value(), "entered on the wrong case");
  const auto notes = s.list_notes("D100001");
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].text == "Moved in with new partner.");
  CHECK(notes[1].kind == NoteKind::amendment);
  CHECK(notes[1].refers_to == n.id);
  CHECK(notes[2].kind == NoteKind::retraction);
  CHECK(notes[2].reason == "entered on the wrong case");
  CHECK(r.author == "officer-1");
  CHECK(r.device == "device-1");
  // A second retraction, or amending an amendment, is refused.
  CHECK(error_code_of([&] { s.retract_note(n.id, "again"); }) == ErrorCode::conflict);
  CHECK(error_code_of([&] { s.amend_note(a.id, "x"); }) == ErrorCode::conflict);
  // The schema itself refuses edits and deletes.
  CHECK(error_code_of([&] { s.database().exec("UPDATE notes SET text = 'changed'"); }) == ErrorCode::conflict);
  CHECK(error_code_of([&] { s.database().exec("DELETE FROM notes"); }) == ErrorCode::conflict);
  CHECK(s.list_notes("D100001").size() == 3);
}

TEST_CASE("raised actions merge into the open one of the same rule and kind", "[store][actions]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  const Date d = Date::parse("2026-03-16", "d");
  const RaisedAction first{ActionKind::csc_check, Priority::normal, d, "R6a", "No CSC check since the start."};
  const RaisedAction again{ActionKind::csc_check, Priority::high, d.plus_days(-2), "R6a", "New contact with children."};
  const auto a1 = s.raise_actions("D100001", std::span(&first, 1));
  const auto a2 = s.raise_actions("D100001", std::span(&again, 1));
  REQUIRE(a1.at(0).id == a2.at(0).id);
  auto open = s.list_actions(std::string_view("D100001"), true);
  REQUIRE(open.size() == 1);
  CHECK(open[0].reasons == std::vector<std::string>{first.reason, again.reason});
  CHECK(open[0].priority == Priority::high);
  CHECK(open[0].due == d.plus_days(-2));

  const Action done = s.complete_action(open[0].id, "not known to CSC");
  CHECK(done.status == ActionStatus::done);
  CHECK(error_code_of([&] { s.complete_action(open[0].id, "again"); }) == ErrorCode::conflict);
  // Once closed, a new raise opens a new action.
  const auto a3 = s.raise_actions("D100001", std::span(&first, 1));
  CHECK(a3.at(0).id != a1.at(0).id);
  const Action dismissed = s.dismiss_action(a3.at(0).id, "case transferred");
  CHECK(dismissed.dismiss_reason == "case transferred");
  CHECK(s.list_actions(std::nullopt, false).size() == 2);
  CHECK(s.list_actions(std::nullopt, true).empty());
}

TEST_CASE("every write appends an outbox row and an audit link in the same transaction", "[store][audit]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  s.add_note("D100001", {NoteCategory::general, std::nullopt, "First note."});
  s.record_check("D100001", {CheckKind::police_da_check, Date::parse("2026-03-01", "d"), "no callouts", std::nullopt, std::nullopt, ""});
  const auto outbox = s.outbox(0, 100);
  REQUIRE(outbox.size() == 3);
  CHECK(outbox[0].entity == "case");
  CHECK(outbox[1].entity == "note");
  CHECK(outbox[2].entity == "check");
  CHECK(outbox[0].hlc < outbox[1].hlc);
  const auto audit = s.verify_audit();
  CHECK(audit.ok());
  CHECK(audit.links == 3);

  s.acknowledge_outbox(outbox[1].seq);
  CHECK(s.outbox_pending_count() == 1);
}

TEST_CASE("audit verify names the first altered link", "[store][audit]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  for (int i = 0; i < 5; ++i) s.add_note("D100001", {NoteCategory::general, std::nullopt, "note " + std::to_string(i)});
  REQUIRE(s.verify_audit().ok());
  s.database().exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 4");
  const auto broken = s.verify_audit();
  CHECK_FALSE(broken.ok());
  CHECK(broken.first_broken == 4);
  CHECK(broken.links == 3);
  CHECK_THAT(broken.problem, Catch::Contains("link 4"));
}

TEST_CASE("audit verify notices a removed link", "[store][audit]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  for (int i = 0; i < 3; ++i) s.add_note("D100001", {NoteCategory::general, std::nullopt, "note"});
  s.database().exec("DELETE FROM audit_log WHERE seq = 2");
  CHECK(s.verify_audit().first_broken == 3);
}

TEST_CASE("the wrong key cannot open the store and changes nothing", "[store][crypto]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  { Store::create(dir / "store.db", kTestKey, clock, officer()).upsert_case(sample_case()); }
  const auto before = read_file_bytes(dir / "store.db");
  CHECK(error_code_of([&] { (void)Store::open(dir / "store.db", kOtherKey, clock); }) == ErrorCode::damaged);
  CHECK(error_code_of([&] { (void)Store::open(dir / "store.db", std::nullopt, clock); }) == ErrorCode::damaged);
  CHECK(read_file_bytes(dir / "store.db") == before);
  CHECK(Store::open(dir / "store.db", kTestKey, clock).get_case("D100001").name == "Douglas Reed");
}

TEST_CASE("a store with bytes flipped in the middle reports damage, naming the file", "[store][tamper]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  const auto file = dir / "store.db";
  {
    Store s = Store::create(file, kTestKey, clock, officer());
    for (int i = 0; i < 40; ++i) {
      Case c = sample_case("D1000" + std::to_string(10 + i));
      s.upsert_case(c);
      s.add_note(c.crn, {NoteCategory::risk, Severity::info, std::string(300, 'n')});
    }
    s.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const auto size = std::filesystem::file_size(file);
  REQUIRE(size > 16 * 4096);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const char junk[16] = {'\x13', '\x37', '\x42', '\x00', '\x7f', '\x01', '\x02', '\x03',
                           '\x04', '\x05', '\x06', '\x07', '\x08', '\x09', '\x0a', '\x0b'};
    f.write(junk, sizeof junk);
  }
  const auto tampered = read_file_bytes(file);
  // Opening may succeed (page 1 is intact); reading everything must fail cleanly.
  bool reported = false;
  try {
    Store s = Store::open(file, kTestKey, clock);
    for (const auto& c : s.list_cases()) (void)s.list_notes(c.crn);
    reported = !s.integrity_problems().empty();
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::damaged);
    CHECK_THAT(e.what(), Catch::Contains(file.string()));
    reported = true;
  }
  CHECK(reported);
  CHECK(read_file_bytes(file) == tampered);  // we never write to a damaged store
}

TEST_CASE("a full disk rolls the write back and keeps every earlier record", "[store][diskfull]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  s.upsert_case(sample_case());
  // Cap the file at 192 KiB: SQLite reports SQLITE_FULL exactly as for a full disk.
  s.database().exec("PRAGMA max_page_count = " + std::to_string(192 * 1024 / Store::kPageSize));
  std::vector<std::string> saved;
  bool full = false;
  for (int i = 0; i < 2000 && !full; ++i) {
    try {
      saved.push_back(s.add_note("D100001", {NoteCategory::general, std::nullopt, std::string(500, 'a' + i % 26)}).id);
      clock.advance(1);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::disk_full);
      CHECK_THAT(e.what(), Catch::Contains("nothing was written"));
      full = true;
    }
  }
  REQUIRE(full);
  REQUIRE(saved.size() > 5);
  const auto notes = s.list_notes("D100001");
  CHECK(notes.size() == saved.size());
  CHECK(s.verify_audit().ok());
  CHECK(s.outbox_pending_count() == static_cast<std::int64_t>(saved.size()) + 1);
  CHECK(s.integrity_problems().empty());
}

TEST_CASE("no note text appears in the store files in plaintext", "[store][crypto]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  const std::string secret = "Kerry said he threatened her with a knife on Tuesday";
  {
    Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
    s.upsert_case(sample_case());
    s.add_note("D100001", {NoteCategory::domestic_abuse, Severity::urgent, secret});
    // Inspect the WAL too: look before and after the checkpoint.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const auto bytes = read_file_bytes(entry.path());
      CHECK(bytes.find("threatened her") == std::string::npos);
      CHECK(bytes.find("Douglas Reed") == std::string::npos);
    }
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const auto bytes = read_file_bytes(entry.path());
    CHECK(bytes.find("threatened her") == std::string::npos);
    CHECK(bytes.find("SQLite format 3") == std::string::npos);
  }
}

TEST_CASE("a pulled record whose case has not arrived waits, then applies, and one the device cannot apply is held",
          "[store][sync]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  const std::string note_id = "01900000-0000-7000-8000-000000000001";
  const std::string amend_id = "01900000-0000-7000-8000-000000000002";
  const auto note = pulled_record("note", note_id, {{"kind", "entry"}, {"category", "general"}, {"text", "first"}});
  const auto amend = pulled_record(
      "note", amend_id, {{"kind", "amendment"}, {"category", "general"}, {"text", "second"}, {"refers_to", note_id}});
  auto broken = pulled_record("note", "01900000-0000-7000-8000-000000000003",
                              {{"kind", "entry"}, {"category", "no such category"}, {"text", "x"}});
  // The amendment comes before its note, and both before their case.
  const std::vector<RemoteRecord> page1 = {amend, note, broken};
  CHECK(s.apply_remote_page(page1, "c1") == 0);
  auto held = s.list_pull_held();
  REQUIRE(held.size() == 3);
  CHECK(s.meta("sync.pull_cursor") == "c1");  // the page went on

  const std::vector<RemoteRecord> page2 = {pulled_record("case", "D100001", to_json(sample_case()))};
  CHECK(s.apply_remote_page(page2, "c2") == 3);  // the case, then the note, then its amendment
  CHECK(s.list_notes("D100001").size() == 2);
  held = s.list_pull_held();
  REQUIRE(held.size() == 1);
  CHECK_FALSE(held[0].waiting);
  CHECK_THAT(held[0].reason, Catch::Contains("note.category"));
}

TEST_CASE("a pulled note the store's own constraints refuse writes nothing, is held with the reason, "
          "and the page goes on",
          "[store][sync]") {
  // A note is applied without a savepoint of its own: its one INSERT must
  // leave nothing of a refused row, the refusal must be held (and so
  // reported to the office), not dropped, and the notes after it must apply.
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  // A retraction that retracts nothing passes the note's checks in code and
  // fails the table's CHECK (kind = 'entry') = (refers_to IS NULL).
  const auto refused = pulled_record("note", "01900000-0000-7000-8000-000000000011",
                                     {{"kind", "retraction"}, {"category", "general"}, {"text", "x"}});
  const auto fine = pulled_record("note", "01900000-0000-7000-8000-000000000012",
                                  {{"kind", "entry"}, {"category", "general"}, {"text", "kept"}});
  const auto the_case = pulled_record("case", "D100001", to_json(sample_case()));
  const std::vector<RemoteRecord> page = {the_case, refused, fine};
  (void)s.apply_remote_page(page, "c1");
  CHECK(s.count_notes() == 1);
  const auto notes = s.list_notes("D100001");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].text == "kept");
  CHECK_THROWS(s.get_note(refused.id));
  const auto held = s.list_pull_held();
  REQUIRE(held.size() == 1);
  CHECK(held[0].id == refused.id);
  CHECK_FALSE(held[0].waiting);
  CHECK_THAT(held[0].reason, Catch::Contains("CHECK constraint failed"));
  CHECK(s.meta("sync.pull_cursor") == "c1");
  // Pulled again (a repeated page), a note already stored is left as it is.
  CHECK(s.apply_remote_page(std::vector<RemoteRecord>{fine}, "c2") == 1);
  CHECK(s.count_notes() == 1);
}

TEST_CASE("a check requested, then replied to: insert-only rows, the case sees request plus latest reply", "[store][checks]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store s = Store::create(dir / "store.db", kTestKey, clock, officer());
  Case c = sample_case();
  c.rosh_reviewed = Date::parse("2026-02-01", "t");
  s.upsert_case(c);
  CHECK(s.get_case(c.crn).rosh_reviewed == c.rosh_reviewed);

  Check asked;
  asked.kind = CheckKind::police_da_check;
  asked.date = Date::parse("2026-03-02", "t");
  const Check req = s.record_check(c.crn, asked);
  REQUIRE_FALSE(req.id.empty());
  CHECK_FALSE(req.answered());  // neither outcome nor result: awaiting reply

  const Check replied = s.record_check_reply(req.id, Date::parse("2026-03-09", "t"), CheckResult::callouts_found,
                                             std::string("two callouts in 2025"));
  CHECK(replied.id == req.id);
  CHECK(replied.result == CheckResult::callouts_found);
  CHECK(replied.outcome == "two callouts in 2025");
  CHECK(replied.replied_on == Date::parse("2026-03-09", "t"));
  CHECK(replied.date == Date::parse("2026-03-02", "t"));

  // A later reply supersedes the earlier one.
  clock.advance(1000);
  (void)s.record_check_reply(req.id, Date::parse("2026-03-10", "t"), CheckResult::concerns_shared, std::nullopt);
  const auto checks = s.effective_checks(c.crn);
  REQUIRE(checks.size() == 2);  // the imported one and the request; replies are not checks of their own
  CHECK(checks[1].result == CheckResult::concerns_shared);
  CHECK_FALSE(checks[1].outcome);
  CHECK(checks[1].replied_on == Date::parse("2026-03-10", "t"));
  CHECK(s.get_case(c.crn).checks == checks);

  // The wire: insert-only check records; a reply names its request.
  const auto out = s.outbox(0, 100);
  REQUIRE(out.size() == 4);
  CHECK(out[1].entity == "check");
  CHECK(out[1].payload == nlohmann::json{{"id", req.id}, {"crn", "D100001"}, {"kind", "police_da_check"},
                                         {"date", "2026-03-02"}});
  CHECK(out[2].entity == "check");
  CHECK(out[2].payload["reply_to"] == req.id);
  CHECK(out[2].payload["kind"] == "police_da_check");
  CHECK(out[2].payload["date"] == "2026-03-09");
  CHECK(out[2].payload["result"] == "callouts_found");
  CHECK(out[2].payload["outcome"] == "two callouts in 2025");
  CHECK(out[2].entity_id != req.id);

  // Bad replies: nothing written.
  const auto before = s.outbox_pending_count();
  CHECK(error_code_of([&] {
          (void)s.record_check_reply("no-such-id", Date::parse("2026-03-10", "t"), CheckResult::no_information,
                                     std::nullopt);
        }) == ErrorCode::not_found);
  CHECK(error_code_of([&] {
          (void)s.record_check_reply(req.id, Date::parse("2026-03-01", "t"), CheckResult::no_information,
                                     std::nullopt);
        }) == ErrorCode::bad_input);
  CHECK(error_code_of([&] {
          (void)s.record_check_reply(out[2].entity_id, Date::parse("2026-03-11", "t"), CheckResult::no_information,
                                     std::nullopt);
        }) == ErrorCode::bad_input);
  CHECK(s.outbox_pending_count() == before);
  CHECK(s.effective_checks(c.crn) == checks);

  // Survives reopening, and a re-import of the effective case keeps the reply's day.
  Case again = s.get_case(c.crn);
  s.upsert_case(again);
  CHECK(s.get_case(c.crn).checks == again.checks);
}
