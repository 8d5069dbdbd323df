#include "office/office_actions.hpp"

#include <algorithm>

#include "domain/json_codec.hpp"
#include "domain/json_reader.hpp"

namespace doorstep::office {

Action action_from_record(const RemoteRecord& r) {
  JsonReader rd(r.payload, "stored action");
  Action a;
  a.id = r.id;
  a.crn = r.crn;
  a.kind = rd.required_enum<ActionKind>("kind");
  a.priority = rd.required_enum<Priority>("priority");
  a.due = rd.required_date("due");
  a.rule = rd.required_string("rule");
  for (auto& [v, path] : rd.optional_array("reasons")) {
    if (!v->is_string()) JsonReader::fail_type(path, *v, "a string");
    a.reasons.push_back(v->get<std::string>());
  }
  a.status = rd.required_enum<ActionStatus>("status");
  a.outcome = rd.optional_string("outcome");
  a.dismiss_reason = rd.optional_string("dismiss_reason");
  a.visit_id = rd.optional_string("visit_id");
  a.created_at = r.at;
  a.hlc = r.hlc;
  return a;
}

nlohmann::json action_payload(const nlohmann::json& stored, const Action& a) {
  nlohmann::json out = stored.is_object() && !stored.empty() ? stored : to_json(a);
  out["priority"] = to_string(a.priority);
  out["due"] = a.due.to_string();
  out["reasons"] = a.reasons;
  out["status"] = to_string(a.status);
  out.erase("outcome");
  out.erase("dismiss_reason");
  if (a.outcome) out["outcome"] = *a.outcome;
  if (a.dismiss_reason) out["dismiss_reason"] = *a.dismiss_reason;
  return out;
}

std::optional<Action> open_duplicate(std::span<const Action> stored, const Action& incoming) {
  for (const auto& a : stored) {
    if (a.id != incoming.id && a.status == ActionStatus::open && a.crn == incoming.crn && a.rule == incoming.rule &&
        a.kind == incoming.kind)
      return a;
  }
  return std::nullopt;
}

void fold_into(Action& open, const Action& other) {
  for (const auto& r : other.reasons)
    if (std::find(open.reasons.begin(), open.reasons.end(), r) == open.reasons.end()) open.reasons.push_back(r);
  if (other.priority < open.priority) open.priority = other.priority;
  if (other.due < open.due) open.due = other.due;
}

Action merged_away(Action duplicate, const std::string& into_id) {
  duplicate.status = ActionStatus::dismissed;
  duplicate.outcome.reset();
  duplicate.dismiss_reason = "Merged into action " + into_id + ": the office already held this follow-up open";
  return duplicate;
}

}  // namespace doorstep::office
