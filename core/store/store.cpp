#include "store/store.hpp"

#include "store/migrations.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"

namespace doorstep {

std::optional<Date> optional_date_column(const Statement& st, int col) {
  auto t = st.optional_text(col);
  if (!t) return std::nullopt;
  return Date::parse(*t, "stored date");
}

Store::Store(Database db, const Clock& clock, StoreIdentity identity, HlcValue hlc, bool encrypted)
    : m_db(std::move(db)), m_clock(&clock), m_identity(std::move(identity)), m_hlc(hlc), m_encrypted(encrypted) {}

Store Store::create(const std::filesystem::path& file, std::optional<std::string_view> raw_key, const Clock& clock,
                    StoreIdentity identity) {
  if (std::filesystem::exists(file))
    throw Error(ErrorCode::conflict, file.string() + ": a store already exists here");
  if (identity.officer_id.empty() || identity.device_id.empty())
    throw Error(ErrorCode::usage, "a store needs an officer id and a device id");
  Database db = Database::open(file, raw_key, Database::Mode::create, Store::kPageSize);
  migrate(db);
  {
    Transaction txn(db);
    auto put = db.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)");
    put.bind(1, "officer_id").bind(2, identity.officer_id).run();
    put.reset();
    put.bind(1, "device_id").bind(2, identity.device_id).run();
    put.reset();
    put.bind(1, "created_at").bind(2, std::to_string(clock.now_utc_ms())).run();
    txn.commit();
  }
  return Store(std::move(db), clock, std::move(identity), 0, raw_key.has_value());
}

Store Store::open(const std::filesystem::path& file, std::optional<std::string_view> raw_key, const Clock& clock) {
  Database db = Database::open(file, raw_key, Database::Mode::open_existing, Store::kPageSize);
  migrate(db);
  StoreIdentity identity;
  HlcValue hlc = 0;
  auto st = db.prepare("SELECT key, value FROM meta WHERE key IN ('officer_id', 'device_id', 'hlc')");
  while (st.step()) {
    const auto key = st.text(0);
    if (key == "officer_id") identity.officer_id = st.text(1);
    if (key == "device_id") identity.device_id = st.text(1);
    if (key == "hlc") hlc = std::stoull(st.text(1));
  }
  if (identity.officer_id.empty() || identity.device_id.empty())
    throw Error(ErrorCode::damaged, file.string() + ": the store has no owner record (damaged or not a Doorstep store)");
  return Store(std::move(db), clock, std::move(identity), hlc, raw_key.has_value());
}

void Store::Write::record(std::string_view entity, std::string_view id, std::string_view op,
                          const nlohmann::json& payload) {
  std::optional<AuditLink> prev;
  {
    auto st = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (st.step()) {
      AuditLink p;
      p.seq = st.int64(0);
      const auto h = st.blob(1);
      if (h.size() != p.hash.size())
        throw Error(ErrorCode::damaged, m_db.path().string() + ": audit chain head is damaged");
      std::copy(h.begin(), h.end(), p.hash.begin());
      prev = p;
    }
  }
  const nlohmann::json change = {{"entity", entity}, {"id", id}, {"op", op}, {"hlc", m_hlc}, {"payload", payload}};
  const AuditLink link = make_audit_link(prev, canonical_change(change), m_identity.officer_id, m_now,
                                         m_identity.device_id);
  m_db.prepare("INSERT INTO audit_log(seq, prev_hash, hash, change, actor, at, device) VALUES (?1,?2,?3,?4,?5,?6,?7)")
      .bind(1, link.seq)
      .bind_blob(2, link.prev_hash.data(), link.prev_hash.size())
      .bind_blob(3, link.hash.data(), link.hash.size())
      .bind(4, link.change)
      .bind(5, link.actor)
      .bind(6, link.at)
      .bind(7, link.device)
      .run();
  // The outbox row shares the link's seq; its payload is the link's (schema v6).
  m_db.prepare("INSERT INTO outbox(seq, entity, entity_id, op, hlc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, link.seq)
      .bind(2, entity)
      .bind(3, id)
      .bind(4, op)
      .bind(5, m_hlc)
      .bind(6, m_now)
      .run();
}

std::optional<std::string> Store::meta(std::string_view key) {
  auto st = m_db.prepare("SELECT value FROM meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void Store::set_meta(std::string_view key, std::string_view value) {
  Transaction txn(m_db);
  m_db.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
      .bind(1, key)
      .bind(2, value)
      .run();
  txn.commit();
}

std::vector<std::string> Store::integrity_problems() {
  std::vector<std::string> problems;
  auto st = m_db.prepare(m_encrypted ? "PRAGMA cipher_integrity_check" : "PRAGMA integrity_check");
  while (st.step()) {
    const auto row = st.text(0);
    if (row != "ok") problems.push_back(row);
  }
  return problems;
}

}  // namespace doorstep
