// The embedded office store: one SQLCipher file, one connection, one mutex.
// Writers are serialised anyway by SQLite; the mutex also keeps the record
// sequence (m_seq) and the office clock (m_hlc) consistent with commits.
#include <sodium.h>

#include <mutex>

#include "domain/json_codec.hpp"
#include "office/change_rules.hpp"
#include "office/office_store.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

constexpr int kOfficeSchemaVersion = 1;
constexpr const char* kOfficeSchemaV1 =
#include "office/office_schema_v1.sql.inc"
    ;

AuditHash hash_column(const Statement& st, int col) {
  AuditHash h{};
  const auto b = st.blob(col);
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}

Officer read_officer(const Statement& st) {
  Officer o;
  o.id = st.text(0);
  o.name = st.text(1);
  o.is_manager = st.int64(2) != 0;
  o.team = st.optional_text(3);
  return o;
}

constexpr const char* kDeviceColumns =
    "SELECT id, officer_id, label, secret_hash, enrolled_at, revoked_at, last_seq, last_seen FROM devices";

Device read_device(const Statement& st) {
  Device d;
  d.id = st.text(0);
  d.officer_id = st.text(1);
  d.label = st.text(2);
  d.secret_hash = hash_column(st, 3);
  d.enrolled_at = st.int64(4);
  d.revoked_at = st.optional_int64(5);
  d.last_seq = st.int64(6);
  d.last_seen = st.optional_int64(7);
  return d;
}

RemoteRecord read_record(const Statement& st) {
  RemoteRecord r;
  r.entity = st.text(0);
  r.id = st.text(1);
  r.crn = st.text(2);
  r.hlc = static_cast<HlcValue>(st.int64(3));
  r.officer = st.text(4);
  r.device = st.text(5);
  r.at = st.int64(6);
  r.payload = json::parse(st.text(7));
  return r;
}

struct Cursor {
  std::int64_t eff = 0;
  int kind = 0;  // 0: case record, 1: anything else (cases first within one eff)
  std::int64_t seq = 0;
};

Cursor parse_cursor(std::string_view text) {
  Cursor c;
  if (text.empty()) return c;
  const std::string s(text);
  long long e = 0, sq = 0;
  int k = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%lld.%d.%lld%c", &e, &k, &sq, &tail) != 3 || e < 0 || sq < 0 || (k != 0 && k != 1))
    throw Error(ErrorCode::bad_input, "pull.cursor: '" + s.substr(0, 64) + "' is not a cursor this server issued");
  c.eff = e;
  c.kind = k;
  c.seq = sq;
  return c;
}

std::string cursor_text(const Cursor& c) {
  return std::to_string(c.eff) + "." + std::to_string(c.kind) + "." + std::to_string(c.seq);
}

class SqlcipherOfficeStore final : public OfficeStore {
 public:
  explicit SqlcipherOfficeStore(Database db) : m_db(std::move(db)) {
    auto st = m_db.prepare(
        "SELECT max(coalesce((SELECT max(seq) FROM records), 0), coalesce((SELECT max(assigned_seq) FROM cases), 0)),"
        " coalesce((SELECT max(hlc) FROM records), 0)");
    st.step();
    m_seq = st.int64(0);
    m_hlc = HybridLogicalClock(static_cast<HlcValue>(st.int64(1)));
  }

  void add_officer(const Officer& o) override {
    std::lock_guard lock(m_mutex);
    if (officer(o.id)) throw Error(ErrorCode::conflict, "officer " + o.id + " already exists");
    Transaction txn(m_db);
    m_db.prepare("INSERT INTO officers(id, name, is_manager, team) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, o.id)
        .bind(2, o.name)
        .bind(3, o.is_manager)
        .bind(4, o.team)
        .run();
    txn.commit();
  }

  std::optional<Officer> find_officer(std::string_view id) override {
    std::lock_guard lock(m_mutex);
    return officer(id);
  }

  std::vector<Officer> list_officers() override {
    std::lock_guard lock(m_mutex);
    std::vector<Officer> out;
    auto st = m_db.prepare("SELECT id, name, is_manager, team FROM officers ORDER BY id");
    while (st.step()) out.push_back(read_officer(st));
    return out;
  }

  void add_enroll_code(const AuditHash& code_hash, std::string_view officer_id, UtcMillis now,
                       UtcMillis expires_at) override {
    std::lock_guard lock(m_mutex);
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    Transaction txn(m_db);
    m_db.prepare("INSERT INTO enroll_codes(code_hash, officer_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")
        .bind_blob(1, code_hash.data(), code_hash.size())
        .bind(2, officer_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
    txn.commit();
  }

  Device redeem_enroll_code(const AuditHash& code_hash, UtcMillis now, const std::string& device_id,
                            const AuditHash& secret_hash, const std::string& label) override {
    std::lock_guard lock(m_mutex);
    Transaction txn(m_db);
    auto st = m_db.prepare("SELECT officer_id, expires_at, used_at FROM enroll_codes WHERE code_hash = ?1");
    st.bind_blob(1, code_hash.data(), code_hash.size());
    if (!st.step()) throw Error(ErrorCode::unauthenticated, "unknown enrollment code");
    const std::string officer_id = st.text(0);
    if (!st.is_null(2)) throw Error(ErrorCode::unauthenticated, "this enrollment code was already used");
    if (st.int64(1) <= now) throw Error(ErrorCode::unauthenticated, "this enrollment code has expired");
    m_db.prepare("UPDATE enroll_codes SET used_at = ?2, device_id = ?3 WHERE code_hash = ?1")
        .bind_blob(1, code_hash.data(), code_hash.size())
        .bind(2, now)
        .bind(3, device_id)
        .run();
    const AuditHash zero{};
    m_db.prepare("INSERT INTO devices(id, officer_id, label, secret_hash, enrolled_at, last_hash) VALUES (?1,?2,?3,?4,?5,?6)")
        .bind(1, device_id)
        .bind(2, officer_id)
        .bind(3, label)
        .bind_blob(4, secret_hash.data(), secret_hash.size())
        .bind(5, now)
        .bind_blob(6, zero.data(), zero.size())
        .run();
    txn.commit();
    Device d;
    d.id = device_id;
    d.officer_id = officer_id;
    d.label = label;
    d.secret_hash = secret_hash;
    d.enrolled_at = now;
    return d;
  }

  std::optional<Device> find_device(std::string_view id) override {
    std::lock_guard lock(m_mutex);
    return device(id);
  }

  std::vector<Device> list_devices() override {
    std::lock_guard lock(m_mutex);
    std::vector<Device> out;
    auto st = m_db.prepare(std::string(kDeviceColumns) + " ORDER BY officer_id, enrolled_at, id");
    while (st.step()) out.push_back(read_device(st));
    return out;
  }

  void revoke_device(std::string_view id, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    if (!device(id)) throw Error(ErrorCode::not_found, "no device " + std::string(id));
    Transaction txn(m_db);
    m_db.prepare("UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1").bind(1, id).bind(2, now).run();
    txn.commit();
  }

  void import_case(const Case& c, std::string_view officer_id, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    if (!is_valid_crn(c.crn)) throw Error(ErrorCode::bad_input, "case.crn: '" + c.crn + "' is not a CRN");
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    const auto saved_seq = m_seq;
    try {
      Transaction txn(m_db);
      auto st = m_db.prepare("SELECT assigned_officer FROM cases WHERE crn = ?1");
      st.bind(1, c.crn);
      const bool exists = st.step();
      const bool moved = exists && st.text(0) != officer_id;
      if (!exists) {
        m_db.prepare("INSERT INTO cases(crn, assigned_officer, assigned_seq) VALUES (?1, ?2, ?3)")
            .bind(1, c.crn)
            .bind(2, officer_id)
            .bind(3, ++m_seq)
            .run();
      } else if (moved) {
        m_db.prepare("UPDATE cases SET assigned_officer = ?2, assigned_seq = ?3 WHERE crn = ?1")
            .bind(1, c.crn)
            .bind(2, officer_id)
            .bind(3, ++m_seq)
            .run();
      }
      put_record("case", c.crn, c.crn, m_hlc.tick(now), "office", "office", now, to_json(c));
      txn.commit();
    } catch (...) {
      m_seq = saved_seq;
      throw;
    }
  }

  void assign_case(std::string_view crn, std::string_view officer_id) override {
    std::lock_guard lock(m_mutex);
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    auto st = m_db.prepare("SELECT assigned_officer FROM cases WHERE crn = ?1");
    st.bind(1, crn);
    if (!st.step()) throw Error(ErrorCode::not_found, "no case " + std::string(crn));
    if (st.text(0) == officer_id) return;
    const auto saved_seq = m_seq;
    try {
      Transaction txn(m_db);
      m_db.prepare("UPDATE cases SET assigned_officer = ?2, assigned_seq = ?3 WHERE crn = ?1")
          .bind(1, crn)
          .bind(2, officer_id)
          .bind(3, ++m_seq)
          .run();
      txn.commit();
    } catch (...) {
      m_seq = saved_seq;
      throw;
    }
  }

  std::optional<CaseRow> find_case(std::string_view crn) override {
    std::lock_guard lock(m_mutex);
    auto st = m_db.prepare(
        "SELECT c.assigned_officer, r.hlc, r.payload FROM cases c JOIN records r ON r.entity = 'case' AND r.id = c.crn"
        " WHERE c.crn = ?1");
    st.bind(1, crn);
    if (!st.step()) return std::nullopt;
    CaseRow row;
    row.assigned_officer = st.text(0);
    row.hlc = static_cast<HlcValue>(st.int64(1));
    row.facts = case_from_json(json::parse(st.text(2)), "stored case");
    return row;
  }

  sync::PushResponse apply_push(const Device& dev, std::span<const AuditLink> links, UtcMillis now) override {
    std::lock_guard lock(m_mutex);
    const auto saved_seq = m_seq;
    const auto saved_hlc = m_hlc;
    try {
      return apply_push_locked(dev, links, now);
    } catch (...) {
      m_seq = saved_seq;
      m_hlc = saved_hlc;
      throw;
    }
  }

  sync::PullResponse pull(const Device& dev, std::string_view cursor_text_in, int limit) override {
    std::lock_guard lock(m_mutex);
    const Cursor cur = parse_cursor(cursor_text_in);
    const auto me = officer(dev.officer_id);
    if (!me) throw Error(ErrorCode::forbidden, "the device's officer no longer exists");
    // The caseload: the officer's cases; a manager's: the team's too.
    const std::string in_caseload =
        me->is_manager && me->team
            ? "c.assigned_officer IN (SELECT id FROM officers WHERE id = ?1 OR team = ?2)"
            : "c.assigned_officer = ?1";
    sync::PullResponse out;
    auto st = m_db.prepare(
        "SELECT r.entity, r.id, r.crn, r.hlc, r.officer, r.device, r.at, r.payload,"
        " max(r.seq, c.assigned_seq) AS eff, (r.entity != 'case') AS k, r.seq"
        " FROM records r JOIN cases c ON c.crn = r.crn"
        " WHERE " + in_caseload + " AND r.entity != 'check'"
        " AND (max(r.seq, c.assigned_seq) > ?3 OR (max(r.seq, c.assigned_seq) = ?3"
        "      AND ((r.entity != 'case') > ?4 OR ((r.entity != 'case') = ?4 AND r.seq > ?5))))"
        " ORDER BY eff, k, r.seq LIMIT ?6");
    st.bind(1, me->id).bind(2, me->team).bind(3, cur.eff).bind(4, cur.kind).bind(5, cur.seq).bind(6, limit + 1);
    Cursor last = cur;
    while (st.step()) {
      if (static_cast<int>(out.records.size()) == limit) {
        out.more = true;
        break;
      }
      out.records.push_back(read_record(st));
      last = Cursor{st.int64(8), static_cast<int>(st.int64(9)), st.int64(10)};
    }
    out.cursor = cursor_text(last);
    if (!out.more) {
      auto cl = m_db.prepare("SELECT c.crn FROM cases c WHERE " + in_caseload + " ORDER BY c.crn");
      cl.bind(1, me->id);
      if (me->is_manager && me->team) cl.bind(2, me->team);
      while (cl.step()) out.caseload.push_back(cl.text(0));
    }
    Transaction txn(m_db);
    m_db.prepare("UPDATE devices SET last_seen = ?2 WHERE id = ?1").bind(1, dev.id).bind(2, now_ms()).run();
    txn.commit();
    return out;
  }

  std::vector<RemoteRecord> records(std::string_view entity, std::optional<std::string_view> crn) override {
    std::lock_guard lock(m_mutex);
    std::vector<RemoteRecord> out;
    auto st = m_db.prepare(
        crn ? "SELECT entity, id, crn, hlc, officer, device, at, payload FROM records WHERE entity = ?1 AND crn = ?2"
              " ORDER BY at, id"
            : "SELECT entity, id, crn, hlc, officer, device, at, payload FROM records WHERE entity = ?1 ORDER BY crn, at, id");
    st.bind(1, entity);
    if (crn) st.bind(2, *crn);
    while (st.step()) out.push_back(read_record(st));
    return out;
  }

  std::vector<ConflictRecord> conflicts() override {
    std::vector<ConflictRecord> out;
    for (const auto& r : records("conflict", std::nullopt)) out.push_back(conflict_from_json(r.payload, "conflict"));
    return out;
  }

  std::vector<DeviceAudit> verify_audit() override {
    std::lock_guard lock(m_mutex);
    std::vector<DeviceAudit> out;
    auto devs = m_db.prepare("SELECT id, officer_id FROM devices ORDER BY id");
    while (devs.step()) {
      DeviceAudit a;
      a.device_id = devs.text(0);
      a.officer_id = devs.text(1);
      AuditVerifier v;
      auto st = m_db.prepare(
          "SELECT seq, prev_hash, hash, change, actor, at FROM device_links WHERE device_id = ?1 ORDER BY seq");
      st.bind(1, a.device_id);
      while (st.step() && v.result().ok()) v.feed(link_row(st, a.device_id));
      a.result = v.result();
      out.push_back(std::move(a));
    }
    return out;
  }

 private:
  static UtcMillis now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  static AuditLink link_row(const Statement& st, const std::string& device_id) {
    AuditLink l;
    l.seq = st.int64(0);
    l.prev_hash = hash_column(st, 1);
    l.hash = hash_column(st, 2);
    l.change = st.text(3);
    l.actor = st.text(4);
    l.at = st.int64(5);
    l.device = device_id;
    return l;
  }

  std::optional<Officer> officer(std::string_view id) {
    auto st = m_db.prepare("SELECT id, name, is_manager, team FROM officers WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_officer(st);
  }

  std::optional<Device> device(std::string_view id) {
    auto st = m_db.prepare(std::string(kDeviceColumns) + " WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_device(st);
  }

  // Inserts or replaces a record with a fresh seq (moves it forward in pulls).
  void put_record(std::string_view entity, std::string_view id, std::string_view crn, HlcValue hlc,
                  std::string_view officer_id, std::string_view device_id, UtcMillis at, const json& payload) {
    m_db.prepare("INSERT INTO records(entity, id, crn, hlc, officer, device, at, payload, seq)"
                 " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(entity, id) DO UPDATE SET"
                 " hlc = ?4, officer = ?5, device = ?6, at = ?7, payload = ?8, seq = ?9")
        .bind(1, entity)
        .bind(2, id)
        .bind(3, crn)
        .bind(4, hlc)
        .bind(5, officer_id)
        .bind(6, device_id)
        .bind(7, at)
        .bind(8, payload.dump())
        .bind(9, ++m_seq)
        .run();
  }

  struct Current {
    HlcValue hlc = 0;
    json payload;
  };

  std::optional<Current> current(std::string_view entity, std::string_view id) {
    auto st = m_db.prepare("SELECT hlc, payload FROM records WHERE entity = ?1 AND id = ?2");
    st.bind(1, entity).bind(2, id);
    if (!st.step()) return std::nullopt;
    return Current{static_cast<HlcValue>(st.int64(0)), json::parse(st.text(1))};
  }

  void add_conflict(const ParsedChange& c, HlcValue winner, HlcValue loser, const json& loser_value,
                    const AuditLink& link, UtcMillis now) {
    ConflictRecord k;
    k.id = make_uuid_v7(now);
    k.entity = c.entity;
    k.entity_id = c.id;
    k.crn = c.crn;
    k.winner_hlc = winner;
    k.loser_hlc = loser;
    k.loser = loser_value;
    k.loser_officer = link.actor;
    k.loser_device = link.device;
    k.detected_at = now;
    put_record("conflict", k.id, c.crn, m_hlc.tick(now), link.actor, link.device, now, to_json(k));
  }

  // Case checks are facts that only grow: keep every check either side had.
  static json merge_checks(json winner, const json& other) {
    json& checks = winner["checks"];
    if (!checks.is_array()) checks = json::array();
    if (auto it = other.find("checks"); it != other.end() && it->is_array()) {
      for (const auto& k : *it) {
        if (std::find(checks.begin(), checks.end(), k) == checks.end()) checks.push_back(k);
      }
    }
    return winner;
  }

  // One change from `link`; returns its answer. Throws only for store
  // failures: every reason to refuse the change is a rejected answer.
  sync::ChangeResult apply_change(const Officer& writer, const AuditLink& link, UtcMillis now) {
    sync::ChangeResult res;
    res.seq = link.seq;
    ParsedChange c;
    try {
      c = parse_change(link);
      auto st = m_db.prepare("SELECT assigned_officer FROM cases WHERE crn = ?1");
      st.bind(1, c.crn);
      if (!st.step()) throw Error(ErrorCode::forbidden, "case " + c.crn + " is not known at the office");
      const auto assigned = officer(st.text(0));
      if (!assigned || !may_access(writer, *assigned))
        throw Error(ErrorCode::forbidden, "case " + c.crn + " is not in your caseload");
      if (c.entity == "note" || c.entity == "visit") {
        if (auto v = c.payload.find("visit_id"); v != c.payload.end() && !current("visit", v->get<std::string>()))
          throw Error(ErrorCode::bad_input, c.entity + ".visit_id: no such visit at the office");
        if (auto v = c.payload.find("refers_to"); v != c.payload.end() && !current("note", v->get<std::string>()))
          throw Error(ErrorCode::bad_input, "note.refers_to: no such note at the office");
      }
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_input && e.code() != ErrorCode::forbidden) throw;
      res.status = sync::ChangeStatus::rejected;
      res.reason = std::string(e.what()).substr(0, 1000);
      return res;
    }
    m_hlc.observe(c.hlc);

    if (c.entity == "note" || c.entity == "visit" || c.entity == "check") {
      // Insert-only: the same id again is the same record (never a conflict).
      if (!current(c.entity, c.id)) {
        put_record(c.entity, c.id, c.crn, c.hlc, link.actor, link.device, link.at, c.payload);
        if (c.entity == "check") {
          auto kase = current("case", c.crn);
          json check = c.payload;
          check.erase("id");
          check.erase("crn");
          json facts = kase->payload;
          json& checks = facts["checks"];
          if (!checks.is_array()) checks = json::array();
          if (std::find(checks.begin(), checks.end(), check) == checks.end()) {
            checks.push_back(check);
            put_record("case", c.crn, c.crn, kase->hlc, "office", "office", now, facts);
          }
        }
      }
      return res;
    }
    // Mutable (case facts, action status): the later HLC wins, the loser is
    // kept as a conflict record. The same HLC is the same change (a replay).
    auto cur = current(c.entity, c.id);
    json incoming = c.payload;
    if (!cur) {
      put_record(c.entity, c.id, c.crn, c.hlc, link.actor, link.device, link.at, incoming);
      return res;
    }
    if (c.hlc == cur->hlc) return res;
    if (c.hlc > cur->hlc) {
      if (c.entity == "case") incoming = merge_checks(std::move(incoming), cur->payload);
      put_record(c.entity, c.id, c.crn, c.hlc, link.actor, link.device, link.at, incoming);
      return res;
    }
    if (c.entity == "case") {
      // Checks the loser knew still count.
      const json merged = merge_checks(cur->payload, incoming);
      if (merged != cur->payload) put_record("case", c.id, c.crn, cur->hlc, "office", "office", now, merged);
    }
    add_conflict(c, cur->hlc, c.hlc, incoming, link, now);
    res.status = sync::ChangeStatus::superseded;
    res.reason = "a later change to this " + c.entity + " won; yours is kept as a conflict record";
    return res;
  }

  sync::PushResponse apply_push_locked(const Device& dev_in, std::span<const AuditLink> links, UtcMillis now) {
    Transaction txn(m_db);
    auto dev = device(dev_in.id);
    if (!dev) throw Error(ErrorCode::unauthenticated, "unknown device");
    if (dev->revoked_at) throw Error(ErrorCode::revoked, "this device was revoked");
    const auto writer = officer(dev->officer_id);
    if (!writer) throw Error(ErrorCode::forbidden, "the device's officer no longer exists");
    AuditHash head{};
    {
      auto st = m_db.prepare("SELECT last_hash FROM devices WHERE id = ?1");
      st.bind(1, dev->id);
      st.step();
      head = hash_column(st, 0);
    }
    std::int64_t last = dev->last_seq;
    AuditVerifier verifier(head, last);
    sync::PushResponse out;
    auto stored = m_db.prepare("SELECT hash, status, reason FROM device_links WHERE device_id = ?1 AND seq = ?2");
    auto insert = m_db.prepare(
        "INSERT INTO device_links(device_id, seq, prev_hash, hash, change, actor, at, status, reason)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    for (const auto& link : links) {
      if (link.seq <= last) {
        stored.bind(1, dev->id).bind(2, link.seq);
        if (!stored.step())
          throw SyncRefusal("chain_broken", "link " + std::to_string(link.seq) + " was never received");
        if (hash_column(stored, 0) != link.hash)
          throw SyncRefusal("chain_broken", "link " + std::to_string(link.seq) +
                                                " differs from the one received earlier: the device's audit chain was altered");
        sync::ChangeResult r;
        r.seq = link.seq;
        const auto status = stored.text(1);
        r.status = status == "applied"      ? sync::ChangeStatus::applied
                   : status == "superseded" ? sync::ChangeStatus::superseded
                                            : sync::ChangeStatus::rejected;
        r.reason = stored.text(2);
        stored.reset();
        out.results.push_back(std::move(r));
        continue;
      }
      if (link.seq != last + 1)
        throw SyncRefusal("gap", "expected link " + std::to_string(last + 1) + ", got " + std::to_string(link.seq),
                          last + 1);
      if (link.device != dev->id)
        throw SyncRefusal("chain_broken", "link " + std::to_string(link.seq) + " was written by another device");
      if (link.actor != dev->officer_id)
        throw SyncRefusal("chain_broken",
                          "link " + std::to_string(link.seq) + " was written by another officer than this device's");
      verifier.feed(link);
      if (!verifier.result().ok())
        throw SyncRefusal("chain_broken", "the device's audit chain is broken at link " +
                                              std::to_string(*verifier.result().first_broken) + ": " +
                                              verifier.result().problem);
      auto r = apply_change(*writer, link, now);
      insert.bind(1, dev->id).bind(2, link.seq);
      insert.bind_blob(3, link.prev_hash.data(), link.prev_hash.size());
      insert.bind_blob(4, link.hash.data(), link.hash.size());
      insert.bind(5, link.change).bind(6, link.actor).bind(7, link.at);
      insert.bind(8, to_string(r.status)).bind(9, r.reason);
      insert.run();
      insert.reset();
      last = link.seq;
      head = link.hash;
      out.results.push_back(std::move(r));
    }
    m_db.prepare("UPDATE devices SET last_seq = ?2, last_hash = ?3, last_seen = ?4 WHERE id = ?1")
        .bind(1, dev->id)
        .bind(2, last)
        .bind_blob(3, head.data(), head.size())
        .bind(4, now)
        .run();
    txn.commit();
    out.acked_seq = last;
    return out;
  }

  Database m_db;
  std::mutex m_mutex;
  std::int64_t m_seq = 0;
  HybridLogicalClock m_hlc;
};

}  // namespace

std::unique_ptr<OfficeStore> create_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key,
                                                           UtcMillis now) {
  if (std::filesystem::exists(file)) throw Error(ErrorCode::conflict, file.string() + ": an office store already exists");
  Database db = Database::open(file, raw_key, Database::Mode::create);
  {
    Transaction txn(db);
    db.exec(kOfficeSchemaV1);
    db.prepare("INSERT INTO meta(key, value) VALUES ('created_at', ?1)").bind(1, std::to_string(now)).run();
    db.set_user_version(kOfficeSchemaVersion);
    txn.commit();
  }
  std::error_code ec;
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  return std::make_unique<SqlcipherOfficeStore>(std::move(db));
}

std::unique_ptr<OfficeStore> open_sqlcipher_office_store(const std::filesystem::path& file, std::string_view raw_key) {
  if (!std::filesystem::exists(file))
    throw Error(ErrorCode::not_found, file.string() + ": no office store here (run `doorstep-office init` first)");
  Database db = Database::open(file, raw_key, Database::Mode::open_existing);
  const int v = db.user_version();
  if (v != kOfficeSchemaVersion)
    throw Error(ErrorCode::damaged, file.string() + ": office store schema version " + std::to_string(v) +
                                        " is not the one this program knows (" + std::to_string(kOfficeSchemaVersion) + ")");
  return std::make_unique<SqlcipherOfficeStore>(std::move(db));
}

}  // namespace doorstep::office
