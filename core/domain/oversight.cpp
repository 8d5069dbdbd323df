#include "domain/oversight.hpp"

#include "util/error.hpp"

namespace doorstep {

bool may_decide(const Action& action, bool officer_is_manager) {
  return action.kind != ActionKind::manager_oversight || officer_is_manager;
}

void require_may_decide(const Action& action, bool officer_is_manager) {
  if (!may_decide(action, officer_is_manager))
    throw Error(ErrorCode::forbidden,
                "only a manager of the case officer's team can decide manager oversight; ask your manager to "
                "countersign (action " + action.id + ")");
}

Action sent_back_follow_up(const Action& oversight, std::string_view reason, std::string_view manager, Date today) {
  if (oversight.kind != ActionKind::manager_oversight)
    throw Error(ErrorCode::conflict, "action " + oversight.id + " is " + std::string(to_string(oversight.kind)) +
                                         ", not manager_oversight: only oversight is sent back");
  if (oversight.status != ActionStatus::open)
    throw Error(ErrorCode::conflict, "action " + oversight.id + " is already " + std::string(to_string(oversight.status)));
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw Error(ErrorCode::bad_input, "--reason: say what the officer must do before you countersign");
  Action a;
  a.crn = oversight.crn;
  a.kind = ActionKind::oversight_returned;
  a.priority = Priority::high;
  a.due = today.plus_working_days(2);
  a.rule = std::string(kOversightRule);
  a.reasons = {"Sent back by " + std::string(manager) + " on " + today.to_string() + ": " + std::string(reason)};
  a.visit_id = oversight.visit_id;
  return a;
}

}  // namespace doorstep
