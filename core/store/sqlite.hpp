#pragma once
// A thin RAII layer over SQLite/SQLCipher. This file and sqlite.cpp are the
// only places that see SQLite return codes: every failure becomes a
// doorstep::Error with a message naming the store file and what the user can
// do (disk_full, damaged, io...).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace doorstep {

class Statement;
struct StatementCache;

class Database {
 public:
  enum class Mode { open_existing, create };

  // Opens `path`. With `raw_key` (the SQLCipher raw-key literal x'...'), the
  // file is encrypted; without, it is plain SQLite (benchmark baseline only).
  // Verifies the codec is compiled in (PRAGMA cipher_version) and that the
  // key opens the file; applies WAL, synchronous=FULL, foreign_keys,
  // secure_delete, temp_store=MEMORY.
  // `page_size` (bytes, a power of two from 512 to 65536; 0: SQLite's 4096)
  // sizes the pages of a new file. An encrypted file must be opened with the
  // size it was made with: SQLCipher cannot read it from the encrypted
  // header, and any other size fails like a wrong key (ErrorCode::damaged).
  static Database open(const std::filesystem::path& path, std::optional<std::string_view> raw_key, Mode mode,
                       int page_size = 0);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  void exec(std::string_view sql);
  // A prepared statement for `sql`. Statements are reused: a finished one
  // goes back to this connection's cache (reset, bindings cleared; at most
  // kStatementCacheSize texts), so preparing the same text again is a
  // lookup, not a compile.
  Statement prepare(std::string_view sql);
  static constexpr std::size_t kStatementCacheSize = 64;
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] int changes() const;
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] sqlite3* handle() const { return m_db; }

  // PRAGMA user_version.
  [[nodiscard]] int user_version();
  void set_user_version(int v);

  // Throws the doorstep::Error for SQLite result `rc` (never returns).
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  Database(sqlite3* db, std::filesystem::path path);
  void close();
  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
  std::unique_ptr<StatementCache> m_cache;  // on the heap: statements keep a pointer across moves
};

// A prepared statement. bind() indexes start at 1, column() at 0.
class Statement {
 public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // True while a row is available; false when done. Throws on error.
  bool step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  void run();
  void reset();

  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] std::optional<std::string> optional_text(int col) const;
  [[nodiscard]] std::int64_t int64(int col) const;
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int col) const;
  [[nodiscard]] std::vector<std::uint8_t> blob(int col) const;

 private:
  friend class Database;
  Statement(const Database& db, sqlite3_stmt* stmt, StatementCache* cache) : m_db(&db), m_stmt(stmt), m_cache(cache) {}
  const Database* m_db;
  sqlite3_stmt* m_stmt;
  StatementCache* m_cache;  // where the statement goes back when done
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& m_db;
  bool m_done = false;
};

}  // namespace doorstep
