// The console's store logic, once for both backends (see sql_console_store.hpp).
// The SQL is what SQLite and PostgreSQL both understand, except the
// json_extract summaries, used only on unsealed (SQLCipher) payloads.
#include "office/sql_console_store.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "domain/enums.hpp"
#include "office/login_throttle.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

// A summary's fields as stored (text, or absent), before they are checked.
struct VisitFields {
  std::optional<std::string> date, outcome;
};
struct ActionFields {
  std::optional<std::string> kind, priority, status, due, rule, visit_id, created_at;
  UtcMillis changed_at = 0;
};

std::optional<std::string> text_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

DashboardVisit visit_from(std::string id, std::string crn, const VisitFields& f) {
  DashboardVisit v;
  v.id = std::move(id);
  v.crn = std::move(crn);
  const auto date = Date::try_parse(f.date.value_or(""));
  const auto outcome = enum_from_string<VisitOutcome>(f.outcome.value_or("completed"));
  if (!date || !outcome) throw Error(ErrorCode::damaged, "stored visit " + v.id + ": no date or outcome");
  v.date = *date;
  v.outcome = *outcome;
  return v;
}

DashboardAction action_from(std::string id, std::string crn, const ActionFields& f) {
  DashboardAction a;
  a.id = std::move(id);
  a.crn = std::move(crn);
  const auto kind = enum_from_string<ActionKind>(f.kind.value_or(""));
  const auto priority = enum_from_string<Priority>(f.priority.value_or(""));
  const auto status = enum_from_string<ActionStatus>(f.status.value_or(""));
  const auto due = Date::try_parse(f.due.value_or(""));
  if (!kind || !priority || !status || !due)
    throw Error(ErrorCode::damaged, "stored action " + a.id + ": kind, priority, status or due unreadable");
  a.kind = *kind;
  a.priority = *priority;
  a.status = *status;
  a.due = *due;
  a.rule = f.rule.value_or("");
  a.visit_id = f.visit_id;
  a.changed_on = utc_date(f.changed_at);
  a.created_on = Date::try_parse(f.created_at.value_or("").substr(0, 10)).value_or(a.changed_on);
  return a;
}

std::string officer_subject(std::string_view officer_id) { return "officer:" + std::string(officer_id.substr(0, 64)); }
std::string address_subject(std::string_view address) { return "address:" + std::string(address.substr(0, 128)); }

class SqlConsoleStore final : public ConsoleStore {
 public:
  SqlConsoleStore(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer)
      : m_sql(std::move(sql)), m_sealer(std::move(sealer)) {}

  void set_password_hash(std::string_view officer_id, std::string_view hash) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    require_officer(officer_id);
    m_sql->prepare("INSERT INTO console_accounts(officer_id, password_hash) VALUES (?1, ?2)"
                   " ON CONFLICT(officer_id) DO UPDATE SET password_hash = excluded.password_hash")
        .bind(1, officer_id)
        .bind(2, hash)
        .run();
    txn.commit();
  }

  std::optional<std::string> password_hash(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    auto st = m_sql->prepare("SELECT password_hash FROM console_accounts WHERE officer_id = ?1");
    st.bind(1, officer_id);
    if (!st.step()) return std::nullopt;
    return st.optional_text(0);
  }

  void set_admin(std::string_view officer_id, bool admin) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    require_officer(officer_id);
    m_sql->prepare("INSERT INTO console_accounts(officer_id, is_admin) VALUES (?1, ?2)"
                   " ON CONFLICT(officer_id) DO UPDATE SET is_admin = excluded.is_admin")
        .bind(1, officer_id)
        .bind(2, admin)
        .run();
    txn.commit();
  }

  bool is_admin(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    auto st = m_sql->prepare("SELECT is_admin FROM console_accounts WHERE officer_id = ?1");
    st.bind(1, officer_id);
    return st.step() && st.int64(0) != 0;
  }

  void create_session(const Digest256& token_hash, std::string_view officer_id, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    require_officer(officer_id);
    m_sql
        ->prepare("INSERT INTO console_sessions(token_hash, officer_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .bind(2, officer_id)
        .bind(3, now)
        .run();
    txn.commit();
  }

  std::optional<ConsoleSession> find_session(const Digest256& token_hash) override {
    std::lock_guard lock(m_mutex);
    auto st = m_sql->prepare("SELECT officer_id, created_at, last_seen FROM console_sessions WHERE token_hash = ?1");
    st.bind_blob(1, token_hash.data(), token_hash.size());
    if (!st.step()) return std::nullopt;
    return ConsoleSession{st.text(0), st.int64(1), st.int64(2)};
  }

  void touch_session(const Digest256& token_hash, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    m_sql->prepare("UPDATE console_sessions SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .bind(2, now)
        .run();
    txn.commit();
  }

  void end_session(const Digest256& token_hash) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    m_sql->prepare("DELETE FROM console_sessions WHERE token_hash = ?1")
        .bind_blob(1, token_hash.data(), token_hash.size())
        .run();
    txn.commit();
  }

  void end_sessions_of(std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    m_sql->prepare("DELETE FROM console_sessions WHERE officer_id = ?1").bind(1, officer_id).run();
    txn.commit();
  }

  UtcMillis login_wait_ms(std::string_view officer_id, std::string_view address, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    auto st = m_sql->prepare("SELECT blocked_until FROM console_login_blocks WHERE subject = ?1 OR subject = ?2");
    st.bind(1, officer_subject(officer_id)).bind(2, address_subject(address));
    UtcMillis wait = 0;
    while (st.step()) wait = std::max(wait, st.int64(0) - now);
    return wait;
  }

  void record_login_failure(std::string_view officer_id, std::string_view address, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    // Only the window's failures and the blocks still running are kept, so
    // a flood of made-up ids cannot grow the tables without bound.
    m_sql->prepare("DELETE FROM console_login_failures WHERE at <= ?1").bind(1, now - kLoginWindowMs).run();
    m_sql->prepare("DELETE FROM console_login_blocks WHERE blocked_until <= ?1").bind(1, now).run();
    for (const auto& subject : {officer_subject(officer_id), address_subject(address)}) {
      m_sql->prepare("INSERT INTO console_login_failures(subject, at) VALUES (?1, ?2)").bind(1, subject).bind(2, now).run();
      auto count = m_sql->prepare("SELECT count(*) FROM console_login_failures WHERE subject = ?1");
      count.bind(1, subject);
      if (count.step() && count.int64(0) >= kLoginMaxFailures) {
        m_sql->prepare("DELETE FROM console_login_failures WHERE subject = ?1").bind(1, subject).run();
        m_sql
            ->prepare("INSERT INTO console_login_blocks(subject, blocked_until) VALUES (?1, ?2)"
                      " ON CONFLICT(subject) DO UPDATE SET blocked_until = excluded.blocked_until")
            .bind(1, subject)
            .bind(2, now + kLoginCooldownMs)
            .run();
      }
    }
    txn.commit();
  }

  void record_login_success(std::string_view officer_id, std::string_view address) override {
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    m_sql->prepare("DELETE FROM console_login_failures WHERE subject = ?1 OR subject = ?2")
        .bind(1, officer_subject(officer_id))
        .bind(2, address_subject(address))
        .run();
    txn.commit();
  }

  std::vector<std::pair<std::string, std::string>> case_officers() override {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    auto st = m_sql->prepare("SELECT crn, assigned_officer FROM cases ORDER BY crn");
    while (st.step()) out.emplace_back(st.text(0), st.text(1));
    return out;
  }

  std::vector<CaseIndexEntry> case_index() override {
    std::lock_guard lock(m_mutex);
    std::vector<CaseIndexEntry> out;
    auto st = m_sql->prepare(
        "SELECT c.crn, c.assigned_officer, r.hlc FROM cases c JOIN records r ON r.entity = 'case' AND r.id = c.crn"
        " ORDER BY c.crn");
    while (st.step()) out.push_back({st.text(0), st.text(1), static_cast<HlcValue>(st.int64(2))});
    return out;
  }

  std::vector<DashboardVisit> visit_summaries() override {
    std::lock_guard lock(m_mutex);
    std::vector<DashboardVisit> out;
    if (!m_sealer) {
      auto st = m_sql->prepare(
          "SELECT id, crn, json_extract(payload, '$.date'), json_extract(payload, '$.outcome')"
          " FROM records WHERE entity = 'visit'");
      while (st.step()) out.push_back(visit_from(st.text(0), st.text(1), {st.optional_text(2), st.optional_text(3)}));
      return out;
    }
    for_each_sealed("visit", m_visits, [&](const std::string& id, const std::string& crn, const json& p, UtcMillis) {
      return visit_from(id, crn, {text_at(p, "date"), text_at(p, "outcome")});
    });
    out.reserve(m_visits.size());
    for (const auto& [id, cached] : m_visits) out.push_back(cached.summary);
    return out;
  }

  std::vector<DashboardAction> action_summaries() override {
    std::lock_guard lock(m_mutex);
    std::vector<DashboardAction> out;
    if (!m_sealer) {
      auto st = m_sql->prepare(
          "SELECT id, crn, json_extract(payload, '$.kind'), json_extract(payload, '$.priority'),"
          " json_extract(payload, '$.status'), json_extract(payload, '$.due'), json_extract(payload, '$.rule'),"
          " json_extract(payload, '$.visit_id'), json_extract(payload, '$.created_at'),"
          " CASE WHEN received_at > 0 THEN received_at ELSE at END"
          " FROM records WHERE entity = 'action'");
      while (st.step()) {
        ActionFields f{st.optional_text(2), st.optional_text(3), st.optional_text(4), st.optional_text(5),
                       st.optional_text(6), st.optional_text(7), st.optional_text(8), st.int64(9)};
        out.push_back(action_from(st.text(0), st.text(1), f));
      }
      return out;
    }
    for_each_sealed("action", m_actions,
                    [&](const std::string& id, const std::string& crn, const json& p, UtcMillis changed_at) {
                      return action_from(id, crn,
                                         {text_at(p, "kind"), text_at(p, "priority"), text_at(p, "status"),
                                          text_at(p, "due"), text_at(p, "rule"), text_at(p, "visit_id"),
                                          text_at(p, "created_at"), changed_at});
                    });
    out.reserve(m_actions.size());
    for (const auto& [id, cached] : m_actions) out.push_back(cached.summary);
    return out;
  }

  void record_access(const AccessEntry& e) override { record_accesses({e}); }

  void record_accesses(const std::vector<AccessEntry>& entries) override {
    if (entries.empty()) return;
    std::lock_guard lock(m_mutex);
    SqlTransaction txn(*m_sql);
    auto st = m_sql->prepare("INSERT INTO console_access_log(at, officer_id, crn, page) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& e : entries) {
      st.bind(1, e.at).bind(2, e.officer_id).bind(3, e.crn).bind(4, e.page).run();
      st.reset();
    }
    txn.commit();
  }

  std::vector<AccessEntry> access_log(std::optional<std::string_view> crn) override {
    std::lock_guard lock(m_mutex);
    std::vector<AccessEntry> out;
    auto st = m_sql->prepare(std::string("SELECT at, officer_id, crn, page FROM console_access_log") +
                             (crn ? " WHERE crn = ?1" : "") + " ORDER BY at, rowid");
    if (crn) st.bind(1, *crn);
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3)});
    return out;
  }

 private:
  template <class Summary>
  struct Cached {
    std::int64_t seq = 0;
    Summary summary;
  };

  // Brings `cache` up to date with the stored records of `entity`: a record
  // whose seq changed (or is new) is opened and decoded by `decode`; a
  // record gone is dropped. Every payload is read in one query when most
  // are new (the first load), else one by one.
  template <class Summary, class Decode>
  void for_each_sealed(const char* entity, std::map<std::string, Cached<Summary>>& cache, Decode decode) {
    struct Row {
      std::string id, crn;
      std::int64_t seq;
      UtcMillis changed_at;
    };
    std::vector<Row> rows;
    {
      auto st = m_sql->prepare(
          "SELECT id, crn, seq, CASE WHEN received_at > 0 THEN received_at ELSE at END FROM records WHERE entity = ?1");
      st.bind(1, entity);
      while (st.step()) rows.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3)});
    }
    std::map<std::string, Cached<Summary>> next;
    std::vector<const Row*> stale;
    for (const auto& r : rows) {
      const auto it = cache.find(r.id);
      if (it != cache.end() && it->second.seq == r.seq)
        next.emplace(r.id, std::move(it->second));
      else
        stale.push_back(&r);
    }
    auto decode_row = [&](const Row& r, const std::vector<std::uint8_t>& sealed) {
      const std::string plain = m_sealer->open(record_payload_ad(entity, r.id, r.crn), sealed);
      const json payload = json::parse(plain, nullptr, false);
      if (!payload.is_object()) throw Error(ErrorCode::damaged, std::string("stored ") + entity + " " + r.id + ": not JSON");
      next[r.id] = Cached<Summary>{r.seq, decode(r.id, r.crn, payload, r.changed_at)};
    };
    if (stale.size() * 2 > rows.size()) {
      std::map<std::string, const Row*> wanted;
      for (const auto* r : stale) wanted.emplace(r->id, r);
      auto st = m_sql->prepare("SELECT id, payload FROM records WHERE entity = ?1");
      st.bind(1, entity);
      while (st.step()) {
        const auto it = wanted.find(st.text(0));
        if (it != wanted.end()) decode_row(*it->second, st.blob(1));
      }
    } else {
      auto st = m_sql->prepare("SELECT payload FROM records WHERE entity = ?1 AND id = ?2");
      for (const auto* r : stale) {
        st.bind(1, entity).bind(2, r->id);
        if (st.step()) decode_row(*r, st.blob(0));
        st.reset();
      }
    }
    cache = std::move(next);
  }

  void require_officer(std::string_view id) {
    auto st = m_sql->prepare("SELECT 1 FROM officers WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) throw Error(ErrorCode::not_found, "no officer " + std::string(id.substr(0, 64)));
  }

  std::mutex m_mutex;
  std::unique_ptr<OfficeSql> m_sql;
  std::unique_ptr<RecordSealer> m_sealer;
  std::map<std::string, Cached<DashboardVisit>> m_visits;   // sealed stores only
  std::map<std::string, Cached<DashboardAction>> m_actions;  // sealed stores only
};

}  // namespace

std::unique_ptr<ConsoleStore> make_sql_console_store(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer) {
  return std::make_unique<SqlConsoleStore>(std::move(sql), std::move(sealer));
}

}  // namespace doorstep::office
