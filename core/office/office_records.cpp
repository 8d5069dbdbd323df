#include "office/office_records.hpp"

#include "domain/json_codec.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

std::string text(const nlohmann::json& j, const char* key, const char* what) {
  if (!j.contains(key) || !j[key].is_string())
    throw Error(ErrorCode::bad_input, std::string(what) + "." + key + ": missing or not text");
  return j[key].get<std::string>();
}

std::optional<std::string> optional_text(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  return j[key].get<std::string>();
}

}  // namespace

Note note_of(const RemoteRecord& r) {
  const auto& p = r.payload;
  Note n;
  n.id = r.id;
  n.crn = r.crn;
  n.visit_id = optional_text(p, "visit_id");
  n.kind = parse_enum<NoteKind>(text(p, "kind", "stored note"), "stored note.kind");
  n.refers_to = optional_text(p, "refers_to");
  n.category = parse_enum<NoteCategory>(text(p, "category", "stored note"), "stored note.category");
  if (auto s = optional_text(p, "severity")) n.severity = parse_enum<Severity>(*s, "stored note.severity");
  n.text = optional_text(p, "text").value_or("");
  n.reason = optional_text(p, "reason");
  if (auto it = p.find("corrected_answers"); it != p.end() && it->is_object())
    for (auto a = it->begin(); a != it->end(); ++a) n.corrected_answers.emplace(a.key(), a.value());
  n.author = r.officer;
  n.device = r.device;
  n.created_at = r.at;
  n.hlc = r.hlc;
  return n;
}

Visit visit_of(const RemoteRecord& r) {
  nlohmann::json shape = r.payload;  // the stored record carries its id and case beside the visit's own shape
  shape.erase("id");
  shape.erase("crn");
  Visit v = visit_from_json(shape, "stored visit");
  v.id = r.id;
  v.crn = r.crn;
  return v;
}

}  // namespace doorstep::office
