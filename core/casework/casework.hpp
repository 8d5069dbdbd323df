#pragma once
// Casework: what an officer does with a case, joining the store and the
// rules. Every program (field app, CLI) records visits and reviews cases
// through here, so the rules run the same way everywhere.
#include <string_view>
#include <vector>

#include "rules/rule_set.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep {

class Casework {
 public:
  // `store`, `rules` and `clock` must outlive this object.
  Casework(Store& store, const RuleSet& rules, const Clock& clock) : m_store(store), m_rules(rules), m_clock(clock) {}

  // Finishing a visit: runs the rules over the case, this visit and the
  // earlier ones, then stores the visit, its notes, the raised actions
  // (merged into open ones) and new alerts in one transaction.
  RecordedVisit finish_visit(std::string_view crn, Visit visit);

  // Case-only evaluation (no visit): the standing rules (initial and
  // repeat visits, missing checks, MAPPA...) as of today. Stores and returns
  // the actions raised.
  std::vector<Action> review_case(std::string_view crn);

  // What the rules would raise, without storing anything.
  [[nodiscard]] Evaluation preview(std::string_view crn, const Visit* visit);

  [[nodiscard]] Date today() const { return utc_date(m_clock.now_utc_ms()); }

 private:
  Store& m_store;
  const RuleSet& m_rules;
  const Clock& m_clock;
};

}  // namespace doorstep
