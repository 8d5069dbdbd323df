#include "office/case_authority.hpp"

#include "util/error.hpp"

namespace doorstep::office {
namespace {

bool manages_team_of(const Officer& writer, const Officer& assigned) {
  return writer.is_manager && writer.team && assigned.team && *writer.team == *assigned.team &&
         writer.id != assigned.id;
}

[[noreturn]] void forbid(const std::string& why) { throw Error(ErrorCode::forbidden, why); }

}  // namespace

CaseRole case_role(const Officer& writer, const Officer& assigned, std::span<const Assignment> history,
                   UtcMillis change_time) {
  if (writer.id == assigned.id) return CaseRole::owner;
  if (manages_team_of(writer, assigned)) return CaseRole::team_manager;
  for (const auto& a : history) {
    if (a.officer_id == writer.id && a.from <= change_time && (!a.until || change_time <= *a.until))
      return CaseRole::former_owner;
  }
  return CaseRole::none;
}

bool may_read(const Officer& writer, const Officer& assigned) {
  return writer.id == assigned.id || manages_team_of(writer, assigned);
}

void refuse_case(std::string_view crn) {
  forbid("case " + std::string(crn.substr(0, 16)) + " is not in your caseload");
}

void authorize(CaseRole role, const Officer& writer, const Officer& assigned, const WriteIntent& intent,
               std::string_view crn) {
  if (role == CaseRole::none) refuse_case(crn);
  const bool oversight = intent.action_kind == ActionKind::manager_oversight;
  if (role == CaseRole::team_manager) {
    if (intent.entity == "note") return;
    if (intent.entity == "action" && oversight && intent.action_status_change) return;
    // Sending oversight back raises an open oversight_returned follow-up.
    if (intent.entity == "action" && intent.action_kind == ActionKind::oversight_returned &&
        !intent.action_status_change)
      return;
    forbid("a manager writes notes, oversight decisions and send-backs on a team member's case, not a " + intent.entity +
           (intent.action_kind ? " (" + std::string(to_string(*intent.action_kind)) + ")" : std::string()));
  }
  // owner or former owner
  if (intent.entity == "action" && oversight && intent.action_status_change && !manages_team_of(writer, assigned))
    forbid("only a manager of the case officer's team can decide a manager_oversight action");
}

}  // namespace doorstep::office
