// The console's tables in the office's SQLCipher file, on a connection of
// their own (SQLite serialises it with the office store's, across
// processes too). The tables are the console's alone, created if missing,
// so the office schema's version is not touched. The logic is
// office/sql_console_store.cpp.
#include "office/console_store.hpp"
#include "office/sql_console_store.hpp"
#include "office/sqlite_office_sql.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

constexpr const char* kConsoleSchema = R"SQL(
CREATE TABLE IF NOT EXISTS console_accounts (
  officer_id    TEXT PRIMARY KEY REFERENCES officers(id),
  password_hash TEXT,
  is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1))
) STRICT;
CREATE TABLE IF NOT EXISTS console_sessions (
  token_hash BLOB PRIMARY KEY,
  officer_id TEXT NOT NULL REFERENCES officers(id),
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS console_sessions_by_officer ON console_sessions (officer_id);
CREATE TABLE IF NOT EXISTS console_access_log (
  at         INTEGER NOT NULL,
  officer_id TEXT NOT NULL,
  crn        TEXT NOT NULL,
  page       TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS console_access_by_case ON console_access_log (crn, at);
CREATE TABLE IF NOT EXISTS console_login_failures (
  subject TEXT NOT NULL,
  at      INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS console_login_failures_by_subject ON console_login_failures (subject);
CREATE INDEX IF NOT EXISTS console_login_failures_by_time ON console_login_failures (at);
CREATE TABLE IF NOT EXISTS console_login_blocks (
  subject       TEXT PRIMARY KEY,
  blocked_until INTEGER NOT NULL
) STRICT;
)SQL";

}  // namespace

std::unique_ptr<ConsoleStore> open_sqlcipher_console_store(const std::filesystem::path& file, std::string_view raw_key) {
  if (!std::filesystem::exists(file))
    throw Error(ErrorCode::not_found, file.string() + ": no office store here (run `doorstep-office init` first)");
  Database db = Database::open(file, raw_key, Database::Mode::open_existing);
  {
    Transaction txn(db);
    db.exec(kConsoleSchema);
    txn.commit();
  }
  return make_sql_console_store(make_sqlite_office_sql(std::move(db)), nullptr);
}

}  // namespace doorstep::office
