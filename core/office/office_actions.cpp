#include "office/office_actions.hpp"

#include <algorithm>

#include "domain/json_codec.hpp"

namespace doorstep::office {

Action action_from_record(const RemoteRecord& r) {
  Action a = action_from_json(r.payload, "stored action");
  a.id = r.id;
  a.crn = r.crn;
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
