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

}  // namespace doorstep
