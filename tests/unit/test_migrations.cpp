#include <catch2/catch.hpp>

#include "crypto/key_file.hpp"
#include "device/store_folder.hpp"
#include "store/migrations.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

using namespace doorstep;

namespace {

// A copy of a stored fixture folder, so the test never changes the original.
std::filesystem::path copy_fixture(const test::TempDir& dir, const std::string& name) {
  const auto src = std::filesystem::path(DOORSTEP_SOURCE_DIR) / "tests" / "fixtures" / name;
  const auto dst = dir.path() / name;
  std::filesystem::copy(src, dst, std::filesystem::copy_options::recursive);
  return dst;
}

// The page size of the store fixtures (SQLite's default, before pages were sized).
constexpr int kFixturePageSize = 4096;

}  // namespace

TEST_CASE("a schema v1 store opens with this build and keeps every record", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v1"));
  Store store = folder.open("fixture passphrase v1", clock);
  CHECK(store.database().user_version() == kSchemaVersion);
  CHECK(store.identity().officer_id == "fixture-officer");
  const auto cases = store.list_cases();
  REQUIRE(cases.size() == 2);
  CHECK(store.get_case("D100001").name == "Douglas Reed");
  CHECK(store.list_visits("D100001").size() == 1);
  CHECK(store.list_notes("N100008").at(0).text == "Fixture note: children not seen at the v1 visit");
  CHECK(store.get_case("N100008").checks.size() == 2);
  CHECK(store.verify_audit().ok());
  CHECK(store.verify_audit().links == 7);
  // And it takes new writes after the upgrade.
  store.add_note("D100001", {NoteCategory::general, std::nullopt, "written after the upgrade"});
  CHECK(store.verify_audit().links == 8);
}

TEST_CASE("a schema v2 store opens with this build and keeps every record", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v2"));
  Store store = folder.open("fixture passphrase v2", clock);
  CHECK(store.database().user_version() == kSchemaVersion);
  CHECK(store.list_cases().size() == 2);
  CHECK(store.list_visits("D100001").size() == 1);
  CHECK(store.list_notes("N100008").at(0).text == "Fixture note: written by schema v2");
  CHECK_FALSE(store.list_actions(std::string_view("D100001"), true).empty());
  CHECK(store.verify_audit().ok());
  // The outbox sequence continues the audit chain's (schema v2's invariant).
  const auto links = store.verify_audit().links;
  const Note n = store.add_note("D100001", {NoteCategory::general, std::nullopt, "written after opening"});
  const auto outbox = store.outbox(0, 1000);
  REQUIRE_FALSE(outbox.empty());
  CHECK(outbox.back().entity_id == n.id);
  CHECK(outbox.back().seq == links + 1);
}

TEST_CASE("schema v4: an older store's checks keep their outcomes and take results and replies", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v1"));
  Store store = folder.open("fixture passphrase v1", clock);
  REQUIRE(kSchemaVersion >= 4);
  const auto before = store.get_case("N100008").checks;
  REQUIRE(before.size() == 2);
  for (const auto& k : before) {
    CHECK_FALSE(k.id.empty());
    CHECK_FALSE(k.result);  // no result column before v4
    CHECK_FALSE(k.replied_on);
  }
  CHECK_FALSE(store.get_case("N100008").rosh_reviewed);
  const Check replied = store.record_check_reply(before[0].id, before[0].date.plus_days(3), CheckResult::known_open,
                                                 std::nullopt);
  CHECK(replied.result == CheckResult::known_open);
  CHECK(store.get_case("N100008").checks.size() == 2);
  CHECK(store.verify_audit().ok());
}

TEST_CASE("a store from a newer build is refused, not downgraded", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v1"));
  {
    Store store = folder.open("fixture passphrase v1", clock);
    store.database().set_user_version(kSchemaVersion + 1);
  }
  try {
    (void)folder.open("fixture passphrase v1", clock);
    FAIL("expected a refusal");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::damaged);
    CHECK_THAT(e.what(), Catch::Contains("newer than this program"));
  }
}

TEST_CASE("a schema v3 store opens with this build and keeps every record", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v3"));
  Store store = folder.open("fixture passphrase v3", clock);
  CHECK(store.database().user_version() == kSchemaVersion);
  CHECK(store.list_cases().size() == 2);
  CHECK(store.list_notes("D100001").at(0).text == "Fixture note: written by schema v3");
  CHECK(store.list_pull_held().empty());
  CHECK(store.verify_audit().ok());
  CHECK(store.verify_audit().links == 3);
}

TEST_CASE("schema v5: an older store's household takes people met at the door with date of birth, residence and address",
          "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v1"));
  Store store = folder.open("fixture passphrase v1", clock);
  REQUIRE(kSchemaVersion >= 5);
  Case c = store.get_case("N100008");
  for (const auto& p : c.household) {
    CHECK_FALSE(p.date_of_birth);  // no such columns before v5
    CHECK_FALSE(p.residence);
  }
  Person met;
  met.name = "Gwenllïan Ŵyn";
  met.relationship = Relationship::partner;
  met.date_of_birth = Date::from_ymd(1990, 4, 2);
  met.residence = Residence::visits;
  met.address_elsewhere = "3 Heol y Bont, Aberystwyth";
  c.household.push_back(met);
  store.upsert_case(c);
  CHECK(store.get_case("N100008").household.back() == met);
  CHECK(store.verify_audit().ok());
}

namespace {

// Rows of the outbox whose payload is stored in the row itself (schema v6
// keeps NULL when the audit link at the same seq holds the change).
std::int64_t outbox_rows_with_own_payload(Store& store) {
  auto st = store.database().prepare("SELECT count(*) FROM outbox WHERE payload IS NOT NULL");
  st.step();
  return st.int64(0);
}

std::int64_t page_size_of(Store& store) {
  auto st = store.database().prepare("PRAGMA page_size");
  st.step();
  return st.int64(0);
}

}  // namespace

TEST_CASE("schema v6: a v5 store's pending outbox keeps every change, read from the audit chain", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v5"));
  Store store = folder.open("fixture passphrase v5", clock);
  CHECK(store.database().user_version() == kSchemaVersion);
  CHECK(page_size_of(store) == kFixturePageSize);  // an old store keeps its pages
  REQUIRE(store.verify_audit().ok());
  const auto links = store.audit_links(0, 100);
  REQUIRE(links.size() == 5);
  const auto outbox = store.outbox(0, 100);
  REQUIRE(outbox.size() == links.size());
  CHECK(store.outbox_pending_count() == 5);
  for (std::size_t i = 0; i < outbox.size(); ++i) {
    CHECK(outbox[i].seq == links[i].seq);
    const auto change = nlohmann::json::parse(links[i].change);
    CHECK(outbox[i].entity == change.at("entity"));
    CHECK(outbox[i].entity_id == change.at("id"));
    CHECK(outbox[i].payload == change.at("payload"));
    CHECK_FALSE(outbox[i].quarantined);
  }
  CHECK(outbox_rows_with_own_payload(store) == 0);  // each payload now lives once, in its audit link
  CHECK(outbox[3].payload.at("text") == "Fixture note: written by schema v5");

  // New changes continue the sequence, and acknowledging still removes them.
  const Note n = store.add_note("D100001", {NoteCategory::general, std::nullopt, "written after the upgrade"});
  const auto after = store.outbox(0, 100);
  REQUIRE(after.size() == 6);
  CHECK(after.back().seq == 6);
  CHECK(after.back().entity_id == n.id);
  CHECK(after.back().payload.at("text") == "written after the upgrade");
  CHECK(outbox_rows_with_own_payload(store) == 0);
  store.acknowledge_outbox(4);
  CHECK(store.outbox_pending_count() == 2);
  CHECK(store.outbox(0, 100).front().seq == 5);
  CHECK(store.verify_audit().links == 6);
}

TEST_CASE("schema v6: an outbox row whose seq holds another change, or that is not JSON, keeps its own payload", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v5"));
  {
    // Before the upgrade: make row 5 differ from audit link 5, as a v1 store
    // whose outbox sequence restarted could have.
    const SecureKey key = unwrap(read_key_file(folder.key_file()), "fixture passphrase v5");
    Database db = Database::open(folder.store_file(), key.sqlcipher_raw_key(), Database::Mode::open_existing,
                                 kFixturePageSize);
    REQUIRE(db.user_version() == 5);
    db.exec(R"(UPDATE outbox SET payload = '{"text":"not the link''s change"}' WHERE seq = 5)");
    db.exec("UPDATE outbox SET payload = 'not JSON {' WHERE seq = 1");
  }
  Store store = folder.open("fixture passphrase v5", clock);
  CHECK(outbox_rows_with_own_payload(store) == 2);
  {
    auto st = store.database().prepare("SELECT payload FROM outbox WHERE seq = 1");
    REQUIRE(st.step());
    CHECK(st.text(0) == "not JSON {");
  }
  const auto outbox = store.outbox(1, 100);
  REQUIRE(outbox.size() == 4);
  CHECK(outbox[3].payload == nlohmann::json{{"text", "not the link's change"}});
  CHECK(outbox[2].payload.at("text") == "Fixture note: written by schema v5");
}

TEST_CASE("a new store has kPageSize pages and opens again, and a wrong key still fails",
          "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  const std::string key = "x'" + std::string(64, 'a') + "'";
  const std::string wrong = "x'" + std::string(64, 'b') + "'";
  {
    Store store = Store::create(dir / "new.db", key, clock, {"officer", "device"});
    CHECK(page_size_of(store) == Store::kPageSize);
  }
  Store again = Store::open(dir / "new.db", key, clock);
  CHECK(page_size_of(again) == Store::kPageSize);
  CHECK(again.identity().officer_id == "officer");
  try {
    (void)Store::open(dir / "new.db", wrong, clock);
    FAIL("a wrong key opened the store");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::damaged);
  }
}

TEST_CASE("a 4 KiB store left with writes only in its WAL opens with every write", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  StoreFolder folder(copy_fixture(dir, "store-v5"));
  const auto copy = dir.path() / "as-if-crashed";
  std::vector<std::string> ids;
  {
    Store store = folder.open("fixture passphrase v5", clock);
    store.database().exec("PRAGMA wal_autocheckpoint = 0");
    for (int i = 0; i < 20; ++i)
      ids.push_back(store.add_note("D100001", {NoteCategory::general, std::nullopt, "in the WAL " + std::to_string(i)}).id);
    // A copy taken while the store is open, as a crash would leave it.
    std::filesystem::create_directory(copy);
    for (const auto& name : {"keyfile.json", "store.db", "store.db-wal"})
      std::filesystem::copy_file(folder.store_file().parent_path() / name, copy / name);
  }
  REQUIRE(folder.store_file().filename() == "store.db");
  REQUIRE(std::filesystem::file_size(copy / "store.db-wal") > 20 * 4096);  // the notes are in the WAL
  StoreFolder crashed(copy);
  Store store = crashed.open("fixture passphrase v5", clock);
  CHECK(page_size_of(store) == kFixturePageSize);
  for (const auto& id : ids) CHECK(store.get_note(id).id == id);
  CHECK(store.verify_audit().links == 25);
  CHECK(store.integrity_problems().empty());
}

TEST_CASE("schema v6: an outbox entry whose audit link lost its change is reported as damage", "[store][migration]") {
  test::TempDir dir;
  SystemClock clock;
  const std::string key = "x'" + std::string(64, 'c') + "'";
  Store store = Store::create(dir / "s.db", key, clock, {"officer", "device"});
  CHECK(store.outbox(0, 10).empty());
  store.upsert_case(test::sample_case());
  store.add_note("D100001", {NoteCategory::general, std::nullopt, "a note"});
  REQUIRE(store.outbox(0, 10).size() == 2);
  store.database().exec("UPDATE audit_log SET change = 'not JSON' WHERE seq = 2");
  try {
    (void)store.outbox(0, 10);
    FAIL("a damaged change was read as a payload");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::damaged);
    CHECK_THAT(e.what(), Catch::Contains("audit link 2"));
  }
}
