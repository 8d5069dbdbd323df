#include "pg_office_sql.hpp"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "util/error.hpp"

namespace doorstep::office {
namespace {

constexpr Oid kText = 25, kInt8 = 20, kBytea = 17;
// Every process takes this one lock before allocating record sequence numbers.
constexpr long long kSequenceLockKey = 0x44535351;  // "DSSQ"

void ignore_notice(void*, const char*) {}

std::string trimmed_message(const char* m) {
  std::string s = m ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (auto& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

// ?N -> $N outside quoted literals.
std::string dollar_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool quoted = false;
  for (const char c : sql) {
    if (c == '\'') quoted = !quoted;
    out += (c == '?' && !quoted) ? '$' : c;
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class PgStatement final : public SqlStatementBackend {
 public:
  PgStatement(PgOfficeSql& sql, std::string text) : m_sql(sql), m_text(std::move(text)) {}
  ~PgStatement() override { clear_result(); }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void bind_text(int index, std::string_view text) override { set(index, kText, std::string(text), 0, false); }
  void bind_int64(int index, std::int64_t value) override { set(index, kInt8, std::to_string(value), 0, false); }
  void bind_blob(int index, const void* data, std::size_t size) override {
    set(index, kBytea, std::string(static_cast<const char*>(data), size), 1, false);
  }
  void bind_null(int index) override { set(index, kText, {}, 0, true); }

  void run() override {
    Args a(m_params);
    m_sql.send_write(m_text, a.type_key, static_cast<int>(m_params.size()), a.types.data(), a.values.data(),
                     a.lengths.data(), a.formats.data());
  }

  bool step() override {
    if (!m_result) {
      std::vector<const char*> values(m_params.size());
      std::vector<int> lengths(m_params.size()), formats(m_params.size());
      std::vector<Oid> types(m_params.size());
      std::string type_key;
      for (std::size_t i = 0; i < m_params.size(); ++i) {
        const auto& p = m_params[i];
        values[i] = p.null ? nullptr : p.value.data();
        lengths[i] = static_cast<int>(p.value.size());
        formats[i] = p.format;
        types[i] = p.type;
        type_key += std::to_string(p.type) + ",";
      }
      m_result = m_sql.run(m_text, type_key, static_cast<int>(m_params.size()), types.data(), values.data(),
                           lengths.data(), formats.data());
      m_rows = PQntuples(m_result);
      m_row = -1;
    }
    if (m_row + 1 >= m_rows) {
      m_row = m_rows;
      return false;
    }
    ++m_row;
    return true;
  }

  void reset() override {
    clear_result();
    m_params.clear();
  }

  [[nodiscard]] bool is_null(int col) const override { return PQgetisnull(m_result, m_row, col) != 0; }
  [[nodiscard]] std::string text(int col) const override {
    return std::string(PQgetvalue(m_result, m_row, col), static_cast<std::size_t>(PQgetlength(m_result, m_row, col)));
  }
  [[nodiscard]] std::int64_t int64(int col) const override {
    if (is_null(col)) return 0;
    return std::strtoll(PQgetvalue(m_result, m_row, col), nullptr, 10);
  }
  [[nodiscard]] std::vector<std::uint8_t> blob(int col) const override {
    // bytea in text form: \x followed by hex digits.
    const char* v = PQgetvalue(m_result, m_row, col);
    const std::size_t n = static_cast<std::size_t>(PQgetlength(m_result, m_row, col));
    std::vector<std::uint8_t> out;
    if (n < 2 || v[0] != '\\' || v[1] != 'x') return out;
    out.reserve((n - 2) / 2);
    for (std::size_t i = 2; i + 1 < n; i += 2) {
      const int hi = hex_value(v[i]), lo = hex_value(v[i + 1]);
      if (hi < 0 || lo < 0) throw Error(ErrorCode::damaged, "the office database returned a malformed bytea value");
      out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    return out;
  }

 private:
  struct Param {
    Oid type = kText;
    std::string value;
    int format = 0;
    bool null = true;
  };
  struct Args {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;
    std::string type_key;
    explicit Args(const std::vector<Param>& params)
        : values(params.size()), lengths(params.size()), formats(params.size()), types(params.size()) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        values[i] = params[i].null ? nullptr : params[i].value.data();
        lengths[i] = static_cast<int>(params[i].value.size());
        formats[i] = params[i].format;
        types[i] = params[i].type;
        type_key += std::to_string(params[i].type) + ",";
      }
    }
  };
  void set(int index, Oid type, std::string value, int format, bool null) {
    if (index < 1) throw Error(ErrorCode::internal, "SQL parameter index below 1");
    if (m_params.size() < static_cast<std::size_t>(index)) m_params.resize(static_cast<std::size_t>(index));
    m_params[static_cast<std::size_t>(index - 1)] = Param{type, std::move(value), format, null};
  }
  void clear_result() {
    if (m_result) PQclear(m_result);
    m_result = nullptr;
    m_rows = 0;
    m_row = -1;
  }

  PgOfficeSql& m_sql;
  std::string m_text;
  std::vector<Param> m_params;
  PGresult* m_result = nullptr;
  int m_rows = 0;
  int m_row = -1;
};

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::unique_ptr<PgOfficeSql> PgOfficeSql::connect(std::string_view url) {
  if (!is_postgres_url(url))
    throw Error(ErrorCode::usage, "the office database must be a postgresql:// URL (got '" +
                                      std::string(url.substr(0, std::min<std::size_t>(url.find(':'), 20))) + "...')");
  const std::string dbname(url);
  // connect_timeout and options first: the URL's own override them.
  // plan_cache_mode: statements are prepared once per connection, often
  // while the tables are still empty; a generic plan made then (a sequential
  // scan) would stay as the tables grow (a push's record prefetch, an id
  // list, went from 90 to 270 ms over ten pushes of 500). Planning every
  // execution with its values costs far less.
  const char* keys[] = {"connect_timeout", "options", "dbname", nullptr};
  const char* values[] = {"5", "-c plan_cache_mode=force_custom_plan", dbname.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn) throw Error(ErrorCode::network, "cannot reach the office database: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = trimmed_message(PQerrorMessage(conn));
    PQfinish(conn);
    throw Error(ErrorCode::network, "cannot reach the office database: " + why);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return std::unique_ptr<PgOfficeSql>(new PgOfficeSql(conn));
}

PgOfficeSql::~PgOfficeSql() { PQfinish(m_conn); }

void PgOfficeSql::ensure_connected() {
  if (PQstatus(m_conn) == CONNECTION_OK) return;
  m_prepared.clear();
  m_in_transaction = false;
  PQreset(m_conn);
  if (PQstatus(m_conn) != CONNECTION_OK)
    throw Error(ErrorCode::network, "the office database is unreachable: " + trimmed_message(PQerrorMessage(m_conn)));
  PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
}

void PgOfficeSql::fail(PGresult* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  std::string message = trimmed_message(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn));
  if (message.empty()) message = trimmed_message(PQerrorMessage(m_conn));
  if (result) PQclear(result);
  const bool lost = PQstatus(m_conn) != CONNECTION_OK || code.starts_with("08") || code == "57P01" ||
                    code == "57P02" || code == "57P03";
  if (lost) {
    m_pending = 0;
    m_prepared.clear();
    m_in_transaction = false;
    throw Error(ErrorCode::network, "the office database is unreachable (" + std::string(what) + "): " + message);
  }
  if (code.starts_with("23")) throw Error(ErrorCode::conflict, "the office database refused the change: " + message);
  if (code == "53100") throw Error(ErrorCode::disk_full, "the office database is out of space: " + message);
  if (code == "40001" || code == "40P01" || code == "55P03")
    throw Error(ErrorCode::network, "the office database asked to retry: " + message);
  throw Error(ErrorCode::io, "office database error (" + std::string(what) + "): " + message);
}

const std::string& PgOfficeSql::prepared_name(const std::string& sql, const std::string& type_key, int n,
                                              const Oid* types) {
  const std::string key = sql + '\x1f' + type_key;
  auto it = m_prepared.find(key);
  if (it == m_prepared.end()) {
    drain();  // PQprepare waits for its answer: not inside a pipeline
    const std::string name = "s" + std::to_string(m_prepared.size() + 1);
    PGresult* prep = PQprepare(m_conn, name.c_str(), dollar_parameters(sql).c_str(), n, types);
    if (!prep || PQresultStatus(prep) != PGRES_COMMAND_OK) fail(prep, "prepare");
    PQclear(prep);
    it = m_prepared.emplace(key, name).first;
  }
  return it->second;
}

void PgOfficeSql::send_write(const std::string& sql, const std::string& type_key, int n, const Oid* types,
                             const char* const* values, const int* lengths, const int* formats) {
  if (!m_in_transaction) {
    PQclear(run(sql, type_key, n, types, values, lengths, formats));
    return;
  }
  const std::string name = prepared_name(sql, type_key, n, types);
  if (m_pending == 0 && PQenterPipelineMode(m_conn) != 1) fail(nullptr, "pipeline");
  if (PQsendQueryPrepared(m_conn, name.c_str(), n, values, lengths, formats, 0) != 1) fail(nullptr, "statement");
  // Answers are small, but never let them pile up unread.
  if (++m_pending >= 200) drain();
}

PGresult* PgOfficeSql::drain(bool keep_last) {
  if (m_pending == 0) return nullptr;
  m_pending = 0;
  if (PQpipelineSync(m_conn) != 1) fail(nullptr, "pipeline sync");
  PGresult* first_error = nullptr;
  PGresult* last = nullptr;
  bool synced = false;
  // Each statement: its result, then NULL; then the sync's own result.
  while (!synced && PQstatus(m_conn) == CONNECTION_OK) {
    PGresult* r = PQgetResult(m_conn);
    if (!r) continue;
    const auto status = PQresultStatus(r);
    if (status == PGRES_PIPELINE_SYNC) {
      synced = true;
      PQclear(r);
      break;
    }
    if (last) PQclear(last);
    last = nullptr;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      last = r;
    } else if (!first_error) {
      first_error = r;
    } else {
      PQclear(r);
    }
  }
  (void)PQexitPipelineMode(m_conn);
  if (first_error || !synced) {
    if (last) PQclear(last);
    fail(first_error, "statement");
  }
  if (!keep_last && last) {
    PQclear(last);
    last = nullptr;
  }
  return last;
}

PGresult* PgOfficeSql::run(const std::string& sql, const std::string& type_key, int n, const Oid* types,
                           const char* const* values, const int* lengths, const int* formats) {
  if (!m_in_transaction) ensure_connected();
  const std::string& name = prepared_name(sql, type_key, n, types);
  if (m_pending > 0) {
    // Behind pipelined writes: the read goes down the same pipeline (the
    // server runs it after them), and one round trip answers them all.
    if (PQsendQueryPrepared(m_conn, name.c_str(), n, values, lengths, formats, 0) != 1) fail(nullptr, "statement");
    ++m_pending;
    return drain(true);
  }
  PGresult* r = PQexecPrepared(m_conn, name.c_str(), n, values, lengths, formats, 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(r, "statement");
  return r;
}

void PgOfficeSql::exec_script(std::string_view sql) {
  if (!m_in_transaction) ensure_connected();
  drain();
  PGresult* r = PQexec(m_conn, std::string(sql).c_str());
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(r, "script");
  PQclear(r);
}

SqlStatement PgOfficeSql::prepare(std::string_view sql) {
  return SqlStatement(std::make_unique<PgStatement>(*this, std::string(sql)));
}

// BEGIN goes down the pipeline: its answer comes with the transaction's
// first read (or its commit), not in a round trip of its own.
void PgOfficeSql::begin() {
  ensure_connected();
  drain();
  m_in_transaction = true;
  prepare("BEGIN").run();
}

// With writes still unanswered, COMMIT follows them down the pipeline: one
// round trip answers them all. A failed write aborts what follows it in the
// pipeline, COMMIT included, so its error is thrown and nothing commits.
void PgOfficeSql::commit() {
  if (m_pending > 0) {
    prepare("COMMIT").run();
    drain();
    m_in_transaction = false;
    return;
  }
  m_in_transaction = false;
  PGresult* r = PQexec(m_conn, "COMMIT");
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "commit");
  PQclear(r);
}

void PgOfficeSql::rollback() noexcept {
  m_in_transaction = false;
  try {
    drain();
  } catch (...) {  // the transaction is being abandoned: its writes' errors do not matter
  }
  if (PQstatus(m_conn) != CONNECTION_OK) return;
  if (PGresult* r = PQexec(m_conn, "ROLLBACK")) PQclear(r);
}

void PgOfficeSql::savepoint() { prepare("SAVEPOINT unit").run(); }

void PgOfficeSql::release_savepoint() { prepare("RELEASE SAVEPOINT unit").run(); }

void PgOfficeSql::rollback_to_savepoint() {
  try {
    drain();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::network) throw;  // the connection and its transaction are gone
    // A write after the savepoint failed: that is what is being undone.
  }
  exec_script("ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit");
}

// SET LOCAL goes down the write pipeline: no round trip of its own. `auto`
// reuses a generic plan once it costs no more than planning each time (an
// insert's, a foreign-key check's: after five executions).
void PgOfficeSql::reuse_plans(bool reuse) {
  prepare(reuse ? "SET LOCAL plan_cache_mode = auto" : "SET LOCAL plan_cache_mode = force_custom_plan").run();
}

// Pipelined like a write: the next read (the sequence's) waits behind it.
void PgOfficeSql::lock_sequence() {
  prepare("SELECT pg_advisory_xact_lock(" + std::to_string(kSequenceLockKey) + ")").run();
}

}  // namespace doorstep::office
