// The embedded office store: one SQLCipher file (encrypted as a whole, so
// the shared store logic keeps personal data as text). This file holds the
// schema and its migrations (the SQLite side of OfficeSql is
// office/sqlite_office_sql); the store's logic
// is office/sql_office_store.cpp. Writers are serialised by SQLite, across
// processes too (admin commands write beside `serve`), by BEGIN IMMEDIATE.
#include <utility>

#include "domain/json_codec.hpp"
#include "office/case_ownership.hpp"
#include "office/office_sql.hpp"
#include "office/office_store.hpp"
#include "office/sql_office_store.hpp"
#include "office/sqlite_office_sql.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

constexpr int kOfficeSchemaVersion = 3;
constexpr const char* kOfficeSchemaV1 =
#include "office/office_schema_v1.sql.inc"
    ;
constexpr const char* kOfficeSchemaV2 =
#include "office/office_schema_v2.sql.inc"
    ;
constexpr const char* kOfficeSchemaV3 =
#include "office/office_schema_v3.sql.inc"
    ;

// Version 1 -> 2 inside the caller's transaction: the schema, then a
// fingerprint of each case's current office-owned facts.
void migrate_to_v2(Database& db) {
  db.exec(kOfficeSchemaV2);
  auto st = db.prepare("SELECT id, payload, at FROM records WHERE entity = 'case'");
  auto ins = db.prepare("INSERT OR IGNORE INTO case_fact_versions(crn, fingerprint, first_at) VALUES (?1, ?2, ?3)");
  while (st.step()) {
    const auto fp = office_facts_fingerprint(case_from_json(json::parse(st.text(1)), "stored case"));
    ins.bind(1, st.text(0)).bind_blob(2, fp.data(), fp.size()).bind(3, st.int64(2)).run();
    ins.reset();
  }
  db.set_user_version(2);
}

// Version 2 -> 3 inside the caller's transaction: the pull's index.
void migrate_to_v3(Database& db) {
  db.exec(kOfficeSchemaV3);
  db.set_user_version(3);
}

// Decrypted pages kept in memory, at most (SQLite's default is 2 MiB). A
// pull reads a whole caseload's records for each page it sends; with the
// default cache every page of a 5,000-note caseload was read and decrypted
// again for each pull page (half the server's pull time). Allocated as
// pages are read, so a small office stays small.
constexpr int kPageCacheKiB = 16 * 1024;

std::unique_ptr<OfficeStore> store_on(Database db) {
  db.exec("PRAGMA cache_size = -" + std::to_string(kPageCacheKiB));
  return make_sql_office_store(make_sqlite_office_sql(std::move(db)), nullptr);
}

}  // namespace

std::unique_ptr<OfficeStore> create_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key,
                                                           UtcMillis now) {
  if (std::filesystem::exists(file)) throw Error(ErrorCode::conflict, file.string() + ": an office store already exists");
  Database db = Database::open(file, raw_key, Database::Mode::create);
  {
    Transaction txn(db);
    db.exec(kOfficeSchemaV1);
    db.prepare("INSERT INTO meta(key, value) VALUES ('created_at', ?1)").bind(1, std::to_string(now)).run();
    migrate_to_v2(db);
    migrate_to_v3(db);
    txn.commit();
  }
  std::error_code ec;
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  return store_on(std::move(db));
}

std::unique_ptr<OfficeStore> open_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key) {
  if (!std::filesystem::exists(file))
    throw Error(ErrorCode::not_found, file.string() + ": no office store here (run `doorstep-office init` first)");
  Database db = Database::open(file, raw_key, Database::Mode::open_existing);
  if (const int from = db.user_version(); from == 1 || from == 2) {
    Transaction txn(db);
    if (from == 1) migrate_to_v2(db);
    migrate_to_v3(db);
    txn.commit();
  }
  const int v = db.user_version();
  if (v != kOfficeSchemaVersion)
    throw Error(ErrorCode::damaged, file.string() + ": office store schema version " + std::to_string(v) +
                                        " is not the one this program knows (" + std::to_string(kOfficeSchemaVersion) + ")");
  return store_on(std::move(db));
}

}  // namespace doorstep::office
