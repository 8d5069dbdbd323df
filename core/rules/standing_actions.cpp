#include "rules/standing_actions.hpp"

#include <algorithm>

#include "domain/action_merge.hpp"
#include "rules/purposeful.hpp"
#include "util/uuid.hpp"

namespace doorstep {
namespace {

bool same_triple(const Action& a, const RaisedAction& r) { return a.rule == r.rule && a.kind == r.kind; }

bool carries_reason(const Action& a, const std::string& reason) {
  return std::find(a.reasons.begin(), a.reasons.end(), reason) != a.reasons.end();
}

std::string describe_check(const Check& c) {
  std::string text = std::string(c.kind == CheckKind::csc_check ? "children's social care check"
                                                                  : "police DA callout check") +
                     " answered on " + c.answered_on().to_string();
  if (c.result) text += " (" + std::string(to_string(*c.result)) + ")";
  if (!c.id.empty()) text += " (check " + c.id + ")";
  return text;
}

}  // namespace

std::vector<Action> StandingPlan::all() const {
  std::vector<Action> out = created;
  out.insert(out.end(), merged.begin(), merged.end());
  out.insert(out.end(), closed.begin(), closed.end());
  return out;
}

std::string standing_action_id(std::string_view crn, std::string_view rule, ActionKind kind, std::string_view reason) {
  std::string name = "doorstep.standing-action";
  for (std::string_view part : {crn, rule, to_string(kind), reason}) {
    name.push_back('\x1f');  // unit separator: no part can contain it unnoticed and shift the others
    name.append(part);
  }
  return make_uuid_v8_from_name(name);
}

std::optional<std::string> closing_record(ClosesBy how, const Action& action, const Case& kase,
                                          std::span<const Visit> visits) {
  switch (how) {
    case ClosesBy::purposeful_visit: {
      const auto last = last_purposeful_visit(kase, visits, nullptr);
      if (!last) return std::nullopt;
      const Visit* found = nullptr;
      for (const auto& v : visits)
        if (v.date == *last && is_purposeful(kase, v) && (!found || v.id > found->id)) found = &v;
      if (found) return "purposeful home visit on " + last->to_string() + " (visit " + found->id + ")";
      return "purposeful home visit on " + last->to_string() + " (recorded at the office)";
    }
    case ClosesBy::check_answered: {
      const auto kind = check_kind_for(action.kind);
      const Check* latest = nullptr;
      for (const auto& c : kase.checks) {
        if (!kind || c.kind != *kind || !c.answered()) continue;
        if (!latest || c.answered_on() > latest->answered_on() ||
            (c.answered_on() == latest->answered_on() && c.id > latest->id))
          latest = &c;
      }
      if (!latest) return std::nullopt;
      return describe_check(*latest);
    }
    case ClosesBy::rosh_review:
      if (!kase.rosh_reviewed) return std::nullopt;
      return "RoSH reviewed on " + kase.rosh_reviewed->to_string();
  }
  return std::nullopt;
}

StandingPlan plan_standing_actions(const Case& kase, std::span<const Visit> visits, std::span<const Action> existing,
                                   std::span<const RaisedAction> standing, const RuleSet& rules) {
  StandingPlan plan;
  for (const auto& raised : standing) {
    if (const auto open = find_open_duplicate(existing, kase.crn, raised)) {
      Action a = existing[*open];
      merge_into(a, raised);
      if (a.reasons != existing[*open].reasons || a.priority != existing[*open].priority ||
          a.due != existing[*open].due)
        plan.merged.push_back(std::move(a));
      continue;
    }
    const bool dealt_with = std::any_of(existing.begin(), existing.end(), [&](const Action& a) {
      return a.status != ActionStatus::open && same_triple(a, raised) && carries_reason(a, raised.reason);
    });
    if (dealt_with) continue;
    Action a;
    a.id = standing_action_id(kase.crn, raised.rule, raised.kind, raised.reason);
    a.crn = kase.crn;
    a.kind = raised.kind;
    a.priority = raised.priority;
    a.due = raised.due;
    a.rule = raised.rule;
    a.reasons = {raised.reason};
    // The same id closed with other reasons merged in (rare): the record
    // exists, so it cannot be raised again under that id.
    const bool id_taken =
        std::any_of(existing.begin(), existing.end(), [&](const Action& e) { return e.id == a.id; });
    if (!id_taken) plan.created.push_back(std::move(a));
  }
  for (const auto& a : existing) {
    if (a.status != ActionStatus::open || a.crn != kase.crn) continue;
    const auto how = rules.closes_by(a.rule, a.kind);
    if (!how) continue;
    const bool still_raised = std::any_of(standing.begin(), standing.end(), [&](const RaisedAction& r) {
      return r.rule == a.rule && r.kind == a.kind;
    });
    if (still_raised) continue;
    const auto record = closing_record(*how, a, kase, visits);
    if (!record) continue;
    Action closed = a;
    closed.status = ActionStatus::done;
    closed.outcome = "Closed by itself: " + *record;
    plan.closed.push_back(std::move(closed));
  }
  return plan;
}

}  // namespace doorstep
