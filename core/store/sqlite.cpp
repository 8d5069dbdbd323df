#include "store/sqlite.hpp"

#include <map>

#include <sqlite3.h>

#include "util/error.hpp"

namespace doorstep {
namespace {

std::string file_label(const std::filesystem::path& p) { return p.string(); }

}  // namespace

[[noreturn]] void Database::fail(int rc, std::string_view what) const {
  const int primary = rc & 0xFF;
  const std::string detail = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
  const std::string where = file_label(m_path);
  switch (primary) {
    case SQLITE_FULL:
      throw Error(ErrorCode::disk_full, where + ": no space left to save the change (" + std::string(what) +
                                            "); nothing was written. Free some space and try again.");
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw Error(ErrorCode::damaged, where + ": the store is damaged or was altered (" + detail +
                                          "). Nothing was changed; contact the office to recover it.");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      throw Error(ErrorCode::io, where + ": cannot read or write the store (" + detail + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(ErrorCode::io, where + ": the store is in use by another program (" + detail + ")");
    case SQLITE_CONSTRAINT:
      throw Error(ErrorCode::conflict, std::string(what) + ": " + detail);
    default:
      throw Error(ErrorCode::internal, where + ": " + std::string(what) + ": " + detail);
  }
}

Database Database::open(const std::filesystem::path& path, std::optional<std::string_view> raw_key, Mode mode,
                        int page_size) {
  if (mode == Mode::open_existing && !std::filesystem::exists(path))
    throw Error(ErrorCode::not_found, path.string() + ": no store here (run `doorstep-cli init` first)");
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) db.fail(rc, "open");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);

  // A build without the codec would silently write plaintext: refuse it.
  {
    auto st = db.prepare("PRAGMA cipher_version");
    if (!st.step() || st.text(0).empty())
      throw Error(ErrorCode::internal, "this build of SQLite has no SQLCipher codec: refusing to open a store");
  }
  if (raw_key) {
    const int krc = sqlite3_key_v2(raw, "main", raw_key->data(), static_cast<int>(raw_key->size()));
    if (krc != SQLITE_OK) db.fail(krc, "set key");
  }
  if (page_size != 0) {
    if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
      throw Error(ErrorCode::internal,
                  "page size " + std::to_string(page_size) + " is not a power of two in 512..65536");
    // A plain file reads its size from its header and ignores this once made.
    db.exec((raw_key ? "PRAGMA cipher_page_size = " : "PRAGMA page_size = ") + std::to_string(page_size));
  }
  // First real read: a wrong key or a damaged header shows here.
  db.exec("SELECT count(*) FROM sqlite_master");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA secure_delete = ON");
  db.exec("PRAGMA temp_store = MEMORY");
  return db;
}

// Finished statements of one connection, by SQL text, ready for reuse.
struct StatementCache {
  std::map<std::string, sqlite3_stmt*, std::less<>> idle;

  ~StatementCache() {
    for (auto& [sql, stmt] : idle) sqlite3_finalize(stmt);
  }
  sqlite3_stmt* take(std::string_view sql) {
    const auto it = idle.find(sql);
    if (it == idle.end()) return nullptr;
    sqlite3_stmt* stmt = it->second;
    idle.erase(it);
    return stmt;
  }
  // Keeps `stmt` for reuse, or finalizes it when full or already kept.
  void give_back(sqlite3_stmt* stmt) {
    const char* sql = sqlite3_sql(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (sql && idle.size() < Database::kStatementCacheSize && idle.emplace(sql, stmt).second) return;
    sqlite3_finalize(stmt);
  }
};

Database::Database(sqlite3* db, std::filesystem::path path)
    : m_db(db), m_path(std::move(path)), m_cache(std::make_unique<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : m_db(other.m_db), m_path(std::move(other.m_path)), m_cache(std::move(other.m_cache)) {
  other.m_db = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    m_db = other.m_db;
    m_path = std::move(other.m_path);
    m_cache = std::move(other.m_cache);
    other.m_db = nullptr;
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() {
  m_cache.reset();  // finalizes the idle statements first
  if (m_db) sqlite3_close_v2(m_db);
  m_db = nullptr;
}

void Database::exec(std::string_view sql) {
  const std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, sql.substr(0, 60));
}

Statement Database::prepare(std::string_view sql) {
  if (sqlite3_stmt* cached = m_cache->take(sql)) return Statement(*this, cached, m_cache.get());
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql.substr(0, 60));
  return Statement(*this, stmt, m_cache.get());
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

int Database::user_version() {
  auto st = prepare("PRAGMA user_version");
  st.step();
  return static_cast<int>(st.int64(0));
}

void Database::set_user_version(int v) { exec("PRAGMA user_version = " + std::to_string(v)); }

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt), m_cache(other.m_cache) {
  other.m_stmt = nullptr;
}

Statement::~Statement() {
  if (!m_stmt) return;
  if (m_cache)
    m_cache->give_back(m_stmt);
  else
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) m_db->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(m_stmt, index, value);
  if (rc != SQLITE_OK) m_db->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  const int rc = sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) m_db->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(m_stmt, index);
  if (rc != SQLITE_OK) m_db->fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(m_stmt);
  m_db->fail(rc, sql ? std::string_view(sql).substr(0, 60) : "statement");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(m_stmt, col);
  const int n = sqlite3_column_bytes(m_stmt, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }

std::optional<std::int64_t> Statement::optional_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::vector<std::uint8_t> Statement::blob(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
  const int n = sqlite3_column_bytes(m_stmt, col);
  return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

Transaction::Transaction(Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!m_done) {
    // Rollback cannot meaningfully fail here; if it does, SQLite has already
    // rolled back (e.g. after SQLITE_FULL).
    sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  m_db.exec("COMMIT");
  m_done = true;
}

}  // namespace doorstep
