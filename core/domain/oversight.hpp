#pragma once
// Manager oversight is decided by managers: an officer may raise a
// manager_oversight action (the rules do), never complete, dismiss or
// reopen one. The office enforces the full rule (a manager of the case
// officer's team, not the case officer: office/case_authority.hpp); a
// device applies the part it can know, so an officer is told at once
// instead of having the change quarantined at the next sync.
#include "domain/model.hpp"

namespace doorstep {

// Whether the device's officer may complete or dismiss `action` here.
bool may_decide(const Action& action, bool officer_is_manager);
// Throws Error(forbidden), with what to do instead, unless may_decide().
void require_may_decide(const Action& action, bool officer_is_manager);

// Rule id of the follow-ups managers raise by hand (not a rule-set rule).
inline constexpr std::string_view kOversightRule = "oversight";

// A manager sending the work back instead of countersigning: the follow-up
// the case officer gets (kind oversight_returned, rule "oversight", high
// priority, due in 2 working days, on the same visit) with the manager's
// reason. The oversight action itself stays open until a manager
// countersigns. id, created_at and hlc are the writer's. Error(bad_input)
// for an empty reason; Error(conflict) unless `oversight` is an open
// manager_oversight action.
Action sent_back_follow_up(const Action& oversight, std::string_view reason, std::string_view manager, Date today);

}  // namespace doorstep
