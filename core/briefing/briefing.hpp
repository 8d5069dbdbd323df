#pragma once
// The pre-visit briefing: what the officer must know before knocking.
// Pure: built from the case, its open actions and its visits.
#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

struct BriefingPerson {
  std::string name;
  Relationship relationship = Relationship::other_adult;
  std::optional<int> age;
  bool is_child = false;
  bool protected_by_restriction = false;
  bool known_to_vlo = false;
  std::optional<Residence> residence;            // recorded at the door: lives here, stays over, visits
  std::optional<std::string> address_elsewhere;  // where they live, when not here
};

struct BriefingAction {
  ActionKind kind = ActionKind::home_visit;
  Priority priority = Priority::normal;
  Date due;
  std::string rule;
  std::string reason;       // the latest reason
  std::size_t raised = 1;   // how many times it was raised (reasons)
  bool overdue = false;     // due before today
};

struct MissingCheck {
  CheckKind kind = CheckKind::csc_check;
  std::optional<Date> requested;  // a check since the start with no outcome yet
  std::string reason;             // why it is needed, in words
};

// One check on the case as it stands (request merged with its latest reply).
struct BriefingCheck {
  std::string id;                      // stable id (empty for checks given with an imported case)
  CheckKind kind = CheckKind::csc_check;
  Date requested;                      // the check's date
  std::optional<CheckResult> result;
  std::optional<std::string> outcome;
  std::optional<Date> answered_on;     // set when answered
  // Awaiting a reply (no outcome, no result): calendar and working days from
  // the request to today (0 on the day itself).
  std::optional<int> days_awaited;
  std::optional<int> working_days_awaited;
};

struct Briefing {
  std::string crn;
  std::string name;
  std::string address;
  Date today;
  Rosh rosh = Rosh::low;
  ChildProtection child_protection = ChildProtection::none;
  MappaLevel mappa_level = MappaLevel::none;
  bool domestic_abuse_perpetrator = false;
  std::vector<std::string> alerts;                 // officer-safety alerts first, then the others, as recorded
  std::vector<Restriction> restrictions;
  std::vector<BriefingPerson> protected_people;    // people a restriction protects (household and victims)
  std::vector<BriefingPerson> expected_household;  // who lives at, stays over at or visits the address: children first, youngest first (unknown age last), then adults by name
  std::vector<BriefingAction> open_actions;        // by priority, then due date, then kind, then rule
  std::optional<Date> last_purposeful_visit;
  std::optional<int> days_since_last_purposeful_visit;
  std::vector<MissingCheck> missing_checks;        // children's social care first
  std::vector<BriefingCheck> checks;               // every check: awaiting replies first (oldest first), then by date, newest first
};

// `open_actions` may include closed ones (ignored); `visits` in any order.
Briefing make_briefing(const Case& c, std::span<const Action> open_actions, std::span<const Visit> visits, Date today);
nlohmann::json to_json(const Briefing& b);
std::string to_text(const Briefing& b);  // what the CLI prints

// An alert about the officer's safety ("officer safety" anywhere, any case).
bool is_officer_safety_alert(std::string_view alert);

}  // namespace doorstep
