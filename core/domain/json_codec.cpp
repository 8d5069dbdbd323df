#include "domain/json_codec.hpp"

#include "domain/facts.hpp"
#include "domain/json_reader.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

template <class E>
nlohmann::json enum_list_json(const std::vector<E>& values) {
  auto out = nlohmann::json::array();
  for (auto v : values) out.push_back(to_string(v));
  return out;
}

std::vector<Person> read_people(JsonReader& r, std::string_view key) {
  std::vector<Person> out;
  const auto items = r.optional_array(key);
  if (items.size() > kMaxPeopleInList)
    throw Error(ErrorCode::bad_input, r.field(key) + ": more than " + std::to_string(kMaxPeopleInList) + " people");
  for (auto& [v, p] : items) {
    JsonReader pr(*v, p);
    out.push_back(read_person(pr));
  }
  return out;
}

nlohmann::json people_json(const std::vector<Person>& people) {
  auto out = nlohmann::json::array();
  for (const auto& p : people) out.push_back(to_json(p));
  return out;
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCode::bad_input, source + ": not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
}

Case case_from_json(const nlohmann::json& j, const std::string& path) {
  JsonReader r(j, path);
  Case c;
  c.crn = r.required_string("crn");
  if (!is_valid_crn(c.crn))
    throw Error(ErrorCode::bad_input,
                r.field("crn") + ": '" + c.crn + "' is not a CRN (one capital letter and six digits, e.g. X123456)");
  c.name = r.required_string("name");
  if (c.name.empty()) throw Error(ErrorCode::bad_input, r.field("name") + ": must not be empty");
  c.date_of_birth = r.optional_date("date_of_birth");
  c.address = r.optional_string("address").value_or("");
  c.rosh = r.required_enum<Rosh>("rosh");
  c.mappa_level = r.optional_enum<MappaLevel>("mappa_level").value_or(MappaLevel::none);
  c.mappa_eligible = r.optional_bool("mappa_eligible", false);
  c.child_protection = r.optional_enum<ChildProtection>("child_protection").value_or(ChildProtection::none);
  c.cp_next_meeting = r.optional_date("cp_next_meeting");
  c.cp_report_sent = r.optional_bool("cp_report_sent", false);
  c.domestic_abuse_perpetrator = r.optional_bool("domestic_abuse_perpetrator", false);
  {
    JsonReader s(r.required("sentence"), r.field("sentence"));
    c.sentence.type = s.required_enum<SentenceType>("type");
    c.sentence.start = s.required_date("start");
    c.sentence.end = s.optional_date("end");
    if (c.sentence.end && *c.sentence.end < c.sentence.start)
      throw Error(ErrorCode::bad_input, s.field("end") + ": '" + c.sentence.end->to_string() +
                                            "' is before the sentence start " + c.sentence.start.to_string());
    c.sentence.requirements = s.enum_list<Requirement>("requirements");
    s.finish();
  }
  c.household = read_people(r, "household");
  c.victims = read_people(r, "victims");
  c.restrictions = r.enum_list<Restriction>("restrictions");
  for (auto& [v, p] : r.optional_array("alerts")) {
    if (!v->is_string()) JsonReader::fail_type(p, *v, "a string");
    c.alerts.push_back(v->get<std::string>());
  }
  for (auto& [v, p] : r.optional_array("checks")) {
    JsonReader cr(*v, p);
    Check k;
    k.id = cr.optional_string("id").value_or("");
    k.kind = cr.required_enum<CheckKind>("kind");
    k.date = cr.required_date("date");
    k.outcome = cr.optional_string("outcome");
    k.result = cr.optional_enum<CheckResult>("result");
    k.replied_on = cr.optional_date("replied_on");
    if (k.replied_on && *k.replied_on < k.date)
      throw Error(ErrorCode::bad_input, cr.field("replied_on") + ": '" + k.replied_on->to_string() +
                                            "' is before the check's date " + k.date.to_string());
    cr.finish();
    c.checks.push_back(std::move(k));
  }
  c.last_purposeful_home_visit = r.optional_date("last_purposeful_home_visit");
  c.rosh_reviewed = r.optional_date("rosh_reviewed");
  r.finish();
  return c;
}

nlohmann::json to_json(const Person& p) {
  nlohmann::json j = {{"name", p.name}, {"relationship", to_string(p.relationship)}};
  if (p.age) j["age"] = *p.age;
  if (p.lives_at_address) j["lives_at_address"] = *p.lives_at_address;
  if (p.protected_by_restriction) j["protected_by_restriction"] = true;
  if (p.known_to_vlo) j["known_to_vlo"] = true;
  if (p.date_of_birth) j["date_of_birth"] = p.date_of_birth->to_string();
  if (p.residence) j["residence"] = to_string(*p.residence);
  if (p.address_elsewhere) j["address_elsewhere"] = *p.address_elsewhere;
  return j;
}

nlohmann::json to_json(const Check& c) {
  nlohmann::json j = {{"kind", to_string(c.kind)}, {"date", c.date.to_string()}};
  if (!c.id.empty()) j["id"] = c.id;
  if (c.outcome) j["outcome"] = *c.outcome;
  if (c.result) j["result"] = to_string(*c.result);
  if (c.replied_on) j["replied_on"] = c.replied_on->to_string();
  return j;
}

nlohmann::json to_json(const Case& c) {
  nlohmann::json j;
  j["crn"] = c.crn;
  j["name"] = c.name;
  if (c.date_of_birth) j["date_of_birth"] = c.date_of_birth->to_string();
  if (!c.address.empty()) j["address"] = c.address;
  j["rosh"] = to_string(c.rosh);
  j["mappa_level"] = to_string(c.mappa_level);
  if (c.mappa_eligible) j["mappa_eligible"] = true;
  j["child_protection"] = to_string(c.child_protection);
  if (c.cp_next_meeting) j["cp_next_meeting"] = c.cp_next_meeting->to_string();
  if (c.cp_report_sent) j["cp_report_sent"] = true;
  j["domestic_abuse_perpetrator"] = c.domestic_abuse_perpetrator;
  nlohmann::json s = {{"type", to_string(c.sentence.type)}, {"start", c.sentence.start.to_string()}};
  if (c.sentence.end) s["end"] = c.sentence.end->to_string();
  s["requirements"] = enum_list_json(c.sentence.requirements);
  j["sentence"] = std::move(s);
  j["household"] = people_json(c.household);
  j["victims"] = people_json(c.victims);
  j["restrictions"] = enum_list_json(c.restrictions);
  j["alerts"] = c.alerts;
  auto checks = nlohmann::json::array();
  for (const auto& k : c.checks) checks.push_back(to_json(k));
  j["checks"] = std::move(checks);
  if (c.last_purposeful_home_visit) j["last_purposeful_home_visit"] = c.last_purposeful_home_visit->to_string();
  if (c.rosh_reviewed) j["rosh_reviewed"] = c.rosh_reviewed->to_string();
  return j;
}

Visit visit_from_json(const nlohmann::json& j, const std::string& path) {
  JsonReader r(j, path);
  Visit v;
  v.date = r.required_date("date");
  v.kind = r.optional_enum<VisitKind>("kind");
  v.outcome = r.required_enum<VisitOutcome>("outcome");
  if (const auto* answers = r.optional("answers")) {
    if (!answers->is_object()) JsonReader::fail_type(r.field("answers"), *answers, "an object");
    for (auto it = answers->begin(); it != answers->end(); ++it) {
      const FactDef* fact = find_visit_fact(it.key());
      if (!fact) throw Error(ErrorCode::bad_input, r.field("answers") + "." + it.key() + ": unknown fact id");
      validate_fact_value(*fact, it.value());
      v.answers.emplace(it.key(), it.value());
    }
  }
  v.people_present = read_people(r, "people_present");
  for (auto& [n, p] : r.optional_array("notes")) {
    JsonReader nr(*n, p);
    NoteDraft d;
    d.category = nr.required_enum<NoteCategory>("category");
    d.severity = nr.optional_enum<Severity>("severity");
    d.text = nr.required_string("text");
    if (d.text.empty()) throw Error(ErrorCode::bad_input, nr.field("text") + ": must not be empty");
    nr.finish();
    v.notes.push_back(std::move(d));
  }
  if (auto t = r.optional_string("template_id")) v.template_id = *t;
  v.template_version = r.optional_int("template_version", 0, 1'000'000).value_or(0);
  r.finish();
  return v;
}

nlohmann::json to_json(const Visit& v) {
  nlohmann::json j;
  if (!v.id.empty()) j["id"] = v.id;
  if (!v.crn.empty()) j["crn"] = v.crn;
  j["date"] = v.date.to_string();
  if (v.kind) j["kind"] = to_string(*v.kind);
  j["outcome"] = to_string(v.outcome);
  j["answers"] = nlohmann::json::object();
  for (const auto& [k, val] : v.answers) j["answers"][k] = val;
  j["people_present"] = people_json(v.people_present);
  auto notes = nlohmann::json::array();
  for (const auto& n : v.notes) {
    nlohmann::json nj = {{"category", to_string(n.category)}, {"text", n.text}};
    if (n.severity) nj["severity"] = to_string(*n.severity);
    notes.push_back(std::move(nj));
  }
  j["notes"] = std::move(notes);
  if (!v.template_id.empty()) {
    j["template_id"] = v.template_id;
    j["template_version"] = v.template_version;
  }
  return j;
}

nlohmann::json to_json(const Note& n) {
  nlohmann::json j = {{"id", n.id},
                      {"crn", n.crn},
                      {"kind", to_string(n.kind)},
                      {"category", to_string(n.category)},
                      {"text", n.text},
                      {"author", n.author},
                      {"device", n.device},
                      {"created_at", format_utc(n.created_at)}};
  if (n.visit_id) j["visit_id"] = *n.visit_id;
  if (n.refers_to) j["refers_to"] = *n.refers_to;
  if (n.severity) j["severity"] = to_string(*n.severity);
  if (n.reason) j["reason"] = *n.reason;
  if (!n.corrected_answers.empty()) {
    auto corrected = nlohmann::json::object();
    for (const auto& [fact, value] : n.corrected_answers) corrected[fact] = value;
    j["corrected_answers"] = std::move(corrected);
  }
  return j;
}

nlohmann::json to_json(const Action& a) {
  nlohmann::json j = {{"id", a.id},         {"crn", a.crn},         {"kind", to_string(a.kind)},
                      {"priority", to_string(a.priority)},          {"due", a.due.to_string()},
                      {"rule", a.rule},     {"reasons", a.reasons}, {"status", to_string(a.status)},
                      {"created_at", format_utc(a.created_at)}};
  if (a.outcome) j["outcome"] = *a.outcome;
  if (a.dismiss_reason) j["dismiss_reason"] = *a.dismiss_reason;
  if (a.visit_id) j["visit_id"] = *a.visit_id;
  return j;
}

Action action_from_json(const nlohmann::json& j, const std::string& path) {
  JsonReader rd(j, path);
  Action a;
  a.kind = rd.required_enum<ActionKind>("kind");
  a.priority = rd.required_enum<Priority>("priority");
  a.due = rd.required_date("due");
  a.rule = rd.required_string("rule");
  for (auto& [v, p] : rd.optional_array("reasons")) {
    if (!v->is_string()) JsonReader::fail_type(p, *v, "a string");
    a.reasons.push_back(v->get<std::string>());
  }
  a.status = rd.required_enum<ActionStatus>("status");
  a.outcome = rd.optional_string("outcome");
  a.dismiss_reason = rd.optional_string("dismiss_reason");
  a.visit_id = rd.optional_string("visit_id");
  return a;
}

nlohmann::json to_json(const RaisedAction& a) {
  return {{"kind", to_string(a.kind)},
          {"priority", to_string(a.priority)},
          {"due", a.due.to_string()},
          {"rule", a.rule},
          {"reason", a.reason}};
}

}  // namespace doorstep
