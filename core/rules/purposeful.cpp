#include "rules/purposeful.hpp"

#include <algorithm>

#include "domain/facts.hpp"

namespace doorstep {

bool children_live_at_address(const Case& c, const Visit* visit) {
  for (const auto& p : c.household) {
    if (p.is_child() && p.lives_at_address.value_or(true)) return true;
  }
  for (const auto& p : c.victims) {
    if (p.is_child() && p.lives_at_address.value_or(false)) return true;
  }
  return visit && answer_or_unknown(visit->answers, "children_live_at_address") == "yes";
}

std::vector<std::string> not_purposeful_reasons(const Case& c, const Visit& visit) {
  std::vector<std::string> out;
  if (visit.outcome == VisitOutcome::no_access) out.emplace_back("there was no access");
  if (visit.outcome == VisitOutcome::refused) out.emplace_back("entry was refused");
  if (visit.outcome != VisitOutcome::completed) return out;
  if (answer_or_unknown(visit.answers, "person_present") != "yes")
    out.emplace_back("the person was not recorded as at home");
  if (answer_or_unknown(visit.answers, "purpose_explained") != "yes")
    out.emplace_back("the purpose was not recorded as explained");
  if (children_live_at_address(c, &visit) && answer_or_unknown(visit.answers, "children_seen") != "yes")
    out.emplace_back("the children living there were not recorded as seen");
  return out;
}

bool is_purposeful(const Case& c, const Visit& visit) { return not_purposeful_reasons(c, visit).empty(); }

std::optional<Date> last_purposeful_visit(const Case& c, std::span<const Visit> earlier_visits,
                                          const Visit* visit) {
  std::optional<Date> best = c.last_purposeful_home_visit;
  auto consider = [&](const Visit& v) {
    if ((!best || v.date > *best) && is_purposeful(c, v)) best = v.date;
  };
  for (const auto& v : earlier_visits) consider(v);
  if (visit) consider(*visit);
  return best;
}

std::optional<Date> latest_check_outcome(const Case& c, CheckKind kind) {
  std::optional<Date> best;
  for (const auto& k : c.checks) {
    if (k.kind == kind && k.answered() && (!best || k.answered_on() > *best)) best = k.answered_on();
  }
  return best;
}

std::optional<Date> latest_check(const Case& c, CheckKind kind) {
  std::optional<Date> best;
  for (const auto& k : c.checks) {
    if (k.kind == kind && (!best || k.date > *best)) best = k.date;
  }
  return best;
}

std::optional<Date> oldest_awaiting_check(const Case& c, CheckKind kind) {
  std::optional<Date> best;
  for (const auto& k : c.checks) {
    if (k.kind == kind && !k.answered() && (!best || k.date < *best)) best = k.date;
  }
  return best;
}

const Check* latest_concerning_check(const Case& c) {
  const Check* best = nullptr;
  auto later = [](const Check& a, const Check& b) {  // a answered after b (total order, list order free)
    if (a.answered_on() != b.answered_on()) return a.answered_on() > b.answered_on();
    if (a.date != b.date) return a.date > b.date;
    if (a.kind != b.kind) return a.kind > b.kind;
    return *a.result > *b.result;
  };
  for (const auto& k : c.checks) {
    if (k.result && is_concerning(*k.result) && (!best || later(k, *best))) best = &k;
  }
  return best;
}

}  // namespace doorstep
