#pragma once
// The SQL connection the office store's logic runs on (office/sql_office_store),
// so one implementation of the OfficeStore contract serves both backends:
// SQLCipher (core/office/sqlcipher_office_store.cpp) and PostgreSQL
// (platform/office_pg). The store writes SQL both understand: parameters
// ?1..?N, ON CONFLICT clauses, no SQLite-only functions; each backend turns
// its own failures into doorstep::Error (PostgreSQL unreachable: network).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::office {

// What a backend implements for one statement. Parameters from 1, columns
// from 0. step() runs the statement on its first call after binding.
class SqlStatementBackend {
 public:
  virtual ~SqlStatementBackend() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_blob(int index, const void* data, std::size_t size) = 0;
  virtual void bind_null(int index) = 0;
  // True while a row is available; false when done. Throws on error.
  virtual bool step() = 0;
  // Runs a statement that returns no rows (INSERT/UPDATE/DELETE). A backend
  // may send it without waiting for its answer inside a transaction; its
  // errors then surface on the next statement that reads, or at commit.
  virtual void run() {
    while (step()) {
    }
  }
  // Ready to run again (bind every parameter again before the next step).
  virtual void reset() = 0;
  [[nodiscard]] virtual bool is_null(int col) const = 0;
  [[nodiscard]] virtual std::string text(int col) const = 0;
  [[nodiscard]] virtual std::int64_t int64(int col) const = 0;
  [[nodiscard]] virtual std::vector<std::uint8_t> blob(int col) const = 0;
};

// A statement with the same calls as doorstep::Statement (store/sqlite.hpp).
class SqlStatement {
 public:
  explicit SqlStatement(std::unique_ptr<SqlStatementBackend> impl) : m_impl(std::move(impl)) {}

  SqlStatement& bind(int index, std::string_view text) { return m_impl->bind_text(index, text), *this; }
  SqlStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  SqlStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  SqlStatement& bind(int index, std::int64_t value) { return m_impl->bind_int64(index, value), *this; }
  SqlStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  SqlStatement& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
  SqlStatement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  SqlStatement& bind_blob(int index, const void* data, std::size_t size) {
    return m_impl->bind_blob(index, data, size), *this;
  }
  SqlStatement& bind_null(int index) { return m_impl->bind_null(index), *this; }
  template <class T>
  SqlStatement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  bool step() { return m_impl->step(); }
  void run() { m_impl->run(); }
  void reset() { m_impl->reset(); }

  [[nodiscard]] bool is_null(int col) const { return m_impl->is_null(col); }
  [[nodiscard]] std::string text(int col) const { return m_impl->text(col); }
  [[nodiscard]] std::optional<std::string> optional_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
  [[nodiscard]] std::int64_t int64(int col) const { return m_impl->int64(col); }
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  [[nodiscard]] std::vector<std::uint8_t> blob(int col) const { return m_impl->blob(col); }

 private:
  std::unique_ptr<SqlStatementBackend> m_impl;
};

// One connection. Not thread-safe: the store serialises its calls.
class OfficeSql {
 public:
  virtual ~OfficeSql() = default;
  virtual SqlStatement prepare(std::string_view sql) = 0;
  // A write transaction. SQLite: BEGIN IMMEDIATE (the file's write lock,
  // across processes). PostgreSQL: BEGIN (READ COMMITTED).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Inside a write transaction, before reading the record sequence: takes
  // the lock that every sequence-allocating transaction takes, held until
  // commit or rollback, so sequence numbers become visible in the order they
  // were allocated (a pull cursor never passes a seq still in flight).
  // SQLite: nothing (BEGIN IMMEDIATE already holds the only write lock).
  virtual void lock_sequence() = 0;
  // Inside a write transaction: one savepoint at a time (no nesting), so a
  // transaction can hold several units of work (group commit) and undo one
  // without the others. rollback_to_savepoint() undoes what came after
  // savepoint() and keeps the transaction open; it throws if the
  // transaction itself was lost (then only a full rollback remains).
  virtual void savepoint() = 0;
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;
  // Inside a write transaction, until it ends (or a savepoint before it is
  // rolled back to): whether statements may reuse a plan made without their
  // values. PostgreSQL plans every execution by default (an id list read
  // needs its values' plan); plain inserts and their foreign-key checks
  // gain nothing from that and cost a plan each. SQLite: nothing to do.
  virtual void reuse_plans(bool reuse) = 0;
};

// begin() ... commit(); rolls back unless commit() was called.
class SqlTransaction {
 public:
  explicit SqlTransaction(OfficeSql& sql) : m_sql(sql) { m_sql.begin(); }
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  ~SqlTransaction() {
    if (!m_done) m_sql.rollback();
  }
  void commit() {
    m_sql.commit();
    m_done = true;
  }

 private:
  OfficeSql& m_sql;
  bool m_done = false;
};

}  // namespace doorstep::office
