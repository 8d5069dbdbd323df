#include "report/visit_detail.hpp"

#include <set>

#include "domain/json_codec.hpp"
#include "report/case_report.hpp"

namespace doorstep {
namespace {

// The visit's notes, then every amendment or retraction of one of them.
std::vector<const Note*> visit_notes(const VisitDetailInput& in) {
  std::vector<const Note*> out;
  std::set<std::string> ids;
  for (const auto& n : in.notes) {
    if (n.visit_id == in.visit.id) {
      out.push_back(&n);
      ids.insert(n.id);
    }
  }
  for (const auto& n : in.notes) {
    if (n.refers_to && ids.contains(*n.refers_to) && !ids.contains(n.id)) out.push_back(&n);
  }
  return out;
}

std::vector<const Action*> raised_actions(const VisitDetailInput& in) {
  std::vector<const Action*> out;
  for (const auto& a : in.actions)
    if (a.visit_id == in.visit.id) out.push_back(&a);
  return out;
}

std::string person_line(const Person& p) {
  std::string s = p.name + " (" + std::string(to_string(p.relationship));
  if (p.age) s += ", " + std::to_string(*p.age);
  return s + ")";
}

}  // namespace

std::string visit_detail_markdown(const VisitDetailInput& in) {
  const Visit& v = in.visit;
  std::string md = "# Visit " + v.date.to_string() + " — " + in.kase.name + " (" + in.kase.crn + ")\n\n";
  md += "- Kind: " + (v.kind ? std::string(to_string(*v.kind)) : std::string("not recorded")) + "\n";
  md += "- Outcome: " + std::string(to_string(v.outcome)) + "\n";
  md += "- Recorded by: " + (in.recorded_by.empty() ? std::string("not known") : in.recorded_by) + "\n\n";
  md += "## Every answer\n\n";
  const auto answers = report_answers(v, in.questions);
  if (answers.empty()) md += "No questions answered.\n";
  for (const auto& a : answers) md += "- " + a.question + ": **" + a.answer + "**\n";
  md += "\n## People present\n\n";
  const auto people = people_present(v);
  if (people.empty()) md += "None recorded.\n";
  for (const auto& p : people) md += "- " + person_line(p) + "\n";
  md += "\n## Notes\n\n";
  const auto notes = visit_notes(in);
  if (notes.empty()) md += "None.\n";
  for (const Note* n : notes) {
    if (n->kind == NoteKind::amendment && !n->refers_to) {  // an amendment to this visit
      md += "- AMENDED: " + n->reason.value_or("") + " — " + n->author + "\n";
      Visit corrected;
      corrected.answers = n->corrected_answers;
      for (const auto& a : report_answers(corrected, in.questions)) md += "  - Corrected: " + a.question + ": **" + a.answer + "**\n";
      if (!n->text.empty()) md += "  - Correction: " + n->text + "\n";
      continue;
    }
    md += "- [" + std::string(to_string(n->category)) + (n->severity ? ", " + std::string(to_string(*n->severity)) : "") +
          "] " + (n->kind == NoteKind::entry ? "" : std::string(to_string(n->kind)) + " of " + n->refers_to.value_or("?") + ": ") +
          n->text + (n->reason ? " (reason: " + *n->reason + ")" : "") + " — " + n->author + "\n";
  }
  md += "\n## Follow-ups raised\n\n";
  const auto actions = raised_actions(in);
  if (actions.empty()) md += "None.\n";
  for (const Action* a : actions) {
    md += "- Rule " + a->rule + ": " + std::string(to_string(a->kind)) + ", " + std::string(to_string(a->priority)) +
          ", due " + a->due.to_string() + ", " + std::string(to_string(a->status)) + "\n";
    for (const auto& r : a->reasons) md += "  - " + r + "\n";
  }
  return md;
}

nlohmann::json visit_detail_json(const VisitDetailInput& in) {
  nlohmann::json j = to_json(in.visit);
  j["id"] = in.visit.id;
  j["crn"] = in.kase.crn;
  j["recorded_by"] = in.recorded_by;
  auto answers = nlohmann::json::array();
  for (const auto& a : report_answers(in.visit, in.questions))
    answers.push_back({{"fact", a.fact}, {"question", a.question}, {"answer", a.answer}});
  j["every_answer"] = std::move(answers);
  auto people = nlohmann::json::array();
  for (const auto& p : people_present(in.visit)) people.push_back(to_json(p));
  j["people_present"] = std::move(people);
  auto notes = nlohmann::json::array();
  for (const Note* n : visit_notes(in)) notes.push_back(to_json(*n));
  j["notes"] = std::move(notes);
  auto actions = nlohmann::json::array();
  for (const Action* a : raised_actions(in)) actions.push_back(to_json(*a));
  j["follow_ups"] = std::move(actions);
  return j;
}

}  // namespace doorstep
