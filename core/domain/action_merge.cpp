#include "domain/action_merge.hpp"

namespace doorstep {

std::optional<std::size_t> find_open_duplicate(std::span<const Action> existing, std::string_view crn,
                                               const RaisedAction& raised) {
  for (std::size_t i = 0; i < existing.size(); ++i) {
    const Action& a = existing[i];
    if (a.status == ActionStatus::open && a.crn == crn && a.rule == raised.rule && a.kind == raised.kind) return i;
  }
  return std::nullopt;
}

void merge_into(Action& open, const RaisedAction& raised) {
  if (open.reasons.empty() || open.reasons.back() != raised.reason) open.reasons.push_back(raised.reason);
  if (raised.priority < open.priority) open.priority = raised.priority;
  if (raised.due < open.due) open.due = raised.due;
}

}  // namespace doorstep
