// Store: visits. Recording a visit stores it, its notes, the actions the
// rules raised and any new case alerts in one transaction.
#include "domain/json_codec.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {

RecordedVisit Store::record_visit(std::string_view crn, Visit visit, bool purposeful, std::span<const RaisedAction> raised,
                                  std::span<const std::string> new_alerts,
                                  std::span<const Person> joining_household) {
  Case kase = get_case(crn);
  return write("record visit", [&](Write& w) {
    RecordedVisit out;
    visit.id = make_uuid_v7(w.now());
    visit.crn = crn;
    insert_visit_row(w.db(), visit, w.identity().officer_id, w.identity().device_id, w.now(), w.hlc(), false);
    auto payload = to_json(visit);
    payload.erase("notes");  // notes travel as their own records
    w.record("visit", visit.id, "create", payload);

    for (const auto& draft : visit.notes) {
      Note n;
      n.crn = crn;
      n.visit_id = visit.id;
      n.category = draft.category;
      n.severity = draft.severity;
      n.text = draft.text;
      out.notes.push_back(store_insert_note(w, std::move(n)));
    }

    bool case_changed = false;
    if (purposeful &&
        (!kase.last_purposeful_home_visit || *kase.last_purposeful_home_visit < visit.date)) {
      kase.last_purposeful_home_visit = visit.date;
      case_changed = true;
    }
    for (const auto& alert : new_alerts) {
      if (std::find(kase.alerts.begin(), kase.alerts.end(), alert) == kase.alerts.end()) {
        kase.alerts.push_back(alert);
        case_changed = true;
      }
    }
    if (!joining_household.empty()) {
      insert_people(w.db(), crn, "household", joining_household, static_cast<int>(kase.household.size()));
      kase.household.insert(kase.household.end(), joining_household.begin(), joining_household.end());
      case_changed = true;
    }
    if (case_changed) {
      w.db()
          .prepare("UPDATE cases SET last_purposeful_home_visit = ?2, alerts = ?3, updated_at = ?4, hlc = ?5"
                   " WHERE crn = ?1")
          .bind(1, crn)
          .bind(2, kase.last_purposeful_home_visit ? std::optional(kase.last_purposeful_home_visit->to_string())
                                                   : std::nullopt)
          .bind(3, nlohmann::json(kase.alerts).dump())
          .bind(4, w.now())
          .bind(5, w.hlc())
          .run();
      w.record("case", kase.crn, "upsert", to_json(kase));
    }
    const std::optional<std::string> visit_id = visit.id;
    for (const auto& r : raised) out.actions.push_back(insert_or_merge_action(w, crn, r, visit_id));
    out.visit = std::move(visit);
    return out;
  });
}

std::vector<Visit> Store::list_visits(std::string_view crn) { return list_visits_from(crn, std::nullopt); }

std::vector<Visit> Store::list_visits_from(std::string_view crn, std::optional<Date> from) {
  std::vector<Visit> out;
  auto st = m_db.prepare(
      "SELECT id, crn, date, kind, outcome, answers, people_present, template_id, template_version"
      " FROM visits WHERE crn = ?1 AND date >= ?2 ORDER BY date, created_at, id");
  st.bind(1, crn).bind(2, from ? from->to_string() : std::string());
  while (st.step()) {
    nlohmann::json j = {{"date", st.text(2)},
                        {"outcome", st.text(4)},
                        {"answers", nlohmann::json::parse(st.text(5))},
                        {"people_present", nlohmann::json::parse(st.text(6))}};
    if (auto k = st.optional_text(3)) j["kind"] = *k;
    if (!st.text(7).empty()) {
      j["template_id"] = st.text(7);
      j["template_version"] = st.int64(8);
    }
    Visit v = visit_from_json(j, "stored visit");
    v.id = st.text(0);
    v.crn = st.text(1);
    out.push_back(std::move(v));
  }
  return out;
}

std::map<std::string, std::string> Store::visit_officers(std::string_view crn) {
  std::map<std::string, std::string> out;
  auto st = m_db.prepare("SELECT id, officer FROM visits WHERE crn = ?1");
  st.bind(1, crn);
  while (st.step()) out.emplace(st.text(0), st.text(1));
  return out;
}

}  // namespace doorstep
