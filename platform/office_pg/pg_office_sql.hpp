#pragma once
// OfficeSql on PostgreSQL through libpq: one connection, statements
// prepared once per connection (named by their SQL and parameter types),
// parameters ?N rewritten to $N, results in text form. Parameter types are
// sent with every statement: text, int8, bytea (binary), NULL as text.
// Inside a transaction, statements that return no rows are pipelined (libpq
// pipeline mode): sent without waiting, their answers read before the next
// statement that reads, or at commit, so a push costs one round trip per
// read, not per write. BEGIN and the sequence lock go the same way, and
// COMMIT follows pending writes down the pipeline.
// Failures become doorstep::Error: the server unreachable or the connection
// lost: network (the next call reconnects); a constraint: conflict; no
// space: disk_full; anything else: io.
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "office/office_sql.hpp"

namespace doorstep::office {

class PgOfficeSql final : public OfficeSql {
 public:
  // `url`: postgresql://... or postgres://... (a libpq connection URI).
  // Error(usage) for anything else; Error(network) if the server cannot be
  // reached or refuses the connection (the message says why, never the
  // password).
  static std::unique_ptr<PgOfficeSql> connect(std::string_view url);
  ~PgOfficeSql() override;
  PgOfficeSql(const PgOfficeSql&) = delete;
  PgOfficeSql& operator=(const PgOfficeSql&) = delete;

  SqlStatement prepare(std::string_view sql) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  // A transaction-scoped advisory lock, the same key in every process.
  void lock_sequence() override;
  // SAVEPOINT and RELEASE go down the pipeline like writes; rolling back to
  // the savepoint first reads (and drops) the answers before it.
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  void reuse_plans(bool reuse) override;

  // Runs `sql` (no parameters, any number of statements): schema scripts.
  void exec_script(std::string_view sql);

  // For PgStatement: runs a statement, returning its result (owned by the caller).
  PGresult* run(const std::string& sql, const std::string& type_key, int n, const Oid* types,
                const char* const* values, const int* lengths, const int* formats);
  // For PgStatement::run(): a write inside a transaction, answered later
  // (see drain); outside one, run at once.
  void send_write(const std::string& sql, const std::string& type_key, int n, const Oid* types,
                  const char* const* values, const int* lengths, const int* formats);

 private:
  explicit PgOfficeSql(PGconn* conn) : m_conn(conn) {}
  void ensure_connected();
  const std::string& prepared_name(const std::string& sql, const std::string& type_key, int n, const Oid* types);
  // Reads the answers of every pipelined statement and leaves pipeline
  // mode; throws the first one's error. keep_last: returns the last
  // statement's result (the caller's to PQclear).
  PGresult* drain(bool keep_last = false);
  int m_pending = 0;  // pipelined writes not yet answered
  [[noreturn]] void fail(PGresult* result, std::string_view what);
  PGconn* m_conn;
  bool m_in_transaction = false;
  std::map<std::string, std::string> m_prepared;  // SQL + types -> statement name
};

// "postgresql://" or "postgres://": the URLs the office accepts.
bool is_postgres_url(std::string_view url);

}  // namespace doorstep::office
