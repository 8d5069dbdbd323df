#pragma once
// A change to a case's office-owned facts, as `doorstep-office case update`
// takes it: only the fields given change. Parsing names the option of a bad
// value; applying never fails.
#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep::office {

struct CaseUpdate {
  std::optional<Rosh> rosh;
  std::optional<Date> rosh_reviewed;
  std::optional<ChildProtection> child_protection;
  std::optional<std::optional<Date>> cp_next_meeting;  // a date, or nullopt to clear it
  std::optional<bool> cp_report_sent;
  std::optional<MappaLevel> mappa_level;
  std::optional<bool> mappa_eligible;
  std::optional<bool> domestic_abuse_perpetrator;
  std::vector<Restriction> add_restrictions;
  std::vector<Restriction> remove_restrictions;
  std::vector<std::string> add_alerts;
  std::vector<std::string> remove_alerts;

  [[nodiscard]] bool empty() const;
};

// The text form of each option ("--rosh high", "--cp-next-meeting none",
// "--da yes"...). Error(bad_input) naming the option and the value.
struct CaseUpdateText {
  std::string rosh, rosh_reviewed, cp, cp_next_meeting, cp_report_sent, mappa, mappa_eligible, da;
  std::vector<std::string> add_restrictions, remove_restrictions, add_alerts, remove_alerts;
};
CaseUpdate parse_case_update(const CaseUpdateText& text);

// `c` with `u` applied.
Case apply_case_update(Case c, const CaseUpdate& u);

// The names of the fields `after` changed from `before` (for the history
// line and the admin's confirmation).
std::vector<std::string> changed_fields(const Case& before, const Case& after);

}  // namespace doorstep::office
