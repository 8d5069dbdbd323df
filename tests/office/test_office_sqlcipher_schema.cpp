// What only the embedded SQLCipher office store has to show: its schema
// versions (PRAGMA user_version) and their migrations on open.
#include <catch2/catch.hpp>

#include "crypto/hash.hpp"
#include "office/office_store.hpp"
#include "office/office_store_backends.hpp"
#include "store/sqlite.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

std::string raw_key() { return std::string("x'") + kStoreKeyHex + "'"; }

// The names of the records table's indexes, sorted.
std::string record_indexes(Database& db) {
  std::string out;
  auto st = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL"
                       " ORDER BY name");
  while (st.step()) out += st.text(0) + "\n";
  return out;
}

}  // namespace

TEST_CASE("SQLCipher office store: a version 2 store gains the pull's index on open and pulls the same",
          "[office][sqlcipher]") {
  SqlcipherBackend backend;
  std::vector<std::string> before;
  {
    auto store = backend.create();
    store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
    for (int i = 0; i < 5; ++i)
      store->import_case(person("X30000" + std::to_string(i), "Person " + std::to_string(i)), "o1", store_now());
    const auto code = blake2b_256("code");
    store->add_enroll_code(code, "o1", store_now(), store_now() + 60000);
    const auto dev = store->redeem_enroll_code(code, store_now(), "dev-1", blake2b_256("secret"), "tablet");
    for (const auto& r : store->pull(dev, "", 100).records) before.push_back(r.entity + "/" + r.id);
  }
  {
    // Back to version 2 as an older program left it.
    auto db = Database::open(backend.dir / "office.db", raw_key(), Database::Mode::open_existing);
    CHECK(db.user_version() == 3);
    CHECK(record_indexes(db) == "records_by_hlc\nrecords_for_pull\n");
    db.exec("DROP INDEX records_for_pull; CREATE INDEX records_by_case ON records (crn, seq)");
    db.set_user_version(2);
  }
  {
    auto store = backend.open();
    const auto dev = store->find_device("dev-1");
    REQUIRE(dev);
    std::vector<std::string> after;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      const auto r = store->pull(*dev, cursor, 2);
      for (const auto& rec : r.records) after.push_back(rec.entity + "/" + rec.id);
      cursor = r.cursor;
      if (!r.more) break;
    }
    CHECK(after == before);
    CHECK(after.size() == 5);
  }
  auto db = Database::open(backend.dir / "office.db", raw_key(), Database::Mode::open_existing);
  CHECK(db.user_version() == 3);
  CHECK(record_indexes(db) == "records_by_hlc\nrecords_for_pull\n");
  // A newer program's store is refused, unchanged.
  db.set_user_version(4);
  CHECK(code_of([&] { (void)backend.open(); }) == ErrorCode::damaged);
  CHECK(db.user_version() == 4);
}
