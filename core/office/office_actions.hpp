#pragma once
// The office's half of "one (case, rule, kind) is one action everywhere"
// (rules/standing_actions.hpp): the office never holds two open actions for
// the same case, rule and kind. Standing actions raised from the same facts
// already share an id; when a device and the office raised one from
// different facts, the newcomer is kept, dismissed as merged into the open
// one, and its reasons are folded into that one. Pure functions over the
// stored action records; the stores call them inside their write
// transaction.
#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>

#include "domain/model.hpp"
#include "store/store_remote.hpp"

namespace doorstep::office {

// The action a stored (validated, canonical) action record holds;
// created_at is the record's device time. Error(bad_input) if malformed.
Action action_from_record(const RemoteRecord& r);

// `stored` (the record's payload, or {} for a new action) with the mutable
// fields of `a`: priority, due, reasons, status, outcome, dismiss_reason.
// A new payload also takes id, crn, kind, rule, visit_id and created_at.
nlohmann::json action_payload(const nlohmann::json& stored, const Action& a);

// The open action of `incoming`'s case, rule and kind among `stored`, other
// than `incoming` itself; nullopt if none.
std::optional<Action> open_duplicate(std::span<const Action> stored, const Action& incoming);

// Appends `other`'s reasons that `open` lacks; priority and due keep the
// more urgent. The folded action is written back as the one open action.
void fold_into(Action& open, const Action& other);

// `duplicate`, dismissed because it merged into the open action `into_id`.
Action merged_away(Action duplicate, const std::string& into_id);

}  // namespace doorstep::office
