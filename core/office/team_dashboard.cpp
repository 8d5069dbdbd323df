#include "office/team_dashboard.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "domain/json_codec.hpp"

namespace doorstep::office {
namespace {

struct MeasureName {
  Measure m;
  std::string_view id, title;
};
constexpr MeasureName kMeasures[kMeasureCount] = {
    {Measure::elevated, "elevated", "Elevated cases"},
    {Measure::first_visit_done, "first_visit_done", "First home visit done"},
    {Measure::first_visit_due, "first_visit_due", "First home visit due"},
    {Measure::first_visit_overdue, "first_visit_overdue", "First home visit overdue"},
    {Measure::repeat_overdue, "repeat_overdue", "Repeat visit overdue"},
    {Measure::csc_required, "csc_required", "Need a CSC check"},
    {Measure::csc_recorded, "csc_recorded", "CSC check recorded since start"},
    {Measure::police_required, "police_required", "Need a police DA check"},
    {Measure::police_recorded, "police_recorded", "Police DA check recorded since start"},
    {Measure::checks_awaiting, "checks_awaiting", "Checks awaiting reply over 5 working days"},
    {Measure::rosh_changes, "rosh_changes", "Significant changes"},
    {Measure::rosh_reviewed_in_time, "rosh_reviewed_in_time", "RoSH reviewed within 2 working days"},
    {Measure::oversight_visits, "oversight_visits", "Visits to elevated cases"},
    {Measure::countersigned, "countersigned", "Visits countersigned"},
    {Measure::urgent_open, "urgent_open", "Open urgent follow-ups"},
};

bool answered_since(const Case& c, CheckKind kind) {
  return std::any_of(c.checks.begin(), c.checks.end(), [&](const Check& k) {
    return k.kind == kind && k.answered() && k.date >= c.sentence.start;
  });
}

std::optional<double> median(std::vector<int> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? double(v[n / 2]) : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

struct CaseFigures {
  std::array<bool, kMeasureCount> in{};
  std::vector<int> countersign_days;
};

CaseFigures figures_of(const Case& c, const std::vector<const DashboardVisit*>& visits,
                       const std::vector<const DashboardAction*>& actions, Date from, Date today) {
  CaseFigures f;
  auto set = [&](Measure m) { f.in[static_cast<std::size_t>(m)] = true; };
  const bool elevated = is_elevated(c);
  if (elevated) {
    set(Measure::elevated);
    const bool done = c.last_purposeful_home_visit && *c.last_purposeful_home_visit >= c.sentence.start;
    if (done) {
      set(Measure::first_visit_done);
      if (c.last_purposeful_home_visit->plus_days(kRepeatIntervalDays) < today) set(Measure::repeat_overdue);
    } else if (c.sentence.start.plus_working_days(10) >= today) {
      set(Measure::first_visit_due);
    } else {
      set(Measure::first_visit_overdue);
    }
  }
  if (c.domestic_abuse_perpetrator || children_involved(c, nullptr)) {
    set(Measure::csc_required);
    if (answered_since(c, CheckKind::csc_check)) set(Measure::csc_recorded);
  }
  if (c.domestic_abuse_perpetrator) {
    set(Measure::police_required);
    if (answered_since(c, CheckKind::police_da_check)) set(Measure::police_recorded);
  }
  if (std::any_of(c.checks.begin(), c.checks.end(),
                  [&](const Check& k) { return !k.answered() && k.date.plus_working_days(5) < today; }))
    set(Measure::checks_awaiting);

  std::unordered_map<std::string_view, const DashboardVisit*> visit_by_id;
  for (const auto* v : visits) visit_by_id[v->id] = v;
  // Significant changes in the period: R4's RoSH reviews raised by a visit.
  bool any_change = false, all_reviewed = true;
  for (const auto* a : actions) {
    if (a->kind != ActionKind::rosh_review || a->rule != "R4" || !a->visit_id) continue;
    const auto it = visit_by_id.find(*a->visit_id);
    if (it == visit_by_id.end() || it->second->date < from || it->second->date > today) continue;
    any_change = true;
    const Date changed = it->second->date;
    all_reviewed = all_reviewed && c.rosh_reviewed && *c.rosh_reviewed >= changed &&
                   *c.rosh_reviewed <= changed.plus_working_days(2);
  }
  if (any_change) {
    set(Measure::rosh_changes);
    if (all_reviewed) set(Measure::rosh_reviewed_in_time);
  }
  // Countersigning: completed visits to an elevated case in the period.
  if (elevated) {
    bool any_visit = false, all_signed = true;
    for (const auto* v : visits) {
      if (v->outcome != VisitOutcome::completed || v->date < from || v->date > today) continue;
      any_visit = true;
      std::optional<Date> signed_on;
      for (const auto* a : actions) {
        if (a->kind == ActionKind::manager_oversight && a->visit_id == v->id && a->status == ActionStatus::done)
          signed_on = a->changed_on;
      }
      if (signed_on) {
        f.countersign_days.push_back(signed_on->days() - v->date.days());
      } else {
        all_signed = false;
      }
    }
    if (any_visit) {
      set(Measure::oversight_visits);
      if (all_signed) set(Measure::countersigned);
    }
  }
  if (std::any_of(actions.begin(), actions.end(), [](const DashboardAction* a) {
        return a->status == ActionStatus::open && a->priority == Priority::urgent;
      }))
    set(Measure::urgent_open);
  return f;
}

}  // namespace

std::string_view measure_id(Measure m) { return kMeasures[static_cast<std::size_t>(m)].id; }
std::string_view measure_title(Measure m) { return kMeasures[static_cast<std::size_t>(m)].title; }
std::optional<Measure> measure_from_id(std::string_view id) {
  for (const auto& n : kMeasures) {
    if (n.id == id) return n.m;
  }
  return std::nullopt;
}

TeamDashboard compute_team_dashboard(const DashboardInput& in) {
  std::unordered_map<std::string_view, std::vector<const DashboardVisit*>> visits;
  std::unordered_map<std::string_view, std::vector<const DashboardAction*>> actions;
  for (const auto& v : in.visits) visits[v.crn].push_back(&v);
  for (const auto& a : in.actions) actions[a.crn].push_back(&a);
  static const std::vector<const DashboardVisit*> no_visits;
  static const std::vector<const DashboardAction*> no_actions;

  TeamDashboard out;
  std::unordered_map<std::string_view, std::size_t> row_of;
  for (const auto& o : in.officers) {
    row_of[o.id] = out.rows.size();
    out.rows.push_back(DashboardRow{o.id, o.name, {}, std::nullopt});
  }
  out.total.name = "Team total";
  std::map<std::size_t, std::vector<int>> days_by_row;
  std::vector<int> all_days;
  std::unordered_set<std::string_view> counted;
  for (const auto& dc : in.cases) {
    const auto r = row_of.find(dc.officer_id);
    if (r == row_of.end()) continue;
    const auto vi = visits.find(dc.facts.crn);
    const auto ai = actions.find(dc.facts.crn);
    counted.insert(dc.facts.crn);
    const CaseFigures f = figures_of(dc.facts, vi == visits.end() ? no_visits : vi->second,
                                     ai == actions.end() ? no_actions : ai->second, in.from, in.to);
    for (std::size_t m = 0; m < kMeasureCount; ++m) {
      if (!f.in[m]) continue;
      out.rows[r->second].cases[m].push_back(dc.facts.crn);
      out.total.cases[m].push_back(dc.facts.crn);
    }
    auto& d = days_by_row[r->second];
    d.insert(d.end(), f.countersign_days.begin(), f.countersign_days.end());
    all_days.insert(all_days.end(), f.countersign_days.begin(), f.countersign_days.end());
  }
  for (auto& row : out.rows) {
    for (auto& list : row.cases) std::sort(list.begin(), list.end());
  }
  for (auto& list : out.total.cases) std::sort(list.begin(), list.end());
  for (auto& [r, d] : days_by_row) out.rows[r].median_days_to_countersign = median(d);
  out.total.median_days_to_countersign = median(all_days);

  for (int w = kTrendWeeks - 1; w >= 0; --w) {
    const Date end = in.to.plus_days(-7 * w);
    int overdue = 0;
    for (const auto& a : in.actions) {
      if (!counted.contains(a.crn)) continue;
      const bool open_then = a.status == ActionStatus::open || a.changed_on > end;
      if (a.due < end && a.created_on <= end && open_then) ++overdue;
    }
    out.trend.push_back({end, overdue});
  }
  return out;
}

DashboardInput load_dashboard_input(OfficeStore& store, ConsoleStore& console, CaseFactsCache& cache,
                                    std::vector<Officer> officers, Date from, Date to) {
  DashboardInput in;
  in.from = from;
  in.to = to;
  std::unordered_set<std::string> wanted_officers;
  for (const auto& o : officers) wanted_officers.insert(o.id);
  in.officers = std::move(officers);
  std::vector<CaseIndexEntry> index;
  std::unordered_map<std::string, std::string> officer_of;
  for (auto& e : console.case_index()) {
    if (!wanted_officers.contains(e.officer_id)) continue;
    officer_of.emplace(e.crn, e.officer_id);
    index.push_back(std::move(e));
  }
  for (auto& facts : cache.facts(index, store)) {
    const auto it = officer_of.find(facts.crn);
    if (it != officer_of.end()) in.cases.push_back({std::move(facts), it->second});
  }
  for (auto& v : console.visit_summaries()) {
    if (officer_of.contains(v.crn)) in.visits.push_back(std::move(v));
  }
  for (auto& a : console.action_summaries()) {
    if (officer_of.contains(a.crn)) in.actions.push_back(std::move(a));
  }
  return in;
}

}  // namespace doorstep::office
