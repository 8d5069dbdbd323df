#include "postgres_office_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "office/record_sealer.hpp"
#include "office/sql_console_store.hpp"
#include "office/sql_office_store.hpp"
#include "pg_office_sql.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

constexpr const char* kSchemaV1 =
#include "office_schema_pg_v1.sql.inc"
    ;
constexpr const char* kSchemaV2 =
#include "office_schema_pg_v2.sql.inc"
    ;
constexpr const char* kSchemaV3 =
#include "office_schema_pg_v3.sql.inc"
    ;
constexpr const char* kSchemaV4 =
#include "office_schema_pg_v4.sql.inc"
    ;

// Migrations by the version they produce: kMigrations[i] makes version i + 1.
const std::vector<const char*> kMigrations = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4};
static_assert(kPostgresOfficeSchemaVersion == 4, "add the new schema script to kMigrations");

// Sealed in meta at creation: opening it proves the office key is this database's.
constexpr std::string_view kKeyCheckAd = "meta.key_check";
constexpr std::string_view kKeyCheckText = "doorstep office key check";

// The schema version the database holds; 0 when it holds no office.
int schema_version(PgOfficeSql& sql) {
  auto exists = sql.prepare("SELECT to_regclass('schema_version') IS NOT NULL");
  exists.step();
  if (exists.text(0) != "t") return 0;
  auto st = sql.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  st.step();
  return static_cast<int>(st.int64(0));
}

// Applies every migration after `from`, each in one transaction with its
// version row; takes the sequence lock so two processes never migrate at once.
void migrate(PgOfficeSql& sql, int from, UtcMillis now) {
  for (int v = from + 1; v <= kPostgresOfficeSchemaVersion; ++v) {
    SqlTransaction txn(sql);
    sql.lock_sequence();
    if (schema_version(sql) >= v) continue;  // another process got there first
    sql.exec_script(kMigrations[static_cast<std::size_t>(v - 1)]);
    sql.prepare("INSERT INTO schema_version(version, applied_at) VALUES (?1, ?2)").bind(1, v).bind(2, now).run();
    txn.commit();
  }
}

void check_version_known(int v) {
  if (v > kPostgresOfficeSchemaVersion)
    throw Error(ErrorCode::damaged, "the office database has schema version " + std::to_string(v) +
                                        ", newer than this program knows (" +
                                        std::to_string(kPostgresOfficeSchemaVersion) +
                                        "): upgrade doorstep-office; nothing was changed");
}

// Connections per store object (per serve process): reads run at once on
// them; sequence-allocating writes still take turns (the sequence lock).
int pool_size() {
  if (const char* env = std::getenv("DOORSTEP_OFFICE_DB_CONNECTIONS"); env && *env)
    return std::clamp(std::atoi(env), 1, 64);
  return 8;
}

std::unique_ptr<OfficeStore> pooled_store(std::string_view url, std::unique_ptr<PgOfficeSql> first,
                                          std::unique_ptr<RecordSealer> sealer) {
  return make_sql_office_store(
      std::move(first), std::move(sealer), [u = std::string(url)] { return PgOfficeSql::connect(u); }, pool_size());
}

}  // namespace

std::unique_ptr<OfficeStore> create_postgres_office_store(std::string_view url, std::span<const std::uint8_t> office_key,
                                                          UtcMillis now) {
  auto sealer = std::make_unique<RecordSealer>(office_key);
  auto sql = PgOfficeSql::connect(url);
  {
    SqlTransaction txn(*sql);
    sql->lock_sequence();
    const int v = schema_version(*sql);
    check_version_known(v);
    if (v != 0) throw Error(ErrorCode::conflict, "this database already holds an office store; nothing was changed");
    sql->exec_script(kMigrations[0]);
    sql->prepare("INSERT INTO schema_version(version, applied_at) VALUES (1, ?1)").bind(1, now).run();
    const auto check = sealer->seal(kKeyCheckAd, kKeyCheckText);
    sql->prepare("INSERT INTO meta(key, value) VALUES ('key_check', ?1)").bind_blob(1, check.data(), check.size()).run();
    txn.commit();
  }
  migrate(*sql, 1, now);
  return pooled_store(url, std::move(sql), std::move(sealer));
}

void check_postgres_database_is_new(std::string_view url) {
  auto sql = PgOfficeSql::connect(url);
  const int v = schema_version(*sql);
  check_version_known(v);
  if (v != 0) throw Error(ErrorCode::conflict, "this database already holds an office store; nothing was changed");
}

namespace {

// A connection to the office database at the version this program knows
// (migrating an older one), after checking that `sealer`'s key is the office's.
std::unique_ptr<PgOfficeSql> open_office_database(std::string_view url, const RecordSealer& sealer) {
  auto sql = PgOfficeSql::connect(url);
  const int v = schema_version(*sql);
  if (v == 0)
    throw Error(ErrorCode::not_found, "the office database holds no office store (run `doorstep-office init --database`)");
  check_version_known(v);
  {
    auto st = sql->prepare("SELECT value FROM meta WHERE key = 'key_check'");
    if (!st.step()) throw Error(ErrorCode::damaged, "the office database has no key check");
    try {
      (void)sealer.open(kKeyCheckAd, st.blob(0));
    } catch (const Error&) {
      throw Error(ErrorCode::wrong_passphrase, "the office key does not open this office database");
    }
  }
  if (v < kPostgresOfficeSchemaVersion) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    migrate(*sql, v, now);
  }
  return sql;
}

}  // namespace

std::unique_ptr<OfficeStore> open_postgres_office_store(std::string_view url, std::span<const std::uint8_t> office_key) {
  auto sealer = std::make_unique<RecordSealer>(office_key);
  auto sql = open_office_database(url, *sealer);
  return pooled_store(url, std::move(sql), std::move(sealer));
}

std::unique_ptr<ConsoleStore> open_postgres_console_store(std::string_view url, std::span<const std::uint8_t> office_key) {
  auto sealer = std::make_unique<RecordSealer>(office_key);
  auto sql = open_office_database(url, *sealer);
  return make_sql_console_store(std::move(sql), std::move(sealer));
}

}  // namespace doorstep::office
