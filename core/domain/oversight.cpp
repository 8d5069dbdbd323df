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

}  // namespace doorstep
