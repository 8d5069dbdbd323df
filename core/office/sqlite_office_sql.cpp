#include "office/sqlite_office_sql.hpp"

#include <utility>

namespace doorstep::office {
namespace {

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
  void reuse_plans(bool /*reuse*/) override {}  // SQLite keeps each statement's plan
  void savepoint() override { m_db.exec("SAVEPOINT unit"); }
  void release_savepoint() override { m_db.exec("RELEASE SAVEPOINT unit"); }
  // After an I/O or full-disk error SQLite may already have rolled back the
  // whole transaction: the savepoint is gone and this throws.
  void rollback_to_savepoint() override { m_db.exec("ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit"); }

 private:
  Database m_db;
};

}  // namespace

std::unique_ptr<OfficeSql> make_sqlite_office_sql(Database db) { return std::make_unique<SqliteOfficeSql>(std::move(db)); }

}  // namespace doorstep::office
