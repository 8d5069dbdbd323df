// Store: cases, their people and inter-agency checks.
#include <map>

#include "domain/json_codec.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {
namespace {

template <class E>
std::string enum_array_text(const std::vector<E>& values) {
  auto j = nlohmann::json::array();
  for (auto v : values) j.push_back(to_string(v));
  return j.dump();
}

template <class E>
std::vector<E> enum_array_from_text(const std::string& text, std::string_view field) {
  std::vector<E> out;
  for (const auto& v : nlohmann::json::parse(text)) out.push_back(parse_enum<E>(v.get<std::string>(), field));
  return out;
}

}  // namespace

void insert_people(Database& db, std::string_view crn, std::string_view role, std::span<const Person> people,
                   int first_position) {
  auto st = db.prepare(
      "INSERT INTO case_people(crn, role, position, name, relationship, age, lives_at_address,"
      " protected_by_restriction, known_to_vlo, date_of_birth, residence, address_elsewhere)"
      " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
  int position = first_position;
  for (const auto& p : people) {
    st.bind(1, crn).bind(2, role).bind(3, position++).bind(4, p.name).bind(5, to_string(p.relationship));
    st.bind(6, p.age).bind(7, p.lives_at_address).bind(8, p.protected_by_restriction).bind(9, p.known_to_vlo);
    st.bind(10, p.date_of_birth ? std::optional(p.date_of_birth->to_string()) : std::nullopt);
    st.bind(11, p.residence ? std::optional<std::string>(std::string(to_string(*p.residence))) : std::nullopt);
    st.bind(12, p.address_elsewhere);
    st.run();
    st.reset();
  }
}

namespace {

// The check as it travels to the office (insert-only `check` record).
nlohmann::json check_payload(const CheckRow& row) {
  nlohmann::json j = {{"id", row.id}, {"crn", row.crn}, {"kind", to_string(row.kind)}, {"date", row.date.to_string()}};
  if (row.outcome) j["outcome"] = *row.outcome;
  if (row.result) j["result"] = to_string(*row.result);
  if (row.reply_to) j["reply_to"] = *row.reply_to;
  return j;
}

}  // namespace

void insert_check_row(Database& db, const CheckRow& row, std::string_view officer, UtcMillis at, HlcValue hlc) {
  db.prepare(
        "INSERT INTO checks(id, crn, kind, date, outcome, result, reply_to, recorded_by, created_at, hlc)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(1, row.id)
      .bind(2, row.crn)
      .bind(3, to_string(row.kind))
      .bind(4, row.date.to_string())
      .bind(5, row.outcome)
      .bind(6, row.result ? std::optional<std::string>(std::string(to_string(*row.result))) : std::nullopt)
      .bind(7, row.reply_to)
      .bind(8, officer)
      .bind(9, at)
      .bind(10, hlc)
      .run();
}

void insert_case_checks(Database& db, const Case& c, const std::function<std::string(std::size_t)>& id_for,
                        std::string_view officer, UtcMillis at, HlcValue hlc) {
  for (std::size_t i = 0; i < c.checks.size(); ++i) {
    const Check& k = c.checks[i];
    const std::string id = k.id.empty() ? id_for(i) : k.id;
    if (k.replied_on) {
      insert_check_row(db, CheckRow{id, c.crn, k.kind, k.date, std::nullopt, std::nullopt, std::nullopt}, officer, at,
                       hlc);
      insert_check_row(db, CheckRow{id + "-reply", c.crn, k.kind, *k.replied_on, k.outcome, k.result, id}, officer,
                       at, hlc);
    } else {
      insert_check_row(db, CheckRow{id, c.crn, k.kind, k.date, k.outcome, k.result, std::nullopt}, officer, at, hlc);
    }
  }
}

void Store::write_case_rows(Write& w, const Case& c, bool existed) {
  Database& db = w.db();
  if (existed) {
    db.prepare("DELETE FROM case_people WHERE crn = ?1").bind(1, c.crn).run();
  }
  db.prepare(
        "INSERT INTO cases(crn, name, date_of_birth, address, rosh, mappa_level, mappa_eligible, child_protection,"
        " cp_next_meeting, cp_report_sent, domestic_abuse_perpetrator, sentence_type, sentence_start, sentence_end,"
        " requirements, restrictions, alerts, last_purposeful_home_visit, assigned_officer, created_at, updated_at, hlc,"
        " rosh_reviewed)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?20,?21,?22)"
        " ON CONFLICT(crn) DO UPDATE SET name=?2, date_of_birth=?3, address=?4, rosh=?5, mappa_level=?6,"
        " mappa_eligible=?7, child_protection=?8, cp_next_meeting=?9, cp_report_sent=?10,"
        " domestic_abuse_perpetrator=?11, sentence_type=?12, sentence_start=?13, sentence_end=?14,"
        " requirements=?15, restrictions=?16, alerts=?17, last_purposeful_home_visit=?18, updated_at=?20, hlc=?21,"
        " rosh_reviewed=?22")
      .bind(1, c.crn)
      .bind(2, c.name)
      .bind(3, c.date_of_birth ? std::optional(c.date_of_birth->to_string()) : std::nullopt)
      .bind(4, c.address)
      .bind(5, to_string(c.rosh))
      .bind(6, to_string(c.mappa_level))
      .bind(7, c.mappa_eligible)
      .bind(8, to_string(c.child_protection))
      .bind(9, c.cp_next_meeting ? std::optional(c.cp_next_meeting->to_string()) : std::nullopt)
      .bind(10, c.cp_report_sent)
      .bind(11, c.domestic_abuse_perpetrator)
      .bind(12, to_string(c.sentence.type))
      .bind(13, c.sentence.start.to_string())
      .bind(14, c.sentence.end ? std::optional(c.sentence.end->to_string()) : std::nullopt)
      .bind(15, enum_array_text(c.sentence.requirements))
      .bind(16, enum_array_text(c.restrictions))
      .bind(17, nlohmann::json(c.alerts).dump())
      .bind(18, c.last_purposeful_home_visit ? std::optional(c.last_purposeful_home_visit->to_string())
                                             : std::nullopt)
      .bind(19, w.identity().officer_id)
      .bind(20, w.now())
      .bind(21, w.hlc())
      .bind(22, c.rosh_reviewed ? std::optional(c.rosh_reviewed->to_string()) : std::nullopt)
      .run();
  insert_people(db, c.crn, "household", c.household, 0);
  insert_people(db, c.crn, "victim", c.victims, 0);
}

void Store::upsert_case(const Case& c) {
  if (!is_valid_crn(c.crn)) throw Error(ErrorCode::bad_input, "case.crn: '" + c.crn + "' is not a CRN");
  write("upsert case", [&](Write& w) {
    bool existed = false;
    {
      auto st = w.db().prepare("SELECT 1 FROM cases WHERE crn = ?1");
      st.bind(1, c.crn);
      existed = st.step();
    }
    write_case_rows(w, c, existed);
    // Checks given with an imported case are facts of the case: replace them.
    if (existed) w.db().prepare("DELETE FROM checks WHERE crn = ?1").bind(1, c.crn).run();
    insert_case_checks(
        w.db(), c, [&](std::size_t) { return make_uuid_v7(w.now()); }, w.identity().officer_id, w.now(), w.hlc());
    w.record("case", c.crn, "upsert", to_json(c));
  });
}

std::optional<Case> Store::find_case(std::string_view crn) {
  auto st = m_db.prepare(
      "SELECT crn, name, date_of_birth, address, rosh, mappa_level, mappa_eligible, child_protection,"
      " cp_next_meeting, cp_report_sent, domestic_abuse_perpetrator, sentence_type, sentence_start, sentence_end,"
      " requirements, restrictions, alerts, last_purposeful_home_visit, rosh_reviewed FROM cases WHERE crn = ?1");
  st.bind(1, crn);
  if (!st.step()) return std::nullopt;
  Case c;
  c.crn = st.text(0);
  c.name = st.text(1);
  c.date_of_birth = optional_date_column(st, 2);
  c.address = st.text(3);
  c.rosh = enum_column<Rosh>(st, 4, "cases.rosh");
  c.mappa_level = enum_column<MappaLevel>(st, 5, "cases.mappa_level");
  c.mappa_eligible = st.int64(6) != 0;
  c.child_protection = enum_column<ChildProtection>(st, 7, "cases.child_protection");
  c.cp_next_meeting = optional_date_column(st, 8);
  c.cp_report_sent = st.int64(9) != 0;
  c.domestic_abuse_perpetrator = st.int64(10) != 0;
  c.sentence.type = enum_column<SentenceType>(st, 11, "cases.sentence_type");
  c.sentence.start = Date::parse(st.text(12), "cases.sentence_start");
  c.sentence.end = optional_date_column(st, 13);
  c.sentence.requirements = enum_array_from_text<Requirement>(st.text(14), "cases.requirements");
  c.restrictions = enum_array_from_text<Restriction>(st.text(15), "cases.restrictions");
  c.alerts = nlohmann::json::parse(st.text(16)).get<std::vector<std::string>>();
  c.last_purposeful_home_visit = optional_date_column(st, 17);
  c.rosh_reviewed = optional_date_column(st, 18);

  auto people = m_db.prepare(
      "SELECT role, name, relationship, age, lives_at_address, protected_by_restriction, known_to_vlo,"
      " date_of_birth, residence, address_elsewhere FROM case_people WHERE crn = ?1 ORDER BY role, position");
  people.bind(1, crn);
  while (people.step()) {
    Person p;
    p.name = people.text(1);
    p.relationship = enum_column<Relationship>(people, 2, "case_people.relationship");
    if (auto age = people.optional_int64(3)) p.age = static_cast<int>(*age);
    if (auto l = people.optional_int64(4)) p.lives_at_address = *l != 0;
    p.protected_by_restriction = people.int64(5) != 0;
    p.known_to_vlo = people.int64(6) != 0;
    p.date_of_birth = optional_date_column(people, 7);
    if (auto r = people.optional_text(8)) p.residence = parse_enum<Residence>(*r, "case_people.residence");
    p.address_elsewhere = people.optional_text(9);
    (people.text(0) == "household" ? c.household : c.victims).push_back(std::move(p));
  }
  c.checks = effective_checks(crn);
  return c;
}

Case Store::get_case(std::string_view crn) {
  if (auto c = find_case(crn)) return std::move(*c);
  throw Error(ErrorCode::not_found, "no case " + std::string(crn) + " in this store");
}

std::vector<CaseSummary> Store::list_cases() {
  std::vector<CaseSummary> out;
  auto st = m_db.prepare(
      "SELECT c.crn, c.name, c.rosh, c.child_protection, c.mappa_level, c.domestic_abuse_perpetrator,"
      " c.alerts != '[]', c.last_purposeful_home_visit,"
      " count(a.id), coalesce(sum(a.priority = 'urgent'), 0), min(a.due)"
      " FROM cases c LEFT JOIN actions a ON a.crn = c.crn AND a.status = 'open'"
      " GROUP BY c.crn ORDER BY c.name, c.crn");
  while (st.step()) {
    CaseSummary s;
    s.crn = st.text(0);
    s.name = st.text(1);
    s.rosh = enum_column<Rosh>(st, 2, "cases.rosh");
    s.child_protection = enum_column<ChildProtection>(st, 3, "cases.child_protection");
    s.mappa_level = enum_column<MappaLevel>(st, 4, "cases.mappa_level");
    s.domestic_abuse_perpetrator = st.int64(5) != 0;
    s.has_alerts = st.int64(6) != 0;
    s.last_purposeful_home_visit = optional_date_column(st, 7);
    s.open_actions = static_cast<int>(st.int64(8));
    s.urgent_actions = static_cast<int>(st.int64(9));
    s.earliest_due = optional_date_column(st, 10);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Check> Store::effective_checks(std::string_view crn) {
  // Requests in (date, id) order; each reply answers its request, the latest
  // reply (by date, then hlc, then id) winning. Replies sort after requests.
  auto st = m_db.prepare(
      "SELECT id, kind, date, outcome, result, reply_to FROM checks WHERE crn = ?1"
      " ORDER BY reply_to IS NOT NULL, date, hlc, id");
  st.bind(1, crn);
  std::vector<Check> out;
  std::map<std::string, std::size_t, std::less<>> at;
  while (st.step()) {
    const auto reply_to = st.optional_text(5);
    std::optional<CheckResult> result;
    if (auto r = st.optional_text(4)) result = parse_enum<CheckResult>(*r, "checks.result");
    if (!reply_to) {
      Check k;
      k.id = st.text(0);
      k.kind = enum_column<CheckKind>(st, 1, "checks.kind");
      k.date = Date::parse(st.text(2), "checks.date");
      k.outcome = st.optional_text(3);
      k.result = result;
      at.emplace(k.id, out.size());
      out.push_back(std::move(k));
      continue;
    }
    auto it = at.find(*reply_to);
    if (it == at.end()) continue;  // schema: reply_to references checks(id); a reply to a reply is never written
    Check& k = out[it->second];
    k.replied_on = Date::parse(st.text(2), "checks.date");
    k.outcome = st.optional_text(3);
    k.result = result;
  }
  return out;
}

Check Store::record_check(std::string_view crn, const Check& check) {
  (void)get_case(crn);
  return write("record check", [&](Write& w) {
    const CheckRow row{make_uuid_v7(w.now()), std::string(crn), check.kind, check.date,
                       check.outcome,         check.result,      std::nullopt};
    insert_check_row(w.db(), row, w.identity().officer_id, w.now(), w.hlc());
    w.record("check", row.id, "create", check_payload(row));
    Check out = check;
    out.id = row.id;
    out.replied_on.reset();
    return out;
  });
}

Check Store::record_check_reply(std::string_view check_id, Date date, CheckResult result,
                                std::optional<std::string> outcome) {
  std::string crn;
  std::optional<std::string> is_reply;
  Date requested;
  {
    auto st = m_db.prepare("SELECT crn, reply_to, date FROM checks WHERE id = ?1");
    st.bind(1, check_id);
    if (!st.step()) throw Error(ErrorCode::not_found, "check id: no check " + std::string(check_id) + " in this store");
    crn = st.text(0);
    is_reply = st.optional_text(1);
    requested = Date::parse(st.text(2), "checks.date");
  }
  if (is_reply)
    throw Error(ErrorCode::bad_input, "check id: " + std::string(check_id) + " is a reply; reply to the request " +
                                          *is_reply);
  if (date < requested)
    throw Error(ErrorCode::bad_input, "date: '" + date.to_string() + "' is before the check was requested (" +
                                          requested.to_string() + ")");
  write("record check reply", [&](Write& w) {
    auto kind_st = w.db().prepare("SELECT kind FROM checks WHERE id = ?1");
    kind_st.bind(1, check_id);
    kind_st.step();
    const CheckRow row{make_uuid_v7(w.now()), crn, enum_column<CheckKind>(kind_st, 0, "checks.kind"), date,
                       std::move(outcome), result, std::string(check_id)};
    insert_check_row(w.db(), row, w.identity().officer_id, w.now(), w.hlc());
    w.record("check", row.id, "create", check_payload(row));
  });
  for (auto& k : effective_checks(crn)) {
    if (k.id == check_id) return k;
  }
  throw Error(ErrorCode::damaged, "check " + std::string(check_id) + " vanished after its reply");
}

}  // namespace doorstep
