// Store: applying the office's changes on the device, quarantine, purge and
// conflicts (the device half of sync; the protocol lives in core/sync).
#include "store/store_remote.hpp"

#include <functional>
#include <set>

#include "domain/facts.hpp"
#include "domain/json_codec.hpp"
#include "domain/json_reader.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {
namespace {

using nlohmann::json;

// True if an outbox entry (pending, or quarantined when `any_state`) is about
// this entity, so the local value must not be overwritten by the office's.
bool has_unsent(Database& db, std::string_view entity, std::string_view id) {
  auto st = db.prepare("SELECT 1 FROM outbox WHERE entity = ?1 AND entity_id = ?2 AND state = 'pending' LIMIT 1");
  st.bind(1, entity).bind(2, id);
  return st.step();
}

bool has_unsent_for_case(Database& db, std::string_view crn, bool any_state) {
  auto st = db.prepare(any_state ? "SELECT 1 FROM outbox WHERE (entity = 'case' AND entity_id = ?1)"
                                   " OR json_extract(payload, '$.crn') = ?1 LIMIT 1"
                                 : "SELECT 1 FROM outbox WHERE state = 'pending' AND ((entity = 'case' AND entity_id = ?1)"
                                   " OR (entity = 'check' AND json_extract(payload, '$.crn') = ?1)) LIMIT 1");
  st.bind(1, crn);
  return st.step();
}

std::optional<std::string> opt_text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw Error(ErrorCode::bad_input, std::string("note.") + key + ": must be a string");
  return it->get<std::string>();
}

std::string req_text(const json& j, const char* key) {
  auto v = opt_text(j, key);
  if (!v) throw Error(ErrorCode::bad_input, std::string("note.") + key + ": is missing");
  return *v;
}

void apply_note(Database& db, const RemoteRecord& r) {
  const json& p = r.payload;
  Note n;
  n.id = r.id;
  n.crn = r.crn;
  n.visit_id = opt_text(p, "visit_id");
  n.kind = parse_enum<NoteKind>(req_text(p, "kind"), "note.kind");
  n.refers_to = opt_text(p, "refers_to");
  n.category = parse_enum<NoteCategory>(req_text(p, "category"), "note.category");
  if (auto sev = opt_text(p, "severity")) n.severity = parse_enum<Severity>(*sev, "note.severity");
  n.text = req_text(p, "text");
  n.reason = opt_text(p, "reason");
  if (auto it = p.find("corrected_answers"); it != p.end()) {
    if (!it->is_object()) throw Error(ErrorCode::bad_input, "note.corrected_answers: must be an object");
    for (auto a = it->begin(); a != it->end(); ++a) {
      const FactDef* fact = find_visit_fact(a.key());
      if (fact == nullptr) throw Error(ErrorCode::bad_input, "note.corrected_answers: unknown fact '" + a.key().substr(0, 64) + "'");
      validate_fact_value(*fact, a.value());
      n.corrected_answers.emplace(a.key(), a.value());
    }
  }
  n.author = r.officer;
  n.device = r.device;
  n.created_at = r.at;
  n.hlc = r.hlc;
  insert_note_row(db, n, true);
}

void apply_visit(Database& db, const RemoteRecord& r) {
  json body = r.payload;
  body.erase("id");
  body.erase("crn");
  Visit v = visit_from_json(body, "visit");
  v.id = r.id;
  v.crn = r.crn;
  insert_visit_row(db, v, r.officer, r.device, r.at, r.hlc, true);
}

void apply_action(Database& db, const RemoteRecord& r) {
  const Action a = action_from_json(r.payload, "action");
  bool exists = false;
  {
    auto st = db.prepare("SELECT 1 FROM actions WHERE id = ?1");
    st.bind(1, r.id);
    exists = st.step();
  }
  // OR IGNORE: another device's open action for the same case, rule and kind
  // would break the one-open-action index; the local one stays in view.
  auto st = db.prepare(
      exists ? "UPDATE OR IGNORE actions SET priority=?4, due=?5, reasons=?7, status=?8, outcome=?9, dismiss_reason=?10,"
               " closed_by=?12, updated_at=?14, hlc=?15 WHERE id=?1"
             : "INSERT OR IGNORE INTO actions(id, crn, kind, priority, due, rule, reasons, status, outcome,"
               " dismiss_reason, visit_id, closed_by, created_at, updated_at, hlc)"
               " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
  st.bind(1, r.id).bind(2, r.crn).bind(3, to_string(a.kind)).bind(4, to_string(a.priority));
  st.bind(5, a.due.to_string()).bind(6, a.rule).bind(7, json(a.reasons).dump());
  st.bind(8, to_string(a.status)).bind(9, a.outcome).bind(10, a.dismiss_reason).bind(11, a.visit_id);
  st.bind(12, a.status == ActionStatus::open ? std::nullopt : std::optional(r.officer));
  st.bind(13, r.at).bind(14, r.at).bind(15, r.hlc);
  st.run();
}

void apply_conflict(Database& db, const RemoteRecord& r) {
  const ConflictRecord c = conflict_from_json(r.payload, "conflict");
  db.prepare("INSERT OR IGNORE INTO conflicts(id, entity, entity_id, crn, winner_hlc, loser_hlc, loser, loser_officer,"
             " loser_device, detected_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(1, r.id)
      .bind(2, c.entity)
      .bind(3, c.entity_id)
      .bind(4, r.crn)
      .bind(5, c.winner_hlc)
      .bind(6, c.loser_hlc)
      .bind(7, c.loser.dump())
      .bind(8, c.loser_officer)
      .bind(9, c.loser_device)
      .bind(10, c.detected_at)
      .run();
}

}  // namespace

nlohmann::json to_json(const ConflictRecord& c) {
  return {{"id", c.id},
          {"entity", c.entity},
          {"entity_id", c.entity_id},
          {"crn", c.crn},
          {"winner_hlc", c.winner_hlc},
          {"loser_hlc", c.loser_hlc},
          {"loser", c.loser},
          {"loser_officer", c.loser_officer},
          {"loser_device", c.loser_device},
          {"detected_at", c.detected_at}};
}

ConflictRecord conflict_from_json(const nlohmann::json& j, const std::string& path) {
  JsonReader r(j, path);
  ConflictRecord c;
  c.id = r.required_string("id");
  c.entity = r.required_string("entity");
  c.entity_id = r.required_string("entity_id");
  c.crn = r.required_string("crn");
  auto u64 = [&](std::string_view key) {
    const auto& v = r.required(key);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      JsonReader::fail_type(r.field(key), v, "a non-negative integer");
    return v.get<std::uint64_t>();
  };
  c.winner_hlc = u64("winner_hlc");
  c.loser_hlc = u64("loser_hlc");
  c.loser = r.required("loser");
  c.loser_officer = r.required_string("loser_officer");
  c.loser_device = r.required_string("loser_device");
  c.detected_at = static_cast<UtcMillis>(u64("detected_at"));
  r.finish();
  return c;
}

namespace {

bool holds_case(Database& db, std::string_view crn) {
  auto st = db.prepare("SELECT 1 FROM cases WHERE crn = ?1");
  st.bind(1, crn);
  return st.step();
}

// A pulled record kept in pull_held: its own JSON shape (our store, trusted).
json held_json(const RemoteRecord& r) {
  return {{"entity", r.entity}, {"id", r.id},         {"crn", r.crn}, {"hlc", r.hlc},
          {"officer", r.officer}, {"device", r.device}, {"at", r.at},   {"payload", r.payload}};
}

RemoteRecord held_record(const json& j) {
  RemoteRecord r;
  r.entity = j.at("entity").get<std::string>();
  r.id = j.at("id").get<std::string>();
  r.crn = j.at("crn").get<std::string>();
  r.hlc = j.at("hlc").get<HlcValue>();
  r.officer = j.at("officer").get<std::string>();
  r.device = j.at("device").get<std::string>();
  r.at = j.at("at").get<UtcMillis>();
  r.payload = j.at("payload");
  return r;
}

enum class Applied { applied, skipped, waiting };

bool holds(Database& db, const char* table, std::string_view id) {
  auto st = db.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
  st.bind(1, id);
  return st.step();
}

// The record this one refers to that the device does not hold yet, if any
// ("visit ID" / "note ID"); pages may bring it later.
std::optional<std::string> missing_reference(Database& db, const RemoteRecord& r) {
  if (r.entity != "note" && r.entity != "action") return std::nullopt;
  const auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = r.payload.find(key);
    if (it == r.payload.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (auto v = text("visit_id"); v && !holds(db, "visits", *v)) return "visit " + v->substr(0, 40);
  if (r.entity == "note") {
    if (auto n = text("refers_to"); n && !holds(db, "notes", *n)) return "note " + n->substr(0, 40);
  }
  return std::nullopt;
}

// Whether the device holds case `crn`, remembering each case found in
// `held`: applying a page never deletes a case, so a case once found stays.
bool holds_case_cached(Database& db, std::string_view crn, std::set<std::string, std::less<>>& held) {
  if (held.contains(crn)) return true;
  if (!holds_case(db, crn)) return false;
  held.emplace(crn);
  return true;
}

// One pulled record. Throws Error for a record this device cannot apply.
Applied apply_remote_record(Database& db, const StoreIdentity& identity, const RemoteRecord& r,
                            const std::function<void(Store::Write&, const Case&, bool)>& write_case,
                            std::set<std::string, std::less<>>& cases_held) {
  if (r.entity == "case") {
    if (has_unsent_for_case(db, r.id, false)) return Applied::skipped;
    const Case c = case_from_json(r.payload, "case");
    if (c.crn != r.id) throw Error(ErrorCode::bad_input, "pulled case " + r.id + " carries CRN " + c.crn);
    const bool existed = holds_case(db, c.crn);
    Store::Write w(db, identity, r.at, r.hlc);
    write_case(w, c, existed);
    db.prepare("DELETE FROM checks WHERE crn = ?1").bind(1, c.crn).run();
    insert_case_checks(
        db, c, [&](std::size_t i) { return c.crn + "-check-" + std::to_string(i); }, r.officer, r.at, r.hlc);
    return Applied::applied;
  }
  // Everything else hangs off a case (and maybe a visit or note) the device
  // must already hold.
  if (!holds_case_cached(db, r.crn, cases_held)) return Applied::waiting;
  if (missing_reference(db, r)) return Applied::waiting;
  if (r.entity == "note") {
    apply_note(db, r);
  } else if (r.entity == "visit") {
    apply_visit(db, r);
  } else if (r.entity == "action") {
    if (has_unsent(db, "action", r.id)) return Applied::skipped;
    apply_action(db, r);
  } else if (r.entity == "conflict") {
    apply_conflict(db, r);
  } else {
    return Applied::skipped;  // a newer office's record kind: ignore, never fail the page
  }
  return Applied::applied;
}

}  // namespace

int Store::apply_remote_page(std::span<const RemoteRecord> records, std::string_view cursor) {
  Transaction txn(m_db);
  int applied = 0;
  const auto write_case = [this](Write& w, const Case& c, bool existed) { write_case_rows(w, c, existed); };
  auto hold = m_db.prepare(
      "INSERT INTO pull_held(entity, id, crn, record, reason, waiting, held_at) VALUES (?1,?2,?3,?4,?5,?6,?7)"
      " ON CONFLICT(entity, id) DO UPDATE SET crn = ?3, record = ?4, reason = ?5, waiting = ?6, held_at = ?7");
  auto unhold = m_db.prepare("DELETE FROM pull_held WHERE entity = ?1 AND id = ?2");
  // Whether pull_held may hold anything: usually not, and then an applied
  // record has nothing to take out of it.
  bool any_held = false;
  {
    auto st = m_db.prepare("SELECT 1 FROM pull_held LIMIT 1");
    any_held = st.step();
  }
  // Savepoint statements prepared once (the connection caches them), not
  // parsed again for every record.
  const auto run = [this](const char* sql) { m_db.prepare(sql).run(); };
  std::set<std::string, std::less<>> cases_held;  // found in this store during this page
  // Applies `r` in its own savepoint; anything it cannot apply is held with
  // the reason instead of failing the page. Returns true once applied. A
  // note writes one row in one INSERT after every check, and SQLite undoes a
  // failed statement by itself, so a note needs no savepoint of its own.
  const auto try_apply = [&](const RemoteRecord& r) {
    const bool savepoint = r.entity != "note";
    if (savepoint) run("SAVEPOINT pulled_record");
    std::optional<std::string> reason;
    bool waiting = false;
    try {
      const Applied a = apply_remote_record(m_db, m_identity, r, write_case, cases_held);
      waiting = a == Applied::waiting;
      if (waiting) {
        const auto ref = holds_case_cached(m_db, r.crn, cases_held) ? missing_reference(m_db, r) : std::nullopt;
        reason = "waiting for " + (ref ? *ref : "case " + r.crn.substr(0, 16)) + " to arrive from the office";
      }
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_input && e.code() != ErrorCode::conflict && e.code() != ErrorCode::not_found)
        throw;
      reason = std::string(e.what()).substr(0, 1000);
    } catch (const nlohmann::json::exception& e) {
      reason = std::string("malformed record: ") + e.what();
    }
    if (reason) {
      if (savepoint) {
        run("ROLLBACK TO pulled_record");
        run("RELEASE pulled_record");
      }
      any_held = true;
      hold.bind(1, r.entity).bind(2, r.id).bind(3, r.crn).bind(4, held_json(r).dump());
      hold.bind(5, *reason).bind(6, waiting).bind(7, m_clock->now_utc_ms());
      hold.run();
      hold.reset();
      return false;
    }
    if (savepoint) run("RELEASE pulled_record");
    if (any_held) {
      unhold.bind(1, r.entity).bind(2, r.id).run();
      unhold.reset();
    }
    return true;
  };
  for (const auto& r : records) {
    m_hlc.observe(r.hlc);
    applied += try_apply(r);
  }
  // Records that waited: what they wait for may have come in this page, and
  // applying one may unblock another (an amendment after its note), so go
  // round until a pass applies nothing.
  for (bool progress = true; progress;) {
    progress = false;
    std::vector<RemoteRecord> ready;
    {
      auto st = m_db.prepare(
          "SELECT record FROM pull_held WHERE waiting = 1 AND crn IN (SELECT crn FROM cases) ORDER BY held_at, rowid");
      while (st.step()) ready.push_back(held_record(json::parse(st.text(0))));
    }
    for (const auto& r : ready) {
      if (try_apply(r)) {
        ++applied;
        progress = true;
      }
    }
  }
  m_db.prepare("INSERT INTO meta(key, value) VALUES ('hlc', ?1) ON CONFLICT(key) DO UPDATE SET value = ?1")
      .bind(1, std::to_string(m_hlc.last()))
      .run();
  m_db.prepare("INSERT INTO meta(key, value) VALUES ('sync.pull_cursor', ?1) ON CONFLICT(key) DO UPDATE SET value = ?1")
      .bind(1, cursor)
      .run();
  txn.commit();
  return applied;
}

std::vector<HeldRecord> Store::list_pull_held() {
  std::vector<HeldRecord> out;
  auto st = m_db.prepare("SELECT entity, id, crn, reason, waiting, held_at FROM pull_held ORDER BY held_at, rowid");
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4) != 0, st.int64(5)});
  return out;
}

std::vector<std::string> Store::purge_cases_outside(std::span<const std::string> caseload) {
  const std::set<std::string, std::less<>> keep(caseload.begin(), caseload.end());
  std::vector<std::string> candidates;
  {
    auto st = m_db.prepare("SELECT crn FROM cases ORDER BY crn");
    while (st.step()) {
      auto crn = st.text(0);
      if (!keep.contains(crn)) candidates.push_back(std::move(crn));
    }
  }
  std::vector<std::string> purged;
  for (const auto& crn : candidates) {
    Transaction txn(m_db);
    if (has_unsent_for_case(m_db, crn, true)) continue;  // rolls back (nothing written)
    m_db.prepare("INSERT INTO purge_permit(crn) VALUES (?1)").bind(1, crn).run();
    m_db.prepare("DELETE FROM conflicts WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM pull_held WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM actions WHERE crn = ?1").bind(1, crn).run();
    // Amendments and retractions first: they refer to the originals.
    m_db.prepare("DELETE FROM visit_amendments WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM notes WHERE crn = ?1 AND refers_to IS NOT NULL").bind(1, crn).run();
    m_db.prepare("DELETE FROM notes WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM visits WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM checks WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM case_people WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM cases WHERE crn = ?1").bind(1, crn).run();
    m_db.prepare("DELETE FROM purge_permit WHERE crn = ?1").bind(1, crn).run();
    txn.commit();
    purged.push_back(crn);
  }
  return purged;
}

void Store::record_push_result(std::int64_t acked_seq, std::span<const std::pair<std::int64_t, std::string>> rejected) {
  Transaction txn(m_db);
  auto q = m_db.prepare("UPDATE outbox SET state = 'quarantined', quarantine_reason = ?2 WHERE seq = ?1");
  for (const auto& [seq, reason] : rejected) {
    if (seq > acked_seq) throw Error(ErrorCode::internal, "a rejected change beyond the acknowledged sequence");
    q.bind(1, seq).bind(2, reason).run();
    q.reset();
  }
  m_db.prepare("DELETE FROM outbox WHERE seq <= ?1 AND state = 'pending'").bind(1, acked_seq).run();
  m_db.prepare("INSERT INTO meta(key, value) VALUES ('sync.acked_seq', ?1) ON CONFLICT(key) DO UPDATE SET value = ?1")
      .bind(1, std::to_string(acked_seq))
      .run();
  txn.commit();
}

std::vector<ConflictRecord> Store::list_conflicts() {
  std::vector<ConflictRecord> out;
  auto st = m_db.prepare(
      "SELECT id, entity, entity_id, crn, winner_hlc, loser_hlc, loser, loser_officer, loser_device, detected_at"
      " FROM conflicts ORDER BY detected_at, id");
  while (st.step()) {
    ConflictRecord c;
    c.id = st.text(0);
    c.entity = st.text(1);
    c.entity_id = st.text(2);
    c.crn = st.text(3);
    c.winner_hlc = static_cast<HlcValue>(st.int64(4));
    c.loser_hlc = static_cast<HlcValue>(st.int64(5));
    c.loser = nlohmann::json::parse(st.text(6));
    c.loser_officer = st.text(7);
    c.loser_device = st.text(8);
    c.detected_at = st.int64(9);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace doorstep
