// What only the PostgreSQL office store has to show: no personal data in
// clear in the database or its dumps, schema versions, clear errors for a
// wrong URL, a wrong key or a newer schema (nothing changed), and pull
// cursors that never skip a record while several connections write at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "audit/audit_chain.hpp"
#include "crypto/hash.hpp"
#include "office/office_store.hpp"
#include "office/office_store_backends.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

std::string psql(const std::string& url, const std::string& sql) {
  const auto r = run_process({PostgresCluster::bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url,
                              "-c", sql});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

struct Writer {
  office::Device device;
  std::optional<AuditLink> prev;
  sync::ChangeResult note(office::OfficeStore& store, const std::string& crn, const std::string& text) {
    const auto id = make_uuid_v7(store_now());
    const json payload = {{"id", id},         {"crn", crn},           {"kind", "entry"},
                          {"category", "general"}, {"text", text}, {"author", device.officer_id},
                          {"device", device.id},   {"created_at", "2026-03-02T10:00:00.000Z"}};
    const json change = {{"entity", "note"},
                         {"id", id},
                         {"op", "create"},
                         {"hlc", hlc_pack(static_cast<std::uint64_t>(store_now()), 0)},
                         {"payload", payload}};
    AuditLink l = make_audit_link(prev, canonical_change(change), device.officer_id, store_now(), device.id);
    const std::vector<AuditLink> links{l};
    const auto r = store.apply_push(device, links, store_now());
    prev = l;
    return r.results.at(0);
  }
};

Writer enroll(office::OfficeStore& store, const std::string& officer, const std::string& label) {
  const UtcMillis now = store_now();
  const auto code = blake2b_256(make_uuid_v7(now) + label);
  store.add_enroll_code(code, officer, now, now + 3600 * 1000);
  return {store.redeem_enroll_code(code, now, make_uuid_v7(now), blake2b_256("secret"), label), {}};
}

// An officer, a case and one note pushed from a tablet.
void store_with_a_pushed_note(PostgresBackend& backend) {
  auto store = backend.open();
  store->add_officer({"o1", "Ada Lovelace", false, "north"});
  store->import_case(person("X100009", "Jo Bloggs"), "o1", store_now());
  auto tablet = enroll(*store, "o1", "tablet o1");
  REQUIRE(tablet.note(*store, "X100009", "a note before the migration").status == sync::ChangeStatus::applied);
}

}  // namespace

TEST_CASE("PostgreSQL office store: pg_dump holds no note text, names or labels", "[office][postgres]") {
  PostgresBackend backend;
  auto store = backend.create();
  store->add_officer({"o1", "Philippa Quartermain", false, "north"});
  store->import_case(person("X123456", "Bartholomew Zanzibar"), "o1", store_now());
  auto w = enroll(*store, "o1", "Quartermain tablet");
  CHECK(w.note(*store, "X123456", "Disclosed a new partner called Octavia Marchbanks").status ==
        sync::ChangeStatus::applied);
  CHECK(w.note(*store, "X999999", "Refused note about Cornelius Pettigrew").status == sync::ChangeStatus::rejected);
  office::CaseUpdate u;
  u.rosh = Rosh::high;
  (void)store->update_case("X123456", u, "office", store_now());  // the old facts go to case_history
  store->record_device_held(w.device.id,
                            std::vector<sync::HeldReport>{{"note", "n1", "X123456", "held because Wilhelmina", true}},
                            store_now());

  const auto dump = run_process({PostgresCluster::bin("pg_dump"), "--data-only", backend.url});
  INFO(dump.err);
  REQUIRE(dump.exit_code == 0);
  // The dump does hold the rows: ids and CRNs stay clear for indexing.
  CHECK(dump.out.find("X123456") != std::string::npos);
  CHECK(dump.out.find(w.device.id) != std::string::npos);
  for (const char* secret : {"Octavia", "Marchbanks", "Disclosed", "Bartholomew", "Zanzibar", "Philippa",
                             "Quartermain", "Cornelius", "Pettigrew", "Wilhelmina", "partner"}) {
    INFO(secret);
    CHECK(dump.out.find(secret) == std::string::npos);
  }
  // And the store still reads it all back.
  CHECK(store->records("note", std::string_view("X123456")).at(0).payload.at("text") ==
        "Disclosed a new partner called Octavia Marchbanks");
  CHECK(store->find_officer("o1")->name == "Philippa Quartermain");
  CHECK(store->case_history("X123456").at(0).facts.name == "Bartholomew Zanzibar");
}

TEST_CASE("PostgreSQL office store: a sealed value moved to another row does not open", "[office][postgres]") {
  PostgresBackend backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  store->import_case(person("X100002", "Sam Smith"), "o1", store_now());
  psql(backend.url,
       "UPDATE records SET payload = (SELECT payload FROM records WHERE id = 'X100002') WHERE id = 'X100001'");
  CHECK(code_of([&] { (void)store->find_case("X100001"); }) == ErrorCode::damaged);
  CHECK(store->find_case("X100002")->facts.name == "Sam Smith");
}

TEST_CASE("PostgreSQL office store: schema versions, a newer schema refused and nothing changed",
          "[office][postgres]") {
  PostgresBackend backend;
  { auto store = backend.create(); }
  CHECK(psql(backend.url, "SELECT version FROM schema_version ORDER BY version") == "1\n2\n3\n4\n");
  // A version 1 database (before the console's tables and the pull's index)
  // is migrated on open, by the office store or by the console's.
  const std::string v1 = "DROP TABLE console_accounts, console_sessions, console_access_log, console_login_failures,"
                         " console_login_blocks; DROP INDEX records_for_pull;"
                         " CREATE INDEX records_by_case ON records (crn, seq);"
                         " ALTER TABLE records ADD CONSTRAINT records_crn_fkey FOREIGN KEY (crn) REFERENCES cases(crn);"
                         " ALTER TABLE device_links ADD CONSTRAINT device_links_device_id_fkey"
                         "  FOREIGN KEY (device_id) REFERENCES devices(id);"
                         " DELETE FROM schema_version WHERE version >= 2";
  // Version 4 dropped the two foreign keys a push checked on every row; the others stay.
  const std::string foreign_keys =
      "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('records'::regclass,"
      " 'device_links'::regclass, 'cases'::regclass) ORDER BY conname";
  const std::string pull_indexes =
      "SELECT indexname FROM pg_indexes WHERE indexname IN ('records_by_case', 'records_for_pull')"
      " ORDER BY indexname";
  CHECK(psql(backend.url, foreign_keys) == "cases_assigned_officer_fkey\n");
  store_with_a_pushed_note(backend);
  psql(backend.url, v1);
  CHECK(psql(backend.url, pull_indexes) == "records_by_case\n");
  CHECK(psql(backend.url, foreign_keys) ==
        "cases_assigned_officer_fkey\ndevice_links_device_id_fkey\nrecords_crn_fkey\n");
  { auto console = backend.console(); }
  CHECK(psql(backend.url, "SELECT version FROM schema_version ORDER BY version") == "1\n2\n3\n4\n");
  CHECK(psql(backend.url, pull_indexes) == "records_for_pull\n");
  CHECK(psql(backend.url, foreign_keys) == "cases_assigned_officer_fkey\n");
  CHECK(psql(backend.url, "SELECT count(*) FROM records WHERE entity = 'note'") == "1\n");
  CHECK(psql(backend.url, "SELECT count(*) FROM console_login_blocks") == "0\n");
  psql(backend.url, v1);
  { auto store = backend.open(); }
  CHECK(psql(backend.url, "SELECT count(*) FROM console_sessions") == "0\n");
  // Creating again over an office is refused.
  CHECK(code_of([&] { (void)backend.create(); }) == ErrorCode::conflict);
  CHECK(code_of([&] { office::check_postgres_database_is_new(backend.url); }) == ErrorCode::conflict);
  // A newer program's schema: refused, and the database is left as it was.
  psql(backend.url, "INSERT INTO schema_version(version, applied_at) VALUES (5, 0)");
  const std::string before = psql(backend.url, "SELECT count(*) FROM schema_version") +
                             psql(backend.url, "SELECT count(*) FROM information_schema.tables");
  try {
    (void)backend.open();
    FAIL("a newer schema was opened");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::damaged);
    CHECK(std::string(e.what()).find("newer than this program knows") != std::string::npos);
  }
  CHECK(psql(backend.url, "SELECT count(*) FROM schema_version") +
            psql(backend.url, "SELECT count(*) FROM information_schema.tables") ==
        before);
  // An empty database holds no office.
  const std::string empty = PostgresCluster::shared().new_database();
  CHECK(code_of([&] { (void)office::open_postgres_office_store(empty, store_key_bytes()); }) == ErrorCode::not_found);
}

TEST_CASE("PostgreSQL office store: a wrong URL, an unreachable server or a wrong key is a clear error",
          "[office][postgres]") {
  try {
    (void)office::create_postgres_office_store("mysql://localhost/office", store_key_bytes(), store_now());
    FAIL("a mysql URL was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::usage);
    CHECK(std::string(e.what()).find("postgresql://") != std::string::npos);
  }
  TempDir nowhere;
  const std::string unreachable = "postgresql:///office?host=" + nowhere.path().string() + "&user=postgres";
  try {
    (void)office::open_postgres_office_store(unreachable, store_key_bytes());
    FAIL("an unreachable server was opened");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::network);
    CHECK(std::string(e.what()).find("cannot reach the office database") != std::string::npos);
  }
  PostgresBackend backend;
  { auto store = backend.create(); }
  auto wrong = store_key_bytes();
  wrong[0] ^= 1;
  CHECK(code_of([&] { (void)office::open_postgres_office_store(backend.url, wrong); }) == ErrorCode::wrong_passphrase);
}

TEST_CASE("PostgreSQL office store: readers never skip a record while writers on other connections commit",
          "[office][postgres]") {
  PostgresBackend backend;
  auto admin = backend.create();
  admin->add_officer({"m1", "Grace Hopper", true, "north"});
  constexpr int kWriters = 6, kNotes = 40, kReaders = 3;
  std::vector<Writer> writers;
  for (int i = 0; i < kWriters; ++i) {
    const std::string officer = "o" + std::to_string(i);
    admin->add_officer({officer, "Officer " + officer, false, "north"});
    admin->import_case(person("X10000" + std::to_string(i), "Person " + std::to_string(i)), officer, store_now());
    writers.push_back(enroll(*admin, officer, "tablet " + officer));
  }
  const auto manager = enroll(*admin, "m1", "manager tablet").device;

  std::atomic<int> writers_done{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      auto store = backend.open();  // its own connection, as another process would have
      for (int n = 0; n < kNotes; ++n) {
        try {
          if (writers[static_cast<std::size_t>(i)].note(*store, "X10000" + std::to_string(i), "note " + std::to_string(n)).status !=
              sync::ChangeStatus::applied)
            ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
      ++writers_done;
    });
  }
  std::vector<std::set<std::string>> seen(kReaders);
  std::vector<std::string> cursors(kReaders);
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      auto store = backend.open();
      const auto pull_once = [&] {
        for (;;) {
          const auto page = store->pull(manager, cursors[static_cast<std::size_t>(r)], 7);
          for (const auto& rec : page.records) seen[static_cast<std::size_t>(r)].insert(rec.entity + "/" + rec.id);
          cursors[static_cast<std::size_t>(r)] = page.cursor;
          if (!page.more) break;
        }
      };
      while (writers_done.load() < kWriters) pull_once();
      pull_once();  // once more after every writer finished: from the same cursor
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures.load() == 0);
  std::set<std::string> all;
  for (const auto& rec : admin->records("note", std::nullopt)) all.insert("note/" + rec.id);
  REQUIRE(all.size() == static_cast<std::size_t>(kWriters * kNotes));
  for (int r = 0; r < kReaders; ++r) {
    std::set<std::string> notes;
    for (const auto& k : seen[static_cast<std::size_t>(r)])
      if (k.starts_with("note/")) notes.insert(k);
    INFO("reader " << r);
    CHECK(notes == all);
  }
}

// Not a test (hidden): how long the store itself takes to apply 5,000 notes
// in batches of 500, for finding where push time goes. Run by name.
TEST_CASE("PostgreSQL office store: time to apply 5000 notes in batches of 500", "[.][bench]") {
  PostgresBackend backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  auto w = enroll(*store, "o1", "tablet");
  std::vector<AuditLink> links;
  for (int i = 0; i < 5000; ++i) {
    const auto id = make_uuid_v7(store_now());
    const json payload = {{"id", id},         {"crn", "X100001"},  {"kind", "entry"},
                          {"category", "general"}, {"text", std::string(400, 'x')}, {"author", "o1"},
                          {"device", w.device.id},   {"created_at", "2026-03-02T10:00:00.000Z"}};
    const json change = {{"entity", "note"}, {"id", id}, {"op", "create"},
                         {"hlc", hlc_pack(static_cast<std::uint64_t>(store_now()), 0)}, {"payload", payload}};
    links.push_back(make_audit_link(links.empty() ? std::nullopt : std::optional<AuditLink>(links.back()),
                                    canonical_change(change), "o1", store_now(), w.device.id));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < links.size(); i += 500)
    (void)store->apply_push(w.device, std::span<const AuditLink>(links).subspan(i, 500), store_now());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WARN("applied 5000 notes in " << s << " s (" << 5000 / s << " notes/s)");
  CHECK(store->records("note", std::nullopt).size() == 5000);
}
