#pragma once
// The merge rule for storing raised actions (rules.md): an action raised
// again by the same rule, of the same kind, for a case that still has it
// open is not duplicated; the newer reason is appended to the open one.
#include <optional>
#include <span>

#include "domain/model.hpp"

namespace doorstep {

// The index in `existing` of the open action of the same case, rule and kind
// as `raised`, if any.
std::optional<std::size_t> find_open_duplicate(std::span<const Action> existing, std::string_view crn,
                                               const RaisedAction& raised);
// Appends raised.reason to open.reasons unless it is already the latest one.
// Priority and due keep the more urgent of the two.
void merge_into(Action& open, const RaisedAction& raised);

}  // namespace doorstep
