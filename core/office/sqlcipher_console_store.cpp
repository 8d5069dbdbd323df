// The console's tables in the office's SQLCipher file, on a connection of
// their own (SQLite serialises it with the office store's, across
// processes too). The tables are the console's alone, created if missing,
// so the office schema's version is not touched.
#include <mutex>

#include "domain/enums.hpp"
#include "office/console_store.hpp"
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
)SQL";

class SqlcipherConsoleStore final : public ConsoleStore {
 public:
  explicit SqlcipherConsoleStore(Database db) : m_db(std::move(db)) {}

  void set_password_hash(std::string_view officer_id, std::string_view hash) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    require_officer(officer_id);
    m_db.prepare("INSERT INTO console_accounts(officer_id, password_hash) VALUES (?1, ?2)"
                 " ON CONFLICT(officer_id) DO UPDATE SET password_hash = excluded.password_hash")
        .bind(1, officer_id)
        .bind(2, hash)
        .run();
    txn.commit();
  }

  std::optional<std::string> password_hash(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    auto st = m_db.prepare("SELECT password_hash FROM console_accounts WHERE officer_id = ?1");
    st.bind(1, officer_id);
    if (!st.step()) return std::nullopt;
    return st.optional_text(0);
  }

  void set_admin(std::string_view officer_id, bool admin) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    require_officer(officer_id);
    m_db.prepare("INSERT INTO console_accounts(officer_id, is_admin) VALUES (?1, ?2)"
                 " ON CONFLICT(officer_id) DO UPDATE SET is_admin = excluded.is_admin")
        .bind(1, officer_id)
        .bind(2, admin)
        .run();
    txn.commit();
  }

  bool is_admin(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    auto st = m_db.prepare("SELECT is_admin FROM console_accounts WHERE officer_id = ?1");
    st.bind(1, officer_id);
    return st.step() && st.int64(0) != 0;
  }

  void create_session(const Digest256& token_hash, std::string_view officer_id, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    require_officer(officer_id);
    m_db.prepare("INSERT INTO console_sessions(token_hash, officer_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .bind(2, officer_id)
        .bind(3, now)
        .run();
    txn.commit();
  }

  std::optional<ConsoleSession> find_session(const Digest256& token_hash) override {
    std::lock_guard lock(m_mutex);
    auto st = m_db.prepare("SELECT officer_id, created_at, last_seen FROM console_sessions WHERE token_hash = ?1");
    st.bind_blob(1, token_hash.data(), token_hash.size());
    if (!st.step()) return std::nullopt;
    return ConsoleSession{st.text(0), st.int64(1), st.int64(2)};
  }

  void touch_session(const Digest256& token_hash, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    m_db.prepare("UPDATE console_sessions SET last_seen = max(last_seen, ?2) WHERE token_hash = ?1")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .bind(2, now)
        .run();
    txn.commit();
  }

  void end_session(const Digest256& token_hash) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    m_db.prepare("DELETE FROM console_sessions WHERE token_hash = ?1")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .run();
    txn.commit();
  }

  void end_sessions_of(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    m_db.prepare("DELETE FROM console_sessions WHERE officer_id = ?1").bind(1, officer_id).run();
    txn.commit();
  }

  std::vector<std::pair<std::string, std::string>> case_officers() override {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    auto st = m_db.prepare("SELECT crn, assigned_officer FROM cases ORDER BY crn");
    while (st.step()) out.emplace_back(st.text(0), st.text(1));
    return out;
  }

  std::vector<CaseIndexEntry> case_index() override {
    std::lock_guard lock(m_mutex);
    std::vector<CaseIndexEntry> out;
    auto st = m_db.prepare(
        "SELECT c.crn, c.assigned_officer, r.hlc FROM cases c JOIN records r ON r.entity = 'case' AND r.id = c.crn"
        " ORDER BY c.crn");
    while (st.step()) out.push_back({st.text(0), st.text(1), static_cast<HlcValue>(st.int64(2))});
    return out;
  }

  std::vector<DashboardVisit> visit_summaries() override {
    std::lock_guard lock(m_mutex);
    std::vector<DashboardVisit> out;
    auto st = m_db.prepare(
        "SELECT id, crn, json_extract(payload, '$.date'), coalesce(json_extract(payload, '$.outcome'), 'completed')"
        " FROM records WHERE entity = 'visit'");
    while (st.step()) {
      DashboardVisit v;
      v.id = st.text(0);
      v.crn = st.text(1);
      const auto date = Date::try_parse(st.optional_text(2).value_or(""));
      const auto outcome = enum_from_string<VisitOutcome>(st.text(3));
      if (!date || !outcome) throw Error(ErrorCode::damaged, "stored visit " + v.id + ": no date or outcome");
      v.date = *date;
      v.outcome = *outcome;
      out.push_back(std::move(v));
    }
    return out;
  }

  std::vector<DashboardAction> action_summaries() override {
    std::lock_guard lock(m_mutex);
    std::vector<DashboardAction> out;
    auto st = m_db.prepare(
        "SELECT id, crn, json_extract(payload, '$.kind'), json_extract(payload, '$.priority'),"
        " json_extract(payload, '$.status'), json_extract(payload, '$.due'), coalesce(json_extract(payload, '$.rule'), ''),"
        " json_extract(payload, '$.visit_id'), substr(coalesce(json_extract(payload, '$.created_at'), ''), 1, 10),"
        " CASE WHEN received_at > 0 THEN received_at ELSE at END"
        " FROM records WHERE entity = 'action'");
    while (st.step()) {
      DashboardAction a;
      a.id = st.text(0);
      a.crn = st.text(1);
      const auto kind = enum_from_string<ActionKind>(st.optional_text(2).value_or(""));
      const auto priority = enum_from_string<Priority>(st.optional_text(3).value_or(""));
      const auto status = enum_from_string<ActionStatus>(st.optional_text(4).value_or(""));
      const auto due = Date::try_parse(st.optional_text(5).value_or(""));
      if (!kind || !priority || !status || !due)
        throw Error(ErrorCode::damaged, "stored action " + a.id + ": kind, priority, status or due unreadable");
      a.kind = *kind;
      a.priority = *priority;
      a.status = *status;
      a.due = *due;
      a.rule = st.text(6);
      a.visit_id = st.optional_text(7);
      a.changed_on = utc_date(st.int64(9));
      a.created_on = Date::try_parse(st.text(8)).value_or(a.changed_on);
      out.push_back(std::move(a));
    }
    return out;
  }

  void record_access(const AccessEntry& e) override { record_accesses({e}); }

  void record_accesses(const std::vector<AccessEntry>& entries) override {
    if (entries.empty()) return;
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    auto st = m_db.prepare("INSERT INTO console_access_log(at, officer_id, crn, page) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& e : entries) {
      st.bind(1, e.at).bind(2, e.officer_id).bind(3, e.crn).bind(4, e.page).run();
      st.reset();
    }
    txn.commit();
  }

  std::vector<AccessEntry> access_log(std::optional<std::string_view> crn) override {
    std::lock_guard lock(m_mutex);
    std::vector<AccessEntry> out;
    auto st = m_db.prepare(std::string("SELECT at, officer_id, crn, page FROM console_access_log") +
                           (crn ? " WHERE crn = ?1" : "") + " ORDER BY at, rowid");
    if (crn) st.bind(1, *crn);
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3)});
    return out;
  }

 private:
  void require_officer(std::string_view id) {
    auto st = m_db.prepare("SELECT 1 FROM officers WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) throw Error(ErrorCode::not_found, "no officer " + std::string(id.substr(0, 64)));
  }

  std::mutex m_mutex;
  Database m_db;
};

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
  return std::make_unique<SqlcipherConsoleStore>(std::move(db));
}

}  // namespace doorstep::office
