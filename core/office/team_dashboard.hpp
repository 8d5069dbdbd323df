#pragma once
// The team dashboard (issue 11): per officer and for the team, the figures
// the inspection counted, over a period [from, to], with "today" = to.
// Pure functions over the office's data; every figure is the list of the
// cases behind it, so a page can link each number to its cases.
//
// Definitions (cases are those assigned to the officer now):
//   elevated            RoSH high / very high or child protection not none.
//   first_visit_*       elevated cases by their first purposeful home visit
//                       since the sentence start (R1): done (one recorded on
//                       or after the start), due (none yet, start + 10
//                       working days >= today), overdue (none, later).
//   repeat_overdue      elevated, first visit done, last purposeful home
//                       visit more than kRepeatIntervalDays before today (R2).
//   csc_required / csc_recorded
//                       cases that need a CSC check (DA perpetrator or
//                       children involved: R6a), and those of them with a
//                       check answered, dated on or after the start.
//   police_required / police_recorded
//                       the same for police DA checks and DA perpetrators (R6b).
//   checks_awaiting     cases with a check requested, unanswered, more than
//                       5 working days before today (R19).
//   rosh_changes / rosh_reviewed_in_time
//                       cases with a significant change (an R4 rosh_review
//                       raised by a visit dated in the period), and those
//                       whose RoSH review (rosh_reviewed) is dated from the
//                       visit to 2 working days after it.
//   oversight_visits / countersigned
//                       cases with a completed visit to an elevated case in
//                       the period, and those whose every such visit has its
//                       manager_oversight action done; with the median of
//                       (day countersigned - visit day) over countersigned visits.
//   urgent_open         cases with an open urgent follow-up.
// The trend: for each of the kTrendWeeks weeks ending at `to`, the follow-ups
// that were overdue at the week's end (due before it, created by it, and
// not closed by it).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"
#include "office/case_facts_cache.hpp"
#include "office/console_store.hpp"
#include "office/office_store.hpp"
#include "office/record_summaries.hpp"

namespace doorstep::office {

inline constexpr int kRepeatIntervalDays = 60;  // rules-v2.json R2's default
inline constexpr int kTrendWeeks = 8;

enum class Measure {
  elevated,
  first_visit_done,
  first_visit_due,
  first_visit_overdue,
  repeat_overdue,
  csc_required,
  csc_recorded,
  police_required,
  police_recorded,
  checks_awaiting,
  rosh_changes,
  rosh_reviewed_in_time,
  oversight_visits,
  countersigned,
  urgent_open,
};
inline constexpr std::size_t kMeasureCount = 15;
// A stable id for links ("first_visit_overdue") and a heading for people.
std::string_view measure_id(Measure m);
std::string_view measure_title(Measure m);
std::optional<Measure> measure_from_id(std::string_view id);

struct DashboardCase {
  Case facts;
  std::string officer_id;
};

struct DashboardInput {
  std::vector<Officer> officers;  // one row each, in this order
  std::vector<DashboardCase> cases;
  std::vector<DashboardVisit> visits;
  std::vector<DashboardAction> actions;
  Date from, to;
};

struct DashboardRow {
  std::string officer_id;  // "" for the team total
  std::string name;
  std::array<std::vector<std::string>, kMeasureCount> cases;  // CRNs, sorted, by Measure
  std::optional<double> median_days_to_countersign;
  [[nodiscard]] const std::vector<std::string>& of(Measure m) const { return cases[static_cast<std::size_t>(m)]; }
};

struct TrendPoint {
  Date week_end;
  int overdue = 0;
};

struct TeamDashboard {
  std::vector<DashboardRow> rows;
  DashboardRow total;
  std::vector<TrendPoint> trend;  // oldest first
};

TeamDashboard compute_team_dashboard(const DashboardInput& in);

// Reads what compute_team_dashboard needs for `officers`: the cases (their
// facts decoded, through `cache`), and the visits' and follow-ups' summaries.
DashboardInput load_dashboard_input(OfficeStore& store, ConsoleStore& console, CaseFactsCache& cache,
                                    std::vector<Officer> officers, Date from, Date to);

}  // namespace doorstep::office
