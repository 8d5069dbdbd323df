#pragma once
// What the dashboard needs of a visit and of a follow-up, without decoding
// the whole record (ConsoleStore reads these straight from the office's
// rows: the 100 ms dashboard budget does not allow decoding every record).
#include <optional>
#include <string>

#include "domain/model.hpp"

namespace doorstep::office {

struct CaseIndexEntry {
  std::string crn;
  std::string officer_id;
  HlcValue hlc = 0;  // of the case's current facts
};

struct DashboardVisit {
  std::string id, crn;
  Date date;
  VisitOutcome outcome = VisitOutcome::completed;
};

struct DashboardAction {
  std::string id, crn;
  ActionKind kind = ActionKind::home_visit;
  Priority priority = Priority::normal;
  ActionStatus status = ActionStatus::open;
  Date due;
  std::string rule;
  std::optional<std::string> visit_id;
  Date created_on;
  Date changed_on;  // the day of its last change (for done/dismissed: when it was closed)
};

}  // namespace doorstep::office
