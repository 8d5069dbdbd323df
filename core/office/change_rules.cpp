#include "office/change_rules.hpp"

#include "domain/json_codec.hpp"
#include "domain/json_limits.hpp"
#include "domain/json_reader.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNoteText = 100'000;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::bad_input, what); }

std::string require_uuid(JsonReader& r, std::string_view key) {
  auto v = r.required_string(key);
  if (!is_uuid(v)) bad(r.field(key) + ": '" + v.substr(0, 64) + "' is not a UUID");
  return v;
}

void validate_note(const json& p, const AuditLink& link) {
  JsonReader r(p, "note");
  (void)require_uuid(r, "id");
  (void)r.required_string("crn");
  (void)r.required_enum<NoteKind>("kind");
  (void)r.required_enum<NoteCategory>("category");
  (void)r.optional_enum<Severity>("severity");
  const auto text = r.required_string("text");
  if (text.size() > kMaxNoteText) bad("note.text: longer than " + std::to_string(kMaxNoteText) + " bytes");
  if (auto v = r.optional_string("visit_id"); v && !is_uuid(*v)) bad("note.visit_id: not a UUID");
  if (auto v = r.optional_string("refers_to"); v && !is_uuid(*v)) bad("note.refers_to: not a UUID");
  (void)r.optional_string("reason");
  if (r.required_string("author") != link.actor) bad("note.author: is not the officer who made the change");
  if (r.required_string("device") != link.device) bad("note.device: is not the device that made the change");
  (void)r.required_string("created_at");
  r.finish();
}

void validate_visit(const json& p) {
  json body = p;
  JsonReader r(p, "visit");
  (void)require_uuid(r, "id");
  body.erase("id");
  body.erase("crn");
  body.erase("notes");
  (void)visit_from_json(body, "visit");
}

void validate_check(const json& p) {
  JsonReader r(p, "check");
  (void)require_uuid(r, "id");
  (void)r.required_string("crn");
  (void)r.required_enum<CheckKind>("kind");
  (void)r.required_date("date");
  (void)r.optional_string("outcome");
  r.finish();
}

void validate_action(const json& p) {
  JsonReader r(p, "action");
  (void)require_uuid(r, "id");
  (void)r.required_string("crn");
  (void)r.required_enum<ActionKind>("kind");
  (void)r.required_enum<Priority>("priority");
  (void)r.required_date("due");
  (void)r.required_string("rule");
  for (auto& [v, path] : r.optional_array("reasons")) {
    if (!v->is_string()) JsonReader::fail_type(path, *v, "a string");
  }
  (void)r.required_enum<ActionStatus>("status");
  (void)r.optional_string("outcome");
  (void)r.optional_string("dismiss_reason");
  if (auto v = r.optional_string("visit_id"); v && !is_uuid(*v)) bad("action.visit_id: not a UUID");
  (void)r.required_string("created_at");
  r.finish();
}

}  // namespace

ParsedChange parse_change(const AuditLink& link) {
  json j;
  try {
    j = parse_json_limited(link.change, sync::kChangeJsonLimits, "change");  // throws Error(bad_input) naming the limit
  } catch (const json::exception&) {
    j = json(json::value_t::discarded);  // a number out of range
  }
  if (j.is_discarded()) bad("the change is not valid JSON");
  JsonReader r(j, "change");
  ParsedChange c;
  c.entity = r.required_string("entity");
  c.id = r.required_string("id");
  c.op = r.required_string("op");
  const json& hlc = r.required("hlc");
  if (!hlc.is_number_unsigned() && !(hlc.is_number_integer() && hlc.get<std::int64_t>() >= 0))
    JsonReader::fail_type(r.field("hlc"), hlc, "a non-negative integer");
  c.hlc = hlc.get<HlcValue>();
  c.payload = r.required("payload");
  r.finish();
  if (!c.payload.is_object()) bad("change.payload: must be an object");

  const auto expect_op = [&](std::string_view op) {
    if (c.op != op) bad("change.op: '" + c.op + "' is not allowed for a " + c.entity + " (expected " + std::string(op) + ")");
  };
  if (c.entity == "case") {
    expect_op("upsert");
    const Case k = case_from_json(c.payload, "case");
    if (k.crn != c.id) bad("case.crn: does not match the change id");
    c.crn = k.crn;
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
    validate_note(c.payload, link);
  } else if (c.entity == "visit") {
    expect_op("create");
    validate_visit(c.payload);
  } else if (c.entity == "check") {
    expect_op("create");
    validate_check(c.payload);
  } else if (c.entity == "action") {
    expect_op("upsert");
    validate_action(c.payload);
  } else {
    bad("change.entity: '" + c.entity.substr(0, 32) + "' is not a known kind (case, visit, note, check, action)");
  }
  return c;
}

bool may_access(const Officer& writer, const Officer& assigned) {
  if (writer.id == assigned.id) return true;
  return writer.is_manager && writer.team && assigned.team && *writer.team == *assigned.team;
}

}  // namespace doorstep::office
