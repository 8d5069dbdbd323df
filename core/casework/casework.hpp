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
  // (merged into open ones), new alerts and the people met who join the
  // household (casework/people_met.hpp) in one transaction; then reviews
  // the case (a purposeful visit closes R1/R2 by itself).
  RecordedVisit finish_visit(std::string_view crn, Visit visit);

  // The standing rules (initial and repeat visits, missing checks, checks
  // awaiting a reply, MAPPA...) over the case as of today, stored as
  // rules/standing_actions.hpp plans them: raised under ids shared with the
  // office, merged into open ones, or closed by the record that met them.
  // Returns the actions written (empty when nothing changed: no write).
  // Programs call it after every write to a case and after every sync.
  std::vector<Action> review_case(std::string_view crn);

  struct CaseloadReview {
    int cases = 0;
    int written = 0;  // actions raised, merged or closed
  };
  // review_case over every case on the device: at unlock, after a sync,
  // when the date changes.
  CaseloadReview review_caseload();

  // Closing a csc_check or police_da_check follow-up records the check: no
  // "done" without one. Stores a check of the action's kind on `date` with
  // `result` and/or `outcome` (neither: requested, awaiting reply; R19
  // chases it), then marks the action done with an outcome naming the
  // check, then reviews the case. Error(usage) for another kind;
  // require_may_decide and the store's own errors as for any closing.
  Action complete_with_check(std::string_view action_id, Date date, std::optional<CheckResult> result,
                             std::optional<std::string> outcome);

  // What the rules would raise, without storing anything.
  [[nodiscard]] Evaluation preview(std::string_view crn, const Visit* visit);

  [[nodiscard]] Date today() const { return utc_date(m_clock.now_utc_ms()); }

 private:
  Store& m_store;
  const RuleSet& m_rules;
  const Clock& m_clock;
};

}  // namespace doorstep
