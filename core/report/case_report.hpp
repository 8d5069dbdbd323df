#pragma once
// A case report for the office or a child protection conference: the case
// facts, every check with its result, visits with EVERY answered question
// (its question text and the answer; "no" and "not known" included) and the
// people present and the amendments to the visit (in `notes`: kind
// amendment, the visit's id, no refers_to), notes (amendments and
// retractions shown against the original) and follow-up actions with their
// rule and reasons. Rendered as
// Markdown, JSON or printable HTML; and a children-first report for a child
// protection conference. Pure formatting: the input is the whole record.
#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

struct CaseReportInput {
  const Case& kase;
  std::span<const Visit> visits;
  std::span<const Note> notes;
  std::span<const Action> actions;
  UtcMillis generated_at = 0;
  std::string generated_by;
  // Question text by fact id, as the checklist asked it; a fact not here is
  // described by its domain label (domain/facts.hpp), else its id.
  std::map<std::string, std::string> questions;
  // Who recorded each visit (visit id -> officer id), when known.
  std::map<std::string, std::string> visit_officers;
  Date today;  // for the conference report's "days since seen"
};

// One answered question of a visit, ready to print.
struct ReportAnswer {
  std::string fact;
  std::string question;
  std::string answer;  // "yes", "no", "not known", a choice, text, a list joined with ", "
};

// Every answer the visit holds, in fact-id order; a person list reads as names.
std::vector<ReportAnswer> report_answers(const Visit& v, const std::map<std::string, std::string>& questions);
// Everyone recorded as present: the visit's people_present and its
// `people_present` answer (malformed entries skipped).
std::vector<Person> people_present(const Visit& v);

std::string case_report_markdown(const CaseReportInput& in);
nlohmann::json case_report_json(const CaseReportInput& in);
// A standalone HTML page with print CSS; all recorded text is escaped.
std::string case_report_html(const CaseReportInput& in);

// Children first, for a child protection conference (Markdown): who lives at
// the address and who visits; each child, when last seen and by whom; checks
// and results; concerns (alerts, concerns answered yes, concern / urgent
// notes); open actions.
std::string cp_conference_markdown(const CaseReportInput& in);
std::string cp_conference_html(const CaseReportInput& in);

}  // namespace doorstep
