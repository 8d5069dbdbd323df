#pragma once
// Who may write what to a case (protocol v2; docs/security.md states the
// model and names the tests that show each line).
//
//   owner          the officer the case is assigned to: creates notes,
//                  visits and checks; raises actions and updates their
//                  status; adds device-owned case facts.
//   former owner   an officer who held the case when the change was made
//                  (by its HLC time): the same, so work written offline
//                  before a reassignment is kept and reaches the new owner.
//   team manager   a manager of the case officer's team: writes notes and
//                  oversight decisions (manager_oversight status), nothing
//                  else (not amendments to visits).
//   none           anyone else. An unknown CRN gets the same answer as a
//                  CRN that is not yours (no CRN oracle).
//
// Only a team manager other than the case officer completes, dismisses or
// reopens a manager_oversight action.
#include <optional>
#include <span>
#include <string>

#include "domain/model.hpp"
#include "office/office_store.hpp"

namespace doorstep::office {

enum class CaseRole { none, owner, former_owner, team_manager };

struct Assignment {
  std::string officer_id;
  UtcMillis from = 0;
  std::optional<UtcMillis> until;  // nullopt: still assigned
};

// The writer's role on a case assigned to `assigned` now, given the case's
// assignment history and the time the change was made (HLC wall time).
CaseRole case_role(const Officer& writer, const Officer& assigned, std::span<const Assignment> history,
                   UtcMillis change_time);

// Whether `writer` may read the case (pull it): owner or team manager.
bool may_read(const Officer& writer, const Officer& assigned);

// The one answer for "unknown CRN" and "not your CRN".
[[noreturn]] void refuse_case(std::string_view crn);

// What kind of write a change is, for authorize().
struct WriteIntent {
  std::string entity;  // note, visit amendment (a note correcting a visit), visit, check, action, case
  std::optional<ActionKind> action_kind;
  bool action_status_change = false;  // changes an existing action's status, or creates one not open
};

// Throws Error(forbidden) with a reason the device shows next to the
// quarantined change.
void authorize(CaseRole role, const Officer& writer, const Officer& assigned, const WriteIntent& intent,
               std::string_view crn);

}  // namespace doorstep::office
