#include "office/change_rules.hpp"

#include "domain/facts.hpp"
#include "domain/json_codec.hpp"
#include "domain/json_limits.hpp"
#include "domain/json_reader.hpp"
#include "domain/person_rules.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::bad_input, what); }

std::string require_uuid(JsonReader& r, std::string_view key) {
  auto v = r.required_string(key);
  if (!is_uuid(v)) bad(r.field(key) + ": '" + v.substr(0, 64) + "' is not a UUID");
  return v;
}

std::optional<std::string> optional_uuid(JsonReader& r, std::string_view key) {
  auto v = r.optional_string(key);
  if (v && !is_uuid(*v)) bad(r.field(key) + ": not a UUID");
  return v;
}

std::optional<std::string> optional_text(JsonReader& r, std::string_view key, std::size_t max) {
  auto v = r.optional_string(key);
  if (v && v->size() > max) bad(r.field(key) + ": longer than " + std::to_string(max) + " bytes");
  return v;
}

void put(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}

json canonical_note(ParsedChange& c, const AuditLink& link) {
  JsonReader r(c.payload, "note");
  json out;
  out["id"] = require_uuid(r, "id");
  out["crn"] = r.required_string("crn");
  out["kind"] = to_string(r.required_enum<NoteKind>("kind"));
  out["category"] = to_string(r.required_enum<NoteCategory>("category"));
  if (auto s = r.optional_enum<Severity>("severity")) out["severity"] = to_string(*s);
  const auto text = r.required_string("text");
  if (text.size() > kMaxNoteText) bad("note.text: longer than " + std::to_string(kMaxNoteText) + " bytes");
  out["text"] = text;
  c.visit_id = optional_uuid(r, "visit_id");
  c.refers_to = optional_uuid(r, "refers_to");
  put(out, "visit_id", c.visit_id);
  put(out, "refers_to", c.refers_to);
  put(out, "reason", optional_text(r, "reason", kMaxShortText));
  if (r.required_string("author") != link.actor) bad("note.author: is not the officer who made the change");
  if (r.required_string("device") != link.device) bad("note.device: is not the device that made the change");
  out["author"] = link.actor;
  out["device"] = link.device;
  out["created_at"] = optional_text(r, "created_at", 64).value_or("");
  if (r.has("corrected_answers")) {
    const json& corrected = r.required("corrected_answers");
    if (!corrected.is_object() || corrected.empty()) bad("note.corrected_answers: must be an object of facts");
    for (auto it = corrected.begin(); it != corrected.end(); ++it) {
      const FactDef* fact = find_visit_fact(it.key());
      if (fact == nullptr) bad("note.corrected_answers: unknown fact '" + it.key().substr(0, 64) + "'");
      validate_fact_value(*fact, it.value());
    }
    out["corrected_answers"] = corrected;
  }
  r.finish();
  const std::string kind = out["kind"].get<std::string>();
  if (c.refers_to && to_string(NoteKind::entry) == kind)
    bad("note.refers_to: an entry refers to nothing; only amendments and retractions do");
  if (!c.refers_to && to_string(NoteKind::retraction) == kind) bad("note.refers_to: a retraction names the note it retracts");
  // An amendment to a visit (no refers_to): the visit, why, and what it corrects.
  const bool visit_amendment = !c.refers_to && to_string(NoteKind::amendment) == kind;
  if (visit_amendment) {
    if (!c.visit_id) bad("note.visit_id: an amendment names the note or the visit it corrects");
    const auto reason = out.find("reason");
    if (reason == out.end() || reason->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos)
      bad("note.reason: an amendment to a visit says why");
    if (text.empty() && !out.contains("corrected_answers"))
      bad("note.text: an amendment to a visit corrects its text or its answers");
  } else if (out.contains("corrected_answers")) {
    bad("note.corrected_answers: only an amendment to a visit corrects answers");
  }
  return out;
}

json canonical_visit(const ParsedChange& c) {
  json body = c.payload;
  {
    JsonReader r(c.payload, "visit");
    (void)require_uuid(r, "id");
  }
  if (c.payload.contains("notes")) bad("visit.notes: notes travel as their own records, never inside a visit");
  body.erase("id");
  body.erase("crn");
  Visit v = visit_from_json(body, "visit");
  v.notes.clear();
  for (std::size_t i = 0; i < v.people_present.size(); ++i)
    require_valid_person(v.people_present[i], v.date, "visit.people_present[" + std::to_string(i) + "]");
  json out = to_json(v);
  out.erase("notes");
  out["id"] = c.id;
  out["crn"] = c.crn;
  return out;
}

// A request {"id","crn","kind","date","outcome"?,"result"?}, or a reply that
// also names the request it answers ("reply_to"; its date is the reply's).
json canonical_check(ParsedChange& c) {
  JsonReader r(c.payload, "check");
  json out;
  out["id"] = require_uuid(r, "id");
  out["crn"] = r.required_string("crn");
  out["kind"] = to_string(r.required_enum<CheckKind>("kind"));
  out["date"] = r.required_date("date").to_string();
  put(out, "outcome", optional_text(r, "outcome", kMaxShortText));
  if (auto result = r.optional_enum<CheckResult>("result")) out["result"] = to_string(*result);
  c.reply_to = optional_uuid(r, "reply_to");
  put(out, "reply_to", c.reply_to);
  r.finish();
  if (c.reply_to && !out.contains("result") && !out.contains("outcome"))
    bad("check.result: a reply records a result or an outcome");
  return out;
}

Action read_action(ParsedChange& c) {
  JsonReader r(c.payload, "action");
  Action a;
  a.id = require_uuid(r, "id");
  a.crn = r.required_string("crn");
  a.kind = r.required_enum<ActionKind>("kind");
  a.priority = r.required_enum<Priority>("priority");
  a.due = r.required_date("due");
  a.rule = r.required_string("rule");
  if (a.rule.empty() || a.rule.size() > 64) bad("action.rule: must be 1 to 64 bytes");
  const auto reasons = r.optional_array("reasons");
  if (reasons.size() > kMaxReasons) bad("action.reasons: more than " + std::to_string(kMaxReasons));
  for (auto& [v, path] : reasons) {
    if (!v->is_string()) JsonReader::fail_type(path, *v, "a string");
    if (v->get_ref<const std::string&>().size() > kMaxShortText) bad(path + ": too long");
    a.reasons.push_back(v->get<std::string>());
  }
  a.status = r.required_enum<ActionStatus>("status");
  a.outcome = optional_text(r, "outcome", kMaxShortText);
  a.dismiss_reason = optional_text(r, "dismiss_reason", kMaxShortText);
  a.visit_id = optional_uuid(r, "visit_id");
  c.created_at = optional_text(r, "created_at", 64).value_or("");
  r.finish();
  c.visit_id = a.visit_id;
  return a;
}

}  // namespace

ParsedChange parse_change(const AuditLink& link, UtcMillis office_now) {
  // Throws Error(bad_input) naming the limit, before any deep tree exists.
  json j = parse_json_limited(link.change, sync::kChangeJsonLimits, "change");
  JsonReader r(j, "change");
  ParsedChange c;
  c.entity = r.required_string("entity");
  c.id = r.required_string("id");
  c.op = r.required_string("op");
  const json& hlc = r.required("hlc");
  if (!hlc.is_number_unsigned() && !(hlc.is_number_integer() && hlc.get<std::int64_t>() >= 0))
    JsonReader::fail_type(r.field("hlc"), hlc, "a non-negative integer");
  c.hlc = hlc.get<HlcValue>();
  (void)r.required("payload");
  r.finish();
  c.payload = std::move(j["payload"]);  // the tree is not copied: `j` is done with
  if (!c.payload.is_object()) bad("change.payload: must be an object");
  const auto limit = static_cast<std::uint64_t>(office_now + kMaxClockSkewMs);
  if (hlc_millis(c.hlc) > limit)
    bad("clock_skew: the change's clock (" + format_utc(static_cast<UtcMillis>(hlc_millis(c.hlc) & 0x7FFFFFFFFFFFull)) +
        ") is ahead of the office's (" + format_utc(office_now) + "): set the device's date and time");

  const auto expect_op = [&](std::string_view op) {
    if (c.op != op) bad("change.op: '" + c.op.substr(0, 16) + "' is not allowed for a " + c.entity + " (expected " +
                        std::string(op) + ")");
  };
  if (c.entity == "case") {
    expect_op("upsert");
    c.kase = case_from_json(c.payload, "case");
    if (c.kase->crn != c.id) bad("case.crn: does not match the change id");
    // People met at the door, as the device recorded them (a day's slack for the device's date).
    const Date latest_day = utc_date(office_now).plus_days(1);
    for (std::size_t i = 0; i < c.kase->household.size(); ++i)
      require_valid_person(c.kase->household[i], latest_day, "case.household[" + std::to_string(i) + "]");
    c.crn = c.kase->crn;
    c.payload = to_json(*c.kase);
    return c;
  }
  const auto crn_it = c.payload.find("crn");
  if (crn_it == c.payload.end() || !crn_it->is_string()) bad(c.entity + ".crn: is missing");
  c.crn = crn_it->get<std::string>();
  if (!is_valid_crn(c.crn)) bad(c.entity + ".crn: '" + c.crn.substr(0, 16) + "' is not a CRN");
  const auto id_it = c.payload.find("id");
  if (id_it == c.payload.end() || !id_it->is_string() || id_it->get<std::string>() != c.id)
    bad(c.entity + ".id: does not match the change id");
  if (c.entity == "note") {
    expect_op("create");
    c.payload = canonical_note(c, link);
  } else if (c.entity == "visit") {
    expect_op("create");
    c.payload = canonical_visit(c);
  } else if (c.entity == "check") {
    expect_op("create");
    c.payload = canonical_check(c);
  } else if (c.entity == "action") {
    expect_op("upsert");
    c.action = read_action(c);
    c.payload = to_json(*c.action);
    c.payload["created_at"] = c.created_at;
  } else {
    bad("change.entity: '" + c.entity.substr(0, 32) + "' is not a known kind (case, visit, note, check, action)");
  }
  return c;
}

}  // namespace doorstep::office
