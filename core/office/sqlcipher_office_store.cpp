// The embedded office store: one SQLCipher file (encrypted as a whole, so
// the shared store logic keeps personal data as text). This file holds the
// SQLite side of OfficeSql, the schema and its migrations; the store's logic
// is office/sql_office_store.cpp. Writers are serialised by SQLite, across
// processes too (admin commands write beside `serve`), by BEGIN IMMEDIATE.
#include <utility>

#include "domain/json_codec.hpp"
#include "office/case_ownership.hpp"
#include "office/office_sql.hpp"
#include "office/office_store.hpp"
#include "office/sql_office_store.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

constexpr int kOfficeSchemaVersion = 2;
constexpr const char* kOfficeSchemaV1 =
#include "office/office_schema_v1.sql.inc"
    ;
constexpr const char* kOfficeSchemaV2 =
#include "office/office_schema_v2.sql.inc"
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

class SqliteStatementBackend final : public SqlStatementBackend {
 public:
  explicit SqliteStatementBackend(Statement st) : m_st(std::move(st)) {}
  void bind_text(int index, std::string_view text) override { m_st.bind(index, text); }
  void bind_int64(int index, std::int64_t value) override { m_st.bind(index, value); }
  void bind_blob(int index, const void* data, std::size_t size) override { m_st.bind_blob(index, data, size); }
  void bind_null(int index) override { m_st.bind_null(index); }
  bool step() override { return m_st.step(); }
  void reset() override { m_st.reset(); }
  [[nodiscard]] bool is_null(int col) const override { return m_st.is_null(col); }
  [[nodiscard]] std::string text(int col) const override { return m_st.text(col); }
  [[nodiscard]] std::int64_t int64(int col) const override { return m_st.int64(col); }
  [[nodiscard]] std::vector<std::uint8_t> blob(int col) const override { return m_st.blob(col); }

 private:
  Statement m_st;
};

class SqliteOfficeSql final : public OfficeSql {
 public:
  explicit SqliteOfficeSql(Database db) : m_db(std::move(db)) {}
  SqlStatement prepare(std::string_view sql) override {
    return SqlStatement(std::make_unique<SqliteStatementBackend>(m_db.prepare(sql)));
  }
  void begin() override { m_db.exec("BEGIN IMMEDIATE"); }
  void commit() override { m_db.exec("COMMIT"); }
  void rollback() noexcept override {
    try {
      m_db.exec("ROLLBACK");
    } catch (...) {  // nothing to roll back (the failure already ended it)
    }
  }
  void lock_sequence() override {}  // BEGIN IMMEDIATE holds the file's only write lock
  void savepoint() override { m_db.exec("SAVEPOINT unit"); }
  void release_savepoint() override { m_db.exec("RELEASE SAVEPOINT unit"); }
  // After an I/O or full-disk error SQLite may already have rolled back the
  // whole transaction: the savepoint is gone and this throws.
  void rollback_to_savepoint() override { m_db.exec("ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit"); }

 private:
  Database m_db;
};

// Decrypted pages kept in memory, at most (SQLite's default is 2 MiB). A
// pull reads a whole caseload's records for each page it sends; with the
// default cache every page of a 5,000-note caseload was read and decrypted
// again for each pull page (half the server's pull time). Allocated as
// pages are read, so a small office stays small.
constexpr int kPageCacheKiB = 16 * 1024;

std::unique_ptr<OfficeStore> store_on(Database db) {
  db.exec("PRAGMA cache_size = -" + std::to_string(kPageCacheKiB));
  return make_sql_office_store(std::make_unique<SqliteOfficeSql>(std::move(db)), nullptr);
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
  if (db.user_version() == 1) {
    Transaction txn(db);
    migrate_to_v2(db);
    txn.commit();
  }
  const int v = db.user_version();
  if (v != kOfficeSchemaVersion)
    throw Error(ErrorCode::damaged, file.string() + ": office store schema version " + std::to_string(v) +
                                        " is not the one this program knows (" + std::to_string(kOfficeSchemaVersion) + ")");
  return store_on(std::move(db));
}

}  // namespace doorstep::office
