// The OfficeStore contract, once, on OfficeSql connections (SQLCipher or
// PostgreSQL). Each call leases one connection from the store's pool
// (SQLCipher: its one connection, so calls take turns; PostgreSQL: several,
// so reads run at once). Writers that allocate record sequence numbers are
// serialised across connections and processes: every such transaction takes
// the backend's sequence lock (SQLite: BEGIN IMMEDIATE's write lock;
// PostgreSQL: a transaction-scoped advisory lock), then re-reads the record
// sequence and the office clock from the database, so they never lag
// another connection's commits or run ahead of a rolled-back transaction,
// and seqs become visible in the order they were allocated. Pushes that
// arrive together share one such transaction (office/group_commit.hpp).
// With a RecordSealer, personal data is sealed value by value (see
// office/record_sealer.hpp); without one (SQLCipher: the whole file is
// encrypted) it is stored as text.
#include "office/sql_office_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>

#include "domain/json_codec.hpp"
#include "domain/json_limits.hpp"
#include "office/case_authority.hpp"
#include "office/case_ownership.hpp"
#include "office/change_rules.hpp"
#include "office/group_commit.hpp"
#include "office/office_actions.hpp"
#include "office/push_row_buffer.hpp"
#include "util/error.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

AuditHash hash_column(const SqlStatement& st, int col) {
  AuditHash h{};
  const auto b = st.blob(col);
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}


constexpr const char* kDeviceColumns =
    "SELECT id, officer_id, label, secret_hash, enrolled_at, revoked_at, last_seq, last_seen FROM devices";


constexpr const char* kRecordColumns = "entity, id, crn, hlc, officer, device, at, payload, received_at";

// Pushes that share one transaction at most (group commit): bounds how
// long the sequence lock is held and how much one failed commit refuses.
constexpr std::size_t kMaxPushesPerCommit = 32;
// Record ids read per statement when a push prefetches what it names.
constexpr std::size_t kPrefetchIds = 100;

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

// What the office notices about a device's own clock on a link: "future_at"
// (ahead of the office's by more than the allowed skew), "at_backwards"
// (earlier than the link before). Flags are shown, never acted on: the
// office's received_at is the time that counts.
std::string link_flags(UtcMillis at, std::optional<UtcMillis> previous_at, UtcMillis now) {
  std::string flags;
  if (at > now + kMaxClockSkewMs) flags = "future_at";
  if (previous_at && at < *previous_at) flags += flags.empty() ? "at_backwards" : ",at_backwards";
  return flags;
}

// Associated data naming where each sealed value lives.
std::string record_ad(std::string_view entity, std::string_view id, std::string_view crn) {
  return record_payload_ad(entity, id, crn);
}
std::string link_ad(std::string_view column, std::string_view device_id, std::int64_t seq) {
  return row_associated_data({column, device_id, std::to_string(seq)});
}

class SqlOfficeStore final : public OfficeStore {
 public:
  SqlOfficeStore(std::unique_ptr<OfficeSql> first, SqlConnector connect, int max_connections,
                 std::unique_ptr<RecordSealer> sealer)
      : m_connect(std::move(connect)), m_max_connections(std::max(1, max_connections)), m_sealer(std::move(sealer)) {
    m_sessions.push_back(std::make_unique<Session>());
    m_sessions.back()->sql = std::move(first);
    m_idle.push_back(m_sessions.back().get());
    Lease lease(*this);
    SqlTransaction txn(db());
    load_counters();
    txn.commit();
  }

  void add_officer(const Officer& o) override {
    Lease lease(*this);
    if (officer(o.id)) throw Error(ErrorCode::conflict, "officer " + o.id + " already exists");
    SqlTransaction txn(db());
    auto st = db().prepare("INSERT INTO officers(id, name, is_manager, team) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, o.id).bind(3, o.is_manager).bind(4, o.team);
    bind_personal(st, 2, row_associated_data({"officers.name", o.id}), o.name);
    st.run();
    txn.commit();
  }

  void update_officer(const Officer& o) override {
    Lease lease(*this);
    if (!officer(o.id)) throw Error(ErrorCode::not_found, "no officer " + o.id.substr(0, 64));
    SqlTransaction txn(db());
    auto st = db().prepare("UPDATE officers SET name = ?2, is_manager = ?3, team = ?4 WHERE id = ?1");
    st.bind(1, o.id).bind(3, o.is_manager).bind(4, o.team);
    bind_personal(st, 2, row_associated_data({"officers.name", o.id}), o.name);
    st.run();
    txn.commit();
  }

  std::optional<Officer> find_officer(std::string_view id) override {
    Lease lease(*this);
    return officer(id);
  }

  std::vector<Officer> list_officers() override {
    Lease lease(*this);
    std::vector<Officer> out;
    auto st = db().prepare("SELECT id, name, is_manager, team FROM officers ORDER BY id");
    while (st.step()) out.push_back(read_officer(st));
    return out;
  }

  void add_enroll_code(const AuditHash& code_hash, std::string_view officer_id, UtcMillis now,
                       UtcMillis expires_at) override {
    Lease lease(*this);
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    SqlTransaction txn(db());
    db().prepare("INSERT INTO enroll_codes(code_hash, officer_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")
        .bind_blob(1, code_hash.data(), code_hash.size())
        .bind(2, officer_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
    txn.commit();
  }

  Device redeem_enroll_code(const AuditHash& code_hash, UtcMillis now, const std::string& device_id,
                            const AuditHash& secret_hash, const std::string& label) override {
    Lease lease(*this);
    SqlTransaction txn(db());
    auto st = db().prepare("SELECT officer_id, expires_at, used_at FROM enroll_codes WHERE code_hash = ?1");
    st.bind_blob(1, code_hash.data(), code_hash.size());
    if (!st.step()) throw Error(ErrorCode::unauthenticated, "unknown enrollment code");
    const std::string officer_id = st.text(0);
    if (!st.is_null(2)) throw Error(ErrorCode::unauthenticated, "this enrollment code was already used");
    if (st.int64(1) <= now) throw Error(ErrorCode::unauthenticated, "this enrollment code has expired");
    db().prepare("UPDATE enroll_codes SET used_at = ?2, device_id = ?3 WHERE code_hash = ?1")
        .bind_blob(1, code_hash.data(), code_hash.size())
        .bind(2, now)
        .bind(3, device_id)
        .run();
    const AuditHash zero{};
    auto ins = db().prepare(
        "INSERT INTO devices(id, officer_id, label, secret_hash, enrolled_at, last_hash) VALUES (?1,?2,?3,?4,?5,?6)");
    ins.bind(1, device_id).bind(2, officer_id).bind_blob(4, secret_hash.data(), secret_hash.size()).bind(5, now);
    ins.bind_blob(6, zero.data(), zero.size());
    bind_personal(ins, 3, row_associated_data({"devices.label", device_id}), label);
    ins.run();
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
    Lease lease(*this);
    return device(id);
  }

  std::vector<Device> list_devices() override {
    Lease lease(*this);
    std::vector<Device> out;
    auto st = db().prepare(std::string(kDeviceColumns) + " ORDER BY officer_id, enrolled_at, id");
    while (st.step()) out.push_back(read_device(st));
    return out;
  }

  void revoke_device(std::string_view id, UtcMillis now) override {
    Lease lease(*this);
    if (!device(id)) throw Error(ErrorCode::not_found, "no device " + std::string(id));
    SqlTransaction txn(db());
    db().prepare("UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1").bind(1, id).bind(2, now).run();
    txn.commit();
  }

  void import_case(const Case& c, std::string_view officer_id, UtcMillis now) override {
    import_cases(std::span<const Case>(&c, 1), officer_id, now);
  }

  void import_cases(std::span<const Case> cases, std::string_view officer_id, UtcMillis now) override {
    Lease lease(*this);
    for (const auto& c : cases)
      if (!is_valid_crn(c.crn)) throw Error(ErrorCode::bad_input, "case.crn: '" + c.crn + "' is not a CRN");
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    SqlTransaction txn(db());
    load_counters();
    for (const auto& c : cases) import_one_case(c, officer_id, now);
    txn.commit();
  }

  // import_case's work inside the caller's transaction.
  void import_one_case(const Case& c, std::string_view officer_id, UtcMillis now) {
    auto st = db().prepare("SELECT assigned_officer FROM cases WHERE crn = ?1");
    st.bind(1, c.crn);
    const bool exists = st.step();
    if (!exists) {
      db().prepare("INSERT INTO cases(crn, assigned_officer, assigned_seq) VALUES (?1, ?2, ?3)")
          .bind(1, c.crn)
          .bind(2, officer_id)
          .bind(3, ++session().seq)
          .run();
      open_assignment(c.crn, officer_id, now);
    } else if (st.text(0) != officer_id) {
      reassign(c.crn, officer_id, now);
    }
    Case facts = with_check_ids(c);
    if (auto cur = current("case", c.crn)) {
      const Case before = case_from_json(cur->payload, "stored case");
      keep_history(before, "office", now);
      // What devices added (people met at visits, alerts, checks, the last
      // purposeful visit) is not the national record's to take away.
      facts = with_device_additions(facts, before);
    }
    remember_office_facts(facts, now);
    put_record("case", c.crn, c.crn, session().hlc.tick(now), "office", "office", now, now, to_json(facts));
  }

  void assign_case(std::string_view crn, std::string_view officer_id) override {
    Lease lease(*this);
    if (!officer(officer_id)) throw Error(ErrorCode::not_found, "no officer " + std::string(officer_id));
    auto st = db().prepare("SELECT assigned_officer FROM cases WHERE crn = ?1");
    st.bind(1, crn);
    if (!st.step()) throw Error(ErrorCode::not_found, "no case " + std::string(crn));
    if (st.text(0) == officer_id) return;
    SqlTransaction txn(db());
    load_counters();
    reassign(crn, officer_id, now_ms());
    txn.commit();
  }

  Case update_case(std::string_view crn, const CaseUpdate& update, std::string_view changed_by,
                   UtcMillis now) override {
    Lease lease(*this);
    SqlTransaction txn(db());
    load_counters();
    const auto cur = current("case", crn);
    if (!cur) throw Error(ErrorCode::not_found, "no case " + std::string(crn.substr(0, 16)));
    const Case before = case_from_json(cur->payload, "stored case");
    const Case after = apply_case_update(before, update);
    if (after == before) return before;
    keep_history(before, changed_by, now);
    remember_office_facts(after, now);
    put_record("case", after.crn, after.crn, session().hlc.tick(now), "office", "office", now, now, to_json(after));
    txn.commit();
    return after;
  }

  std::vector<Action> write_office_actions(std::string_view crn, std::span<const Action> actions, std::string_view by,
                                           UtcMillis now) override {
    Lease lease(*this);
    SqlTransaction txn(db());
    load_counters();
    if (!current("case", crn)) throw Error(ErrorCode::not_found, "no case " + std::string(crn.substr(0, 16)));
    std::vector<Action> stored = case_actions(crn);
    std::vector<Action> written;
    for (Action a : actions) {
      if (a.crn != crn) throw Error(ErrorCode::bad_input, "action.crn: " + a.crn.substr(0, 16) + " is not " + std::string(crn));
      auto same = std::find_if(stored.begin(), stored.end(), [&](const Action& s) { return s.id == a.id; });
      if (same != stored.end()) {
        if (same->status != ActionStatus::open) continue;  // decided since the plan: the decision stands
      } else if (a.status != ActionStatus::open) {
        continue;
      } else if (auto open = open_duplicate(stored, a)) {
        fold_into(*open, a);
        a = *open;
        same = std::find_if(stored.begin(), stored.end(), [&](const Action& s) { return s.id == a.id; });
      } else {
        a.created_at = now;
      }
      const json before = same != stored.end() ? current("action", a.id)->payload : json::object();
      const json payload = action_payload(before, a);
      if (payload == before) continue;
      a.hlc = session().hlc.tick(now);
      put_record("action", a.id, crn, a.hlc, by, "office", now, now, payload);
      if (same != stored.end()) *same = a; else stored.push_back(a);
      written.push_back(a);
    }
    txn.commit();
    return written;
  }

  void record_office_check(std::string_view crn, const CheckRecord& record_in, UtcMillis now) override {
    Lease lease(*this);
    SqlTransaction txn(db());
    load_counters();
    const auto kase = current("case", crn);
    if (!kase) throw Error(ErrorCode::not_found, "no case " + std::string(crn.substr(0, 16)));
    CheckRecord record = record_in;
    if (record.reply_to) {
      const auto request = current("check", *record.reply_to);
      if (!request) throw Error(ErrorCode::not_found, "check id: no check " + record.reply_to->substr(0, 40));
      if (request->crn != crn)
        throw Error(ErrorCode::bad_input, "check id: check " + record.reply_to->substr(0, 40) + " is not a check of " +
                                              std::string(crn));
      // A reply carries its request's kind.
      record.check.kind = parse_enum<CheckKind>(request->payload.at("kind").get<std::string>(), "stored check.kind");
    }
    json payload = {{"id", record.id}, {"crn", crn}, {"kind", to_string(record.check.kind)},
                    {"date", record.check.date.to_string()}};
    if (record.check.outcome) payload["outcome"] = *record.check.outcome;
    if (record.check.result) payload["result"] = to_string(*record.check.result);
    if (record.reply_to) payload["reply_to"] = *record.reply_to;
    const HlcValue hlc = session().hlc.tick(now);
    put_record("check", record.id, crn, hlc, "office", "office", now, now, payload);
    const Case facts = case_from_json(kase->payload, "stored case");
    const Case merged = with_check_record(facts, record);
    if (merged != facts) put_record("case", crn, crn, session().hlc.tick(now), "office", "office", now, now, to_json(merged));
    txn.commit();
  }

  std::vector<CaseVersion> case_history(std::string_view crn) override {
    Lease lease(*this);
    std::vector<CaseVersion> out;
    auto st = db().prepare(
        "SELECT facts, replaced_at, changed_by FROM case_history WHERE crn = ?1 ORDER BY replaced_at, rowid");
    st.bind(1, crn);
    while (st.step()) {
      const std::string facts = personal(st, 0, history_ad(crn, st.int64(1)));
      out.push_back({case_from_json(json::parse(facts), "case history"), st.int64(1), st.text(2)});
    }
    return out;
  }

  std::optional<CaseRow> find_case(std::string_view crn) override {
    Lease lease(*this);
    auto st = db().prepare(
        "SELECT c.assigned_officer, r.hlc, r.payload FROM cases c JOIN records r ON r.entity = 'case' AND r.id = c.crn"
        " WHERE c.crn = ?1");
    st.bind(1, crn);
    if (!st.step()) return std::nullopt;
    CaseRow row;
    row.assigned_officer = st.text(0);
    row.hlc = static_cast<HlcValue>(st.int64(1));
    row.facts = case_from_json(json::parse(personal(st, 2, record_ad("case", crn, crn))), "stored case");
    return row;
  }

  // Pushes arriving together share one transaction and one durable commit
  // (office/group_commit.hpp); each is answered only after that commit.
  sync::PushResponse apply_push(const Device& dev, std::span<const AuditLink> links, UtcMillis now) override {
    PendingPush push{&dev, links, now, prepare_incoming(dev.id, links, now), std::nullopt, nullptr};
    m_push_commits.submit(push, [this](std::span<PendingPush* const> batch) { apply_pushes(batch); });
    if (push.error) std::rethrow_exception(push.error);
    return std::move(*push.result);
  }

  sync::PullResponse pull(const Device& dev, std::string_view cursor_text_in, int limit) override {
    auto page = pull_text(dev, cursor_text_in, limit);
    sync::PullResponse out;
    out.records.reserve(page.records.size());
    for (auto& t : page.records) {
      out.records.push_back(RemoteRecord{std::move(t.entity), std::move(t.id), std::move(t.crn), t.hlc,
                                         std::move(t.officer), std::move(t.device), t.at, json::parse(t.payload)});
    }
    out.cursor = std::move(page.cursor);
    out.more = page.more;
    out.caseload = std::move(page.caseload);
    return out;
  }

  sync::PullPageText pull_text(const Device& dev, std::string_view cursor_text_in, int limit) override {
    Lease lease(*this);
    const Cursor cur = parse_cursor(cursor_text_in);
    const auto me = officer(dev.officer_id);
    if (!me) throw Error(ErrorCode::forbidden, "the device's officer no longer exists");
    // The caseload: the officer's cases; a manager's: the team's too.
    const std::string in_caseload =
        me->is_manager && me->team
            ? "c.assigned_officer IN (SELECT id FROM officers WHERE id = ?1 OR team = ?2)"
            : "c.assigned_officer = ?1";
    sync::PullPageText out;
    // A record's place is (eff, k, seq): eff = max(its seq, its case's
    // assigned_seq), so a case newly assigned brings all its records again.
    // The page's keys come from the index on (crn, seq, entity) alone, and
    // only the page's rows are then read whole. Past the cursor's eff E, a
    // case assigned before E can only contribute records of seq >= E (an
    // index range); a case assigned at or after E contributes all its records.
    auto st = db().prepare(
        "WITH caseload AS (SELECT c.crn, c.assigned_seq FROM cases c WHERE " + in_caseload + "),"
        " page_keys AS ("
        "  SELECT CASE WHEN r.seq > cl.assigned_seq THEN r.seq ELSE cl.assigned_seq END AS eff,"
        "   CASE WHEN r.entity = 'case' THEN 0 ELSE 1 END AS k, r.seq AS seq"
        "  FROM caseload cl JOIN records r ON r.crn = cl.crn"
        "  WHERE cl.assigned_seq >= ?3 AND r.entity != 'check'"
        "  UNION ALL"
        "  SELECT r.seq AS eff, CASE WHEN r.entity = 'case' THEN 0 ELSE 1 END AS k, r.seq AS seq"
        "  FROM caseload cl JOIN records r ON r.crn = cl.crn AND r.seq >= ?3"
        "  WHERE cl.assigned_seq < ?3 AND r.entity != 'check'),"
        " page AS (SELECT eff, k, seq FROM page_keys"
        "  WHERE eff > ?3 OR (eff = ?3 AND (k > ?4 OR (k = ?4 AND seq > ?5)))"
        "  ORDER BY eff, k, seq LIMIT ?6)"
        " SELECT r.entity, r.id, r.crn, r.hlc, r.officer, r.device, r.at, r.payload, r.received_at,"
        "  p.eff, p.k, p.seq"
        " FROM page p JOIN records r ON r.seq = p.seq ORDER BY p.eff, p.k, p.seq");
    st.bind(1, me->id).bind(2, me->team).bind(3, cur.eff).bind(4, cur.kind).bind(5, cur.seq).bind(6, limit + 1);
    Cursor last = cur;
    while (st.step()) {
      if (static_cast<int>(out.records.size()) == limit) {
        out.more = true;
        break;
      }
      out.records.push_back(read_record_text(st));
      last = Cursor{st.int64(9), static_cast<int>(st.int64(10)), st.int64(11)};
    }
    out.cursor = cursor_text(last);
    if (!out.more) {
      auto cl = db().prepare("SELECT c.crn FROM cases c WHERE " + in_caseload + " ORDER BY c.crn");
      cl.bind(1, me->id);
      if (me->is_manager && me->team) cl.bind(2, me->team);
      while (cl.step()) out.caseload.push_back(cl.text(0));
    }
    // One statement, so no BEGIN/COMMIT around it: one round trip to PostgreSQL, not three.
    db().prepare("UPDATE devices SET last_seen = ?2 WHERE id = ?1").bind(1, dev.id).bind(2, now_ms()).run();
    return out;
  }

  std::vector<RemoteRecord> records(std::string_view entity, std::optional<std::string_view> crn) override {
    Lease lease(*this);
    std::vector<RemoteRecord> out;
    auto st = db().prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE entity = ?1" +
                           (crn ? " AND crn = ?2 ORDER BY received_at, at, id" : " ORDER BY crn, received_at, at, id"));
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
    Lease lease(*this);
    std::vector<DeviceAudit> out;
    auto devs = db().prepare("SELECT id, officer_id FROM devices ORDER BY id");
    while (devs.step()) {
      DeviceAudit a;
      a.device_id = devs.text(0);
      a.officer_id = devs.text(1);
      AuditVerifier v;
      auto st = db().prepare(
          "SELECT seq, prev_hash, hash, change, actor, at FROM device_links WHERE device_id = ?1 ORDER BY seq");
      st.bind(1, a.device_id);
      while (st.step() && v.result().ok()) v.feed(link_row(st, a.device_id));
      a.result = v.result();
      auto fl = db().prepare(
          "SELECT seq, at, received_at, flags FROM device_links WHERE device_id = ?1 AND flags != '' ORDER BY seq");
      fl.bind(1, a.device_id);
      while (fl.step()) a.flagged.push_back({fl.int64(0), fl.int64(1), fl.int64(2), fl.text(3)});
      out.push_back(std::move(a));
    }
    return out;
  }

  std::vector<RefusedChange> refused_changes() override {
    Lease lease(*this);
    std::vector<RefusedChange> out;
    auto st = db().prepare(
        "SELECT l.device_id, d.officer_id, l.seq, l.change, l.at, l.received_at, l.reason FROM device_links l"
        " JOIN devices d ON d.id = l.device_id WHERE l.status = 'rejected' ORDER BY l.received_at, l.device_id, l.seq");
    while (st.step()) {
      RefusedChange r{st.text(0), st.text(1), st.int64(2), "", "", st.int64(4), st.int64(5),
                      personal(st, 6, link_ad("device_links.reason", st.text(0), st.int64(2)))};
      // The stored change is what a device sent: read it within the limits.
      json change;
      const std::string change_text = personal(st, 3, link_ad("device_links.change", st.text(0), st.int64(2)));
      try {
        change = parse_json_limited(change_text, sync::kChangeJsonLimits, "change");
      } catch (const Error&) {
        // Refused because it did not parse: listed with its reason, no entity.
      }
      if (change.is_object()) {
        if (auto e = change.find("entity"); e != change.end() && e->is_string()) r.entity = e->get<std::string>();
        if (auto i = change.find("id"); i != change.end() && i->is_string()) r.entity_id = i->get<std::string>();
      }
      out.push_back(std::move(r));
    }
    return out;
  }

  void record_device_held(std::string_view device_id, std::span<const sync::HeldReport> held,
                          UtcMillis now) override {
    Lease lease(*this);
    if (held.empty()) {  // the usual case: no write transaction when there is nothing to forget
      auto any = db().prepare("SELECT 1 FROM device_held WHERE device_id = ?1 LIMIT 1");
      any.bind(1, device_id);
      if (!any.step()) return;
    }
    SqlTransaction txn(db());
    db().prepare("DELETE FROM device_held WHERE device_id = ?1").bind(1, device_id).run();
    auto ins = db().prepare(
        "INSERT INTO device_held(device_id, entity, id, crn, reason, waiting, reported_at)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT (device_id, entity, id) DO UPDATE SET"
        " crn = excluded.crn, reason = excluded.reason, waiting = excluded.waiting, reported_at = excluded.reported_at");
    for (const auto& h : held) {
      ins.bind(1, device_id).bind(2, h.entity).bind(3, h.id).bind(4, h.crn).bind(6, h.waiting);
      bind_personal(ins, 5, held_ad(device_id, h.entity, h.id), h.reason);
      ins.bind(7, now).run();
      ins.reset();
    }
    txn.commit();
  }

  std::vector<DeviceHeld> device_held() override {
    Lease lease(*this);
    std::vector<DeviceHeld> out;
    auto st = db().prepare(
        "SELECT h.device_id, d.officer_id, h.entity, h.id, h.crn, h.reason, h.waiting, h.reported_at"
        " FROM device_held h JOIN devices d ON d.id = h.device_id ORDER BY h.device_id, h.reported_at, h.rowid");
    while (st.step())
      out.push_back({st.text(0),
                     st.text(1),
                     {st.text(2), st.text(3), st.text(4), personal(st, 5, held_ad(st.text(0), st.text(2), st.text(3))),
                      st.int64(6) != 0},
                     st.int64(7)});
    return out;
  }

 private:
  // ---- Personal data: sealed bytes with a sealer, else text.

  void bind_personal(SqlStatement& st, int index, const std::string& associated, std::string_view plain) const {
    if (!m_sealer) {
      st.bind(index, plain);
      return;
    }
    const auto sealed = m_sealer->seal(associated, plain);
    st.bind_blob(index, sealed.data(), sealed.size());
  }

  [[nodiscard]] BoundPersonal bound_personal(const std::string& associated, std::string_view plain) const {
    if (!m_sealer) return {std::string(plain), false};
    const auto sealed = m_sealer->seal(associated, plain);
    return {std::string(sealed.begin(), sealed.end()), true};
  }

  [[nodiscard]] std::string personal(const SqlStatement& st, int col, const std::string& associated) const {
    if (!m_sealer) return st.text(col);
    const auto sealed = st.blob(col);
    return m_sealer->open(associated, sealed);
  }

  [[nodiscard]] AuditHash stored_fingerprint(const Case& c) const {
    const auto fp = office_facts_fingerprint(c);
    return m_sealer ? m_sealer->keyed(fp) : fp;
  }

  static std::string history_ad(std::string_view crn, UtcMillis replaced_at) {
    return row_associated_data({"case_history.facts", crn, std::to_string(replaced_at)});
  }
  static std::string held_ad(std::string_view device_id, std::string_view entity, std::string_view id) {
    return row_associated_data({"device_held.reason", device_id, entity, id});
  }

  // The officer in columns first..first+3: id, name, is_manager, team.
  Officer read_officer(const SqlStatement& st, int first = 0) const {
    Officer o;
    o.id = st.text(first);
    o.name = personal(st, first + 1, row_associated_data({"officers.name", o.id}));
    o.is_manager = st.int64(first + 2) != 0;
    o.team = st.optional_text(first + 3);
    return o;
  }

  Device read_device(const SqlStatement& st) const {
    Device d;
    d.id = st.text(0);
    d.officer_id = st.text(1);
    d.label = personal(st, 2, row_associated_data({"devices.label", d.id}));
    d.secret_hash = hash_column(st, 3);
    d.enrolled_at = st.int64(4);
    d.revoked_at = st.optional_int64(5);
    d.last_seq = st.int64(6);
    d.last_seen = st.optional_int64(7);
    return d;
  }

  // A record's clear columns (the first seven of a records query) into `r`
  // (RemoteRecord or sync::RecordText); returns its payload, decrypted.
  template <class Record>
  std::string read_record_columns(const SqlStatement& st, Record& r) const {
    r.entity = st.text(0);
    r.id = st.text(1);
    r.crn = st.text(2);
    r.hlc = static_cast<HlcValue>(st.int64(3));
    r.officer = st.text(4);
    r.device = st.text(5);
    r.at = st.int64(6);
    return personal(st, 7, record_ad(r.entity, r.id, r.crn));
  }

  RemoteRecord read_record(const SqlStatement& st) const {
    RemoteRecord r;
    r.payload = json::parse(read_record_columns(st, r));
    r.received_at = st.int64(8);
    return r;
  }

  // The pull query's first eight columns, the payload decrypted but not parsed.
  sync::RecordText read_record_text(const SqlStatement& st) const {
    sync::RecordText r;
    r.payload = read_record_columns(st, r);
    return r;
  }

  static UtcMillis now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  AuditLink link_row(const SqlStatement& st, const std::string& device_id) const {
    AuditLink l;
    l.seq = st.int64(0);
    l.prev_hash = hash_column(st, 1);
    l.hash = hash_column(st, 2);
    l.change = personal(st, 3, link_ad("device_links.change", device_id, l.seq));
    l.actor = st.text(4);
    l.at = st.int64(5);
    l.device = device_id;
    return l;
  }

  std::optional<Officer> officer(std::string_view id) {
    auto st = db().prepare("SELECT id, name, is_manager, team FROM officers WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_officer(st);
  }

  std::optional<Device> device(std::string_view id) {
    auto st = db().prepare(std::string(kDeviceColumns) + " WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_device(st);
  }

  // Inserts or replaces a record with a fresh seq (moves it forward in pulls).
  // Inside a push the row is held (push_rows) and written with its
  // neighbours in one statement before the next other statement.
  void put_record(std::string_view entity, std::string_view id, std::string_view crn, HlcValue hlc,
                  std::string_view officer_id, std::string_view device_id, UtcMillis at, UtcMillis received_at,
                  const json& payload) {
    put_sealed_record(entity, id, crn, hlc, officer_id, device_id, at, received_at,
                      bound_personal(record_ad(entity, id, crn), payload.dump()));
  }
  // The same with the payload already dumped and sealed for (entity, id, crn).
  void put_sealed_record(std::string_view entity, std::string_view id, std::string_view crn, HlcValue hlc,
                         std::string_view officer_id, std::string_view device_id, UtcMillis at, UtcMillis received_at,
                         BoundPersonal payload) {
    RecordRow row{std::string(entity),
                  std::string(id),
                  std::string(crn),
                  static_cast<std::int64_t>(hlc),
                  std::string(officer_id),
                  std::string(device_id),
                  at,
                  std::move(payload),
                  ++session().seq,
                  received_at};
    session().push_records.erase({row.entity, row.id});  // read it again if asked
    auto& held = session().push_rows;
    if (!session().hold_rows) {
      PushRowBuffer::write_now(db(), row);
      return;
    }
    if (held.holds_record(row.entity, row.id)) held.write(*t_session->sql);  // one upsert per row and statement
    held.add(std::move(row));
  }

  struct Current {
    HlcValue hlc = 0;
    std::string crn;
    json payload;
  };

  // Every action of the case, as stored.
  std::vector<Action> case_actions(std::string_view crn) {
    auto st = db().prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE entity = 'action' AND crn = ?1");
    st.bind(1, crn);
    std::vector<Action> out;
    while (st.step()) out.push_back(action_from_record(read_record(st)));
    return out;
  }

  // The stored record (entity, id): from the push's record cache when it
  // holds it (see prefetch_records), else read.
  std::optional<Current> current(std::string_view entity, std::string_view id) {
    auto& cache = session().push_records;
    if (!cache.empty())
      if (auto it = cache.find({std::string(entity), std::string(id)}); it != cache.end()) return it->second;
    auto st = db().prepare("SELECT hlc, crn, payload FROM records WHERE entity = ?1 AND id = ?2");
    st.bind(1, entity).bind(2, id);
    if (!st.step()) return std::nullopt;
    const std::string crn = st.text(1);
    return Current{static_cast<HlcValue>(st.int64(0)), crn, json::parse(personal(st, 2, record_ad(entity, id, crn)))};
  }

  // ---- Assignment history and office-owned fact versions.

  void open_assignment(std::string_view crn, std::string_view officer_id, UtcMillis now) {
    db().prepare("INSERT INTO case_assignments(crn, officer_id, from_at) VALUES (?1, ?2, ?3)")
        .bind(1, crn)
        .bind(2, officer_id)
        .bind(3, now)
        .run();
  }

  // Moves the case to `officer_id` (its records move forward in pulls) and
  // closes the previous holder's assignment at `now`.
  void reassign(std::string_view crn, std::string_view officer_id, UtcMillis now) {
    db().prepare("UPDATE cases SET assigned_officer = ?2, assigned_seq = ?3 WHERE crn = ?1")
        .bind(1, crn)
        .bind(2, officer_id)
        .bind(3, ++session().seq)
        .run();
    db().prepare("UPDATE case_assignments SET until_at = ?2 WHERE crn = ?1 AND until_at IS NULL")
        .bind(1, crn)
        .bind(2, now)
        .run();
    open_assignment(crn, officer_id, now);
  }

  std::vector<Assignment> assignments(std::string_view crn) {
    std::vector<Assignment> out;
    auto st = db().prepare("SELECT officer_id, from_at, until_at FROM case_assignments WHERE crn = ?1");
    st.bind(1, crn);
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.optional_int64(2)});
    return out;
  }

  void remember_office_facts(const Case& c, UtcMillis now) {
    const auto fp = stored_fingerprint(c);
    db().prepare("INSERT INTO case_fact_versions(crn, fingerprint, first_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        .bind(1, c.crn)
        .bind_blob(2, fp.data(), fp.size())
        .bind(3, now)
        .run();
  }

  bool is_office_version(const Case& c) {
    const auto fp = stored_fingerprint(c);
    auto st = db().prepare("SELECT 1 FROM case_fact_versions WHERE crn = ?1 AND fingerprint = ?2");
    st.bind(1, c.crn).bind_blob(2, fp.data(), fp.size());
    return st.step();
  }

  void keep_history(const Case& before, std::string_view changed_by, UtcMillis now) {
    auto st = db().prepare("INSERT INTO case_history(crn, replaced_at, changed_by, facts) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, before.crn).bind(2, now).bind(3, changed_by);
    bind_personal(st, 4, history_ad(before.crn, now), to_json(before).dump());
    st.run();
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
    put_record("conflict", k.id, c.crn, session().hlc.tick(now), link.actor, link.device, now, now, to_json(k));
  }

  // ---- Authorising and applying one pushed change.

  // Throws Error(forbidden / bad_input) for a change the device must
  // quarantine; returns the stored record the change updates, if any.
  // Who holds a case and who held it when, as one push sees it (a push
  // never changes either): read once per case per push, not once per link.
  struct CaseHolders {
    std::optional<Officer> assigned;  // nullopt: no such case (or its officer is gone)
    std::vector<Assignment> history;
  };
  const CaseHolders& case_holders(const std::string& crn) {
    if (auto it = session().push_holders.find(crn); it != session().push_holders.end()) return it->second;
    CaseHolders h;
    auto st = db().prepare(
        "SELECT o.id, o.name, o.is_manager, o.team FROM cases c JOIN officers o ON o.id = c.assigned_officer"
        " WHERE c.crn = ?1");
    st.bind(1, crn);
    if (st.step()) {  // without its officer the case is refused: no history needed
      h.assigned = read_officer(st);
      h.history = assignments(crn);
    }
    return session().push_holders.emplace(crn, std::move(h)).first->second;
  }

  std::optional<Current> authorize_change(const Officer& writer, const ParsedChange& c) {
    const CaseHolders& holders = case_holders(c.crn);
    if (!holders.assigned) refuse_case(c.crn);
    const auto& assigned = holders.assigned;
    const CaseRole role = case_role(writer, *assigned, holders.history, static_cast<UtcMillis>(hlc_millis(c.hlc)));
    if (role == CaseRole::none) refuse_case(c.crn);

    auto cur = current(c.entity, c.id);
    // A stored record keeps its case: authorisation is by the stored CRN.
    if (cur && cur->crn != c.crn)
      throw Error(ErrorCode::bad_input, c.entity + ".crn: does not match the case this " + c.entity + " belongs to");

    WriteIntent intent{c.entity, std::nullopt, false};
    // An amendment to a visit corrects the officer's record: not a manager's note.
    if (c.entity == "note" && !c.refers_to && c.payload.value("kind", "") == to_string(NoteKind::amendment))
      intent.entity = "visit amendment";
    if (c.action) {
      intent.action_kind = cur ? parse_enum<ActionKind>(cur->payload.at("kind").get<std::string>(), "stored action.kind")
                               : c.action->kind;
      intent.action_status_change = cur ? cur->payload.at("status").get<std::string>() != to_string(c.action->status)
                                        : c.action->status != ActionStatus::open;
      if (cur && (cur->payload.at("kind").get<std::string>() != to_string(c.action->kind) ||
                  cur->payload.at("rule") != c.action->rule))
        throw Error(ErrorCode::bad_input, "action.kind: an action's kind and rule never change");
    }
    authorize(role, writer, *assigned, intent, c.crn);

    // References point into the same case.
    const auto same_case = [&](std::string_view entity, const std::string& id, const std::string& field) {
      auto ref = current(entity, id);
      if (!ref || ref->crn != c.crn)
        throw Error(ErrorCode::bad_input, field + ": no such " + std::string(entity) + " in case " + c.crn);
    };
    if (c.visit_id && !(cur && c.entity == "action")) same_case("visit", *c.visit_id, c.entity + ".visit_id");
    if (c.refers_to) same_case("note", *c.refers_to, "note.refers_to");
    if (c.reply_to) same_case("check", *c.reply_to, "check.reply_to");

    if (c.kase) {
      const auto stored = current("case", c.crn);
      const Case office = case_from_json(stored->payload, "stored case");
      const auto changed = office_owned_differences(office, *c.kase);
      if (!changed.empty() && !is_office_version(*c.kase)) {
        std::string fields;
        for (const auto& f : changed) fields += (fields.empty() ? "" : ", ") + f;
        throw Error(ErrorCode::forbidden,
                    "case." + changed.front() + ": " + fields + (changed.size() > 1 ? " are" : " is") +
                        " kept by the office from the national record; a device cannot change " +
                        (changed.size() > 1 ? "them" : "it"));
      }
    }
    return cur;
  }

  // An existing action with the status fields (and, from its owner, the
  // re-raise fields) of `incoming`; kind, rule, case and visit never change.
  static json merged_action(const json& stored, const Action& incoming, bool from_owner) {
    json out = stored;
    out["status"] = to_string(incoming.status);
    out.erase("outcome");
    out.erase("dismiss_reason");
    if (incoming.outcome) out["outcome"] = *incoming.outcome;
    if (incoming.dismiss_reason) out["dismiss_reason"] = *incoming.dismiss_reason;
    if (from_owner) {
      out["priority"] = to_string(incoming.priority);
      out["due"] = incoming.due.to_string();
      out["reasons"] = incoming.reasons;
    }
    return out;
  }

  // A pushed link made ready before its push's turn, on the push's own
  // thread (none of it reads the store): its change parsed (or why it could
  // not be), and the values its rows would store, dumped and sealed.
  struct Incoming {
    std::optional<ParsedChange> change;
    std::exception_ptr error;
    std::optional<BoundPersonal> payload;  // the change's payload as stored for (entity, id, crn)
    BoundPersonal sealed_change;           // device_links.change
    BoundPersonal empty_reason;            // device_links.reason when the change is applied
  };
  std::vector<Incoming> prepare_incoming(const std::string& device_id, std::span<const AuditLink> links,
                                         UtcMillis now) const {
    std::vector<Incoming> out(links.size());
    for (std::size_t i = 0; i < links.size(); ++i) {
      Incoming& in = out[i];
      try {
        in.change = parse_change(links[i], now);
        const ParsedChange& c = *in.change;
        in.payload = bound_personal(record_ad(c.entity, c.id, c.crn), c.payload.dump());
      } catch (...) {
        in.change.reset();
        in.error = std::current_exception();
      }
      in.sealed_change = bound_personal(link_ad("device_links.change", device_id, links[i].seq), links[i].change);
      in.empty_reason = bound_personal(link_ad("device_links.reason", device_id, links[i].seq), "");
    }
    return out;
  }
  // The change's payload as stored: sealed ahead, or now if it was not.
  BoundPersonal stored_payload(Incoming& in, const ParsedChange& c) const {
    if (in.payload) {
      BoundPersonal sealed = std::move(*in.payload);
      in.payload.reset();
      return sealed;
    }
    return bound_personal(record_ad(c.entity, c.id, c.crn), c.payload.dump());
  }

  struct PendingPush;
  // Reads at once every stored record the batch's changes name (themselves
  // and the visits, notes and checks they refer to) into the batch's record
  // cache, so applying them reads nothing more per change: on PostgreSQL a
  // read is a round trip, and most pushed records are new.
  void prefetch_records(std::span<PendingPush* const> batch) {
    std::map<std::string, std::set<std::string>> wanted;  // entity -> ids
    for (const PendingPush* p : batch)
      for (const auto& in : p->incoming) {
        if (!in.change) continue;
        const ParsedChange& c = *in.change;
        wanted[c.entity].insert(c.id);
        if (c.visit_id) wanted["visit"].insert(*c.visit_id);
        if (c.refers_to) wanted["note"].insert(*c.refers_to);
        if (c.reply_to) wanted["check"].insert(*c.reply_to);
      }
    std::string sql = "SELECT id, hlc, crn, payload FROM records WHERE entity = ?1 AND id IN (";
    for (std::size_t i = 0; i < kPrefetchIds; ++i) sql += (i ? ",?" : "?") + std::to_string(i + 2);
    sql += ")";
    auto st = db().prepare(sql);
    auto& cache = session().push_records;
    for (const auto& [entity, ids] : wanted) {
      std::vector<const std::string*> chunk;
      const auto read_chunk = [&] {
        st.bind(1, entity);
        for (std::size_t i = 0; i < kPrefetchIds; ++i)  // unused places repeat the first id
          st.bind(static_cast<int>(i + 2), *chunk[i < chunk.size() ? i : 0]);
        for (const std::string* id : chunk) cache[{entity, *id}] = std::nullopt;
        while (st.step()) {
          const std::string id = st.text(0), crn = st.text(2);
          cache[{entity, id}] =
              Current{static_cast<HlcValue>(st.int64(1)), crn, json::parse(personal(st, 3, record_ad(entity, id, crn)))};
        }
        st.reset();
        chunk.clear();
      };
      for (const auto& id : ids) {
        chunk.push_back(&id);
        if (chunk.size() == kPrefetchIds) read_chunk();
      }
      if (!chunk.empty()) read_chunk();
    }
  }

  // One change from `link`; returns its answer. Throws only for store
  // failures: every reason to refuse the change is a rejected answer.
  sync::ChangeResult apply_change(const Officer& writer, const AuditLink& link, UtcMillis now, Incoming& in) {
    sync::ChangeResult res;
    res.seq = link.seq;
    ParsedChange c;
    std::optional<Current> cur;
    bool parsed = false;
    try {
      if (!in.change) std::rethrow_exception(in.error);
      c = std::move(*in.change);
      parsed = true;
      cur = authorize_change(writer, c);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_input && e.code() != ErrorCode::forbidden) throw;
      res.status = sync::ChangeStatus::rejected;
      res.reason = std::string(e.what()).substr(0, 1000);
      // The device already shows its refused value: send the office's again
      // so it goes back to the record as the office holds it.
      if (parsed && (c.entity == "case" || c.entity == "action")) resend(c.entity, c.id, c.crn);
      return res;
    }
    session().hlc.observe(c.hlc);

    if (c.entity == "note" || c.entity == "visit" || c.entity == "check") {
      // Insert-only: the same id again is the same record (never a conflict).
      if (cur) return res;
      put_sealed_record(c.entity, c.id, c.crn, c.hlc, link.actor, link.device, link.at, now, stored_payload(in, c));
      if (c.entity == "check") {
        const auto kase = current("case", c.crn);
        Case facts = case_from_json(kase->payload, "stored case");
        CheckRecord record;
        record.id = c.id;
        record.check.kind = parse_enum<CheckKind>(c.payload.at("kind").get<std::string>(), "check.kind");
        record.check.date = Date::parse(c.payload.at("date").get<std::string>(), "check.date");
        if (auto o = c.payload.find("outcome"); o != c.payload.end()) record.check.outcome = o->get<std::string>();
        if (auto r = c.payload.find("result"); r != c.payload.end())
          record.check.result = parse_enum<CheckResult>(r->get<std::string>(), "check.result");
        record.reply_to = c.reply_to;
        const Case merged = with_check_record(facts, record);
        if (merged != facts)
          put_record("case", c.crn, c.crn, session().hlc.tick(now), "office", "office", now, now, to_json(merged));
      }
      return res;
    }
    if (c.entity == "case") {
      // Device-owned additions only; they commute, so there is no conflict.
      const Case office = case_from_json(cur->payload, "stored case");
      const Case merged = with_device_additions(office, *c.kase);
      if (merged != office)
        put_record("case", c.crn, c.crn, session().hlc.tick(now), link.actor, link.device, link.at, now, to_json(merged));
      return res;
    }
    // Actions: the later HLC wins, the loser is kept as a conflict record.
    // The same HLC is the same change (a replay).
    if (!cur) {
      Action mine = *c.action;
      if (auto open = mine.status == ActionStatus::open ? open_duplicate(case_actions(c.crn), mine) : std::nullopt) {
        // The office already holds this follow-up open under another id:
        // keep the device's record, dismissed as merged, and send both
        // again so the device shows the one open action.
        put_record("action", c.id, c.crn, session().hlc.tick(now), link.actor, link.device, link.at, now,
                   action_payload(c.payload, merged_away(mine, open->id)));
        fold_into(*open, mine);
        put_record("action", open->id, c.crn, session().hlc.tick(now), "office", "office", now, now,
                   action_payload(current("action", open->id)->payload, *open));
        return res;
      }
      put_sealed_record("action", c.id, c.crn, c.hlc, link.actor, link.device, link.at, now, stored_payload(in, c));
      return res;
    }
    if (c.hlc == cur->hlc) return res;
    const bool from_owner = writer.id == case_holders(c.crn).assigned->id;
    const json incoming = merged_action(cur->payload, *c.action, from_owner);
    if (incoming == cur->payload) return res;  // the same action raised on both sides: nothing differs
    if (c.hlc > cur->hlc) {
      put_record("action", c.id, c.crn, c.hlc, link.actor, link.device, link.at, now, incoming);
      return res;
    }
    add_conflict(c, cur->hlc, c.hlc, incoming, link, now);
    res.status = sync::ChangeStatus::superseded;
    res.reason = "a later change to this action won; yours is kept as a conflict record";
    return res;
  }

  // The record sequence and the clock as committed in the file. Call right
  // after BEGIN IMMEDIATE (or at open), before allocating from them.
  void load_counters() {
    db().lock_sequence();
    auto st = db().prepare(
        "SELECT (SELECT coalesce(max(seq), 0) FROM records), (SELECT coalesce(max(assigned_seq), 0) FROM cases),"
        " (SELECT coalesce(max(hlc), 0) FROM records)");
    st.step();
    session().seq = std::max(st.int64(0), st.int64(1));
    session().hlc.observe(static_cast<HlcValue>(st.int64(2)));
  }

  // Moves a record forward in pulls without changing it.
  void resend(std::string_view entity, std::string_view id, std::string_view crn) {
    db().prepare("UPDATE records SET seq = ?4 WHERE entity = ?1 AND id = ?2 AND crn = ?3")
        .bind(1, entity)
        .bind(2, id)
        .bind(3, crn)
        .bind(4, ++session().seq)
        .run();
  }

  // One device's push waiting for its group commit.
  struct PendingPush {
    const Device* device;
    std::span<const AuditLink> links;
    UtcMillis now;
    std::vector<Incoming> incoming;  // one per link, made ready before the turn
    std::optional<sync::PushResponse> result;
    std::exception_ptr error;
  };

  // A pushing device's row as its push starts: the device, its officer
  // (nullopt: gone), its chain head and the time on its last link.
  struct PushDevice {
    Device device;
    std::optional<Officer> officer;
    AuditHash head{};
    std::optional<UtcMillis> previous_at;
  };
  // The rows of up to kMaxPushesPerCommit devices, by id: one read (on
  // PostgreSQL one round trip for the whole batch).
  std::map<std::string, PushDevice> read_push_devices(const std::vector<std::string>& ids) {
    std::map<std::string, PushDevice> out;
    if (ids.empty()) return out;
    std::string sql =
        "SELECT d.id, d.officer_id, d.label, d.secret_hash, d.enrolled_at, d.revoked_at, d.last_seq, d.last_seen,"
        " d.last_hash, (SELECT l.at FROM device_links l WHERE l.device_id = d.id AND l.seq = d.last_seq),"
        " o.id, o.name, o.is_manager, o.team"
        " FROM devices d LEFT JOIN officers o ON o.id = d.officer_id WHERE d.id IN (";
    for (std::size_t i = 0; i < kMaxPushesPerCommit; ++i) sql += (i ? ",?" : "?") + std::to_string(i + 1);
    sql += ")";
    auto st = db().prepare(sql);
    for (std::size_t i = 0; i < kMaxPushesPerCommit; ++i)  // unused places repeat the first id
      st.bind(static_cast<int>(i + 1), ids[i < ids.size() ? i : 0]);
    while (st.step()) {
      PushDevice row;
      row.device = read_device(st);
      if (!st.is_null(10)) row.officer = read_officer(st, 10);
      row.head = hash_column(st, 8);
      row.previous_at = st.optional_int64(9);
      out.emplace(row.device.id, std::move(row));
    }
    return out;
  }

  // Applies each push under its own savepoint (a refused push undoes only
  // itself), then commits them all at once. Never throws: each push gets
  // its answer or its error; if the transaction or its commit fails, every
  // push in it gets that error (nothing of them is acknowledged).
  //
  // What the batch's pushes read is read first, for all of them at once:
  // their devices, then the records they name (prefetch_records); a case's
  // holders once per batch (case_holders). The pushes then mostly only
  // write, so on PostgreSQL the office prepares the next push's rows while
  // the database executes the last one's, instead of the two taking turns
  // at every round trip. The caches stay true across the batch: a push
  // never changes a case's holders, put_record forgets the record it
  // writes, and a device's row read ahead serves only its first push in
  // the batch (a second push of the same device reads it again).
  void apply_pushes(std::span<PendingPush* const> batch) noexcept {
    try {
      Lease lease(*this);
      SqlTransaction txn(db());
      load_counters();
      struct ForgetBatch {  // what the batch learnt is valid only inside its transaction
        Session& session;
        explicit ForgetBatch(Session& s) : session(s) { clear(); }
        ~ForgetBatch() { clear(); }
        void clear() {
          session.push_holders.clear();
          session.push_records.clear();
        }
      } forget{session()};
      std::vector<std::string> ids;
      for (const PendingPush* p : batch)
        if (std::find(ids.begin(), ids.end(), p->device->id) == ids.end()) ids.push_back(p->device->id);
      db().reuse_plans(false);  // the id lists' reads: planned with their ids
      auto devices = read_push_devices(ids);
      prefetch_records(batch);
      db().reuse_plans(true);  // then inserts and their foreign-key checks
      for (PendingPush* p : batch) {
        std::optional<PushDevice> ahead;
        if (auto node = devices.extract(p->device->id)) ahead = std::move(node.mapped());
        db().savepoint();
        try {
          p->result = apply_one_push(*p, std::move(ahead));
          db().release_savepoint();
        } catch (...) {
          p->result.reset();
          p->error = std::current_exception();
          db().rollback_to_savepoint();  // throws only if the transaction is lost: all fail below
        }
      }
      txn.commit();
    } catch (...) {
      const auto failure = std::current_exception();
      for (PendingPush* p : batch) {
        p->result.reset();
        p->error = failure;
      }
    }
  }

  // One push inside the caller's transaction, after load_counters() and the
  // batch's reads. `ahead`: its device's row read with the batch, if it is
  // still as read (else it is read here).
  sync::PushResponse apply_one_push(PendingPush& push, std::optional<PushDevice> ahead) {
    // Its new records and links are held and written in multi-row statements
    // (office/push_row_buffer.hpp) before the next other statement; rows
    // still held when it fails are dropped.
    struct Forget {
      Session& session;
      explicit Forget(Session& s) : session(s) {
        session.push_rows.clear();
        session.hold_rows = true;
      }
      ~Forget() {
        session.push_rows.clear();
        session.hold_rows = false;
      }
    } forget{session()};
    const std::span<const AuditLink> links = push.links;
    const UtcMillis now = push.now;
    std::vector<Incoming>& incoming = push.incoming;
    if (!ahead) {
      auto row = read_push_devices({push.device->id});
      if (auto node = row.extract(push.device->id)) ahead = std::move(node.mapped());
    }
    if (!ahead) throw Error(ErrorCode::unauthenticated, "unknown device");
    const Device* dev = &ahead->device;
    if (dev->revoked_at) throw Error(ErrorCode::revoked, "this device was revoked");
    if (!ahead->officer) throw Error(ErrorCode::forbidden, "the device's officer no longer exists");
    const Officer* writer = &*ahead->officer;
    AuditHash head = ahead->head;
    std::int64_t last = dev->last_seq;
    std::optional<UtcMillis> previous_at = ahead->previous_at;  // the device's time on the link before
    AuditVerifier verifier(head, last);
    sync::PushResponse out;
    auto stored = db().prepare("SELECT hash, status, reason FROM device_links WHERE device_id = ?1 AND seq = ?2");
    for (std::size_t i = 0; i < links.size(); ++i) {
      const AuditLink& link = links[i];
      if (link.seq <= last) {
        if (!session().push_rows.empty()) session().push_rows.write(*t_session->sql);  // a link repeated in this push
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
        r.reason = personal(stored, 2, link_ad("device_links.reason", dev->id, link.seq));
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
      auto r = apply_change(*writer, link, now, incoming[i]);
      session().push_rows.add(LinkRow{dev->id, link.seq, std::string(link.prev_hash.begin(), link.prev_hash.end()),
                                      std::string(link.hash.begin(), link.hash.end()),
                                      std::move(incoming[i].sealed_change), link.actor, link.at,
                                      std::string(to_string(r.status)),
                                      r.reason.empty()
                                          ? std::move(incoming[i].empty_reason)
                                          : bound_personal(link_ad("device_links.reason", dev->id, link.seq), r.reason),
                                      now,
                                      link_flags(link.at, previous_at, now)});
      previous_at = link.at;
      last = link.seq;
      head = link.hash;
      out.results.push_back(std::move(r));
    }
    // db() writes the rows still held before this statement: the push must
    // not return with any (Forget drops them).
    db().prepare("UPDATE devices SET last_seq = ?2, last_hash = ?3, last_seen = ?4 WHERE id = ?1")
        .bind(1, dev->id)
        .bind(2, last)
        .bind_blob(3, head.data(), head.size())
        .bind(4, now)
        .run();
    // A batch of links already stored (a device resending what it sent
    // before recording the answer) is acknowledged up to its own last link:
    // the device checks that an acknowledgement lies within what it sent.
    out.acked_seq = links.empty() ? last : std::min(last, links.back().seq);
    return out;
  }

  // ---- Connections: each call leases one (its own transaction, record
  // sequence and clock); SQLite has one, PostgreSQL up to max_connections.
  struct Session {
    std::unique_ptr<OfficeSql> sql;
    std::int64_t seq = 0;
    HybridLogicalClock hlc;
    std::map<std::string, CaseHolders> push_holders;  // valid inside apply_pushes only
    std::map<std::pair<std::string, std::string>, std::optional<Current>> push_records;  // likewise
    bool hold_rows = false;     // inside apply_one_push: put_record and links go to push_rows
    PushRowBuffer push_rows;    // written by db() before any other statement
  };

  class Lease {
   public:
    explicit Lease(SqlOfficeStore& store) : m_store(store), m_previous(t_session) {
      std::unique_lock lock(store.m_pool_mutex);
      for (;;) {
        if (!store.m_idle.empty()) {
          m_session = store.m_idle.back();
          store.m_idle.pop_back();
          break;
        }
        if (static_cast<int>(store.m_sessions.size()) < store.m_max_connections && store.m_connect) {
          auto fresh = std::make_unique<Session>();
          lock.unlock();
          fresh->sql = store.m_connect();  // may throw: nothing leased
          lock.lock();
          store.m_sessions.push_back(std::move(fresh));
          m_session = store.m_sessions.back().get();
          break;
        }
        store.m_pool_free.wait(lock);
      }
      t_session = m_session;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      t_session = m_previous;
      {
        std::lock_guard lock(m_store.m_pool_mutex);
        m_store.m_idle.push_back(m_session);
      }
      m_store.m_pool_free.notify_one();
    }

   private:
    SqlOfficeStore& m_store;
    Session* m_previous;
    Session* m_session = nullptr;
  };

  static inline thread_local Session* t_session = nullptr;
  static Session& session() { return *t_session; }
  // Every statement of the store is prepared through db(), which first
  // writes the push's held rows: statements run in the order issued.
  static OfficeSql& db() {
    Session& s = *t_session;
    if (!s.push_rows.empty()) s.push_rows.write(*s.sql);
    return *s.sql;
  }

  SqlConnector m_connect;
  int m_max_connections;
  std::unique_ptr<RecordSealer> m_sealer;
  std::mutex m_pool_mutex;
  std::condition_variable m_pool_free;
  std::vector<std::unique_ptr<Session>> m_sessions;
  std::vector<Session*> m_idle;
  GroupCommit<PendingPush> m_push_commits{kMaxPushesPerCommit};
};

}  // namespace

std::unique_ptr<OfficeStore> make_sql_office_store(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer,
                                                   SqlConnector connect, int max_connections) {
  return std::make_unique<SqlOfficeStore>(std::move(sql), std::move(connect), max_connections, std::move(sealer));
}

}  // namespace doorstep::office
