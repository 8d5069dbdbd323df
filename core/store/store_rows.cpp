// Store: the row writers shared by local writes and pulled records.
#include "domain/json_codec.hpp"
#include "store/store_write.hpp"

namespace doorstep {
namespace {

// For `if_new`: a row whose id is already stored is left as it is. Only the
// id's uniqueness is forgiven (not OR IGNORE): a row any other constraint
// refuses still fails, so a pulled record is held with the reason, not lost.
const char* if_new_clause(bool if_new) { return if_new ? " ON CONFLICT(id) DO NOTHING" : ""; }

}  // namespace

void insert_note_row(Database& db, const Note& n, bool if_new) {
  if (n.kind == NoteKind::amendment && !n.refers_to) {  // a visit amendment (store_amendments.cpp)
    auto corrected = nlohmann::json::object();
    for (const auto& [fact, value] : n.corrected_answers) corrected[fact] = value;
    db.prepare(std::string("INSERT INTO visit_amendments(id, crn, visit_id, category, text, reason, corrected_answers,"
                           " author, device, created_at, hlc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)") +
               if_new_clause(if_new))
        .bind(1, n.id)
        .bind(2, n.crn)
        .bind(3, n.visit_id)
        .bind(4, to_string(n.category))
        .bind(5, n.text)
        .bind(6, n.reason.value_or(""))
        .bind(7, corrected.dump())
        .bind(8, n.author)
        .bind(9, n.device)
        .bind(10, n.created_at)
        .bind(11, n.hlc)
        .run();
    return;
  }
  db.prepare(std::string("INSERT INTO notes(id, crn, visit_id, kind, refers_to, category, severity, text, reason, author,"
                         " device, created_at, hlc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)") +
             if_new_clause(if_new))
      .bind(1, n.id)
      .bind(2, n.crn)
      .bind(3, n.visit_id)
      .bind(4, to_string(n.kind))
      .bind(5, n.refers_to)
      .bind(6, to_string(n.category))
      .bind(7, n.severity ? std::optional(std::string(to_string(*n.severity))) : std::nullopt)
      .bind(8, n.text)
      .bind(9, n.reason)
      .bind(10, n.author)
      .bind(11, n.device)
      .bind(12, n.created_at)
      .bind(13, n.hlc)
      .run();
}

void insert_visit_row(Database& db, const Visit& v, std::string_view officer, std::string_view device,
                      UtcMillis created_at, HlcValue hlc, bool if_new) {
  auto people = nlohmann::json::array();
  for (const auto& p : v.people_present) people.push_back(to_json(p));
  auto answers = nlohmann::json::object();
  for (const auto& [k, val] : v.answers) answers[k] = val;
  db.prepare(std::string("INSERT INTO visits(id, crn, date, kind, outcome, answers, people_present, template_id,"
                         " template_version, officer, device, created_at, hlc)"
                         " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)") +
             if_new_clause(if_new))
      .bind(1, v.id)
      .bind(2, v.crn)
      .bind(3, v.date.to_string())
      .bind(4, v.kind ? std::optional(std::string(to_string(*v.kind))) : std::nullopt)
      .bind(5, to_string(v.outcome))
      .bind(6, answers.dump())
      .bind(7, people.dump())
      .bind(8, v.template_id)
      .bind(9, v.template_version)
      .bind(10, officer)
      .bind(11, device)
      .bind(12, created_at)
      .bind(13, hlc)
      .run();
}

}  // namespace doorstep
