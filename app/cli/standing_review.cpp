#include "standing_review.hpp"

#include "casework/casework.hpp"
#include "common/program_edge.hpp"
#include "rule_assets.hpp"

namespace doorstep::cli {
namespace {

void say(const Action& a) {
  if (a.status == ActionStatus::open)
    cmdline::show("Follow-up {} [{}] {} ({}): {}\n", a.id, to_string(a.priority), to_string(a.kind), a.rule,
                  a.reasons.back());
  else
    cmdline::show("Follow-up {} {} ({}) {}: {}\n", a.id, to_string(a.kind), a.rule, to_string(a.status),
                  a.outcome.value_or(""));
}

}  // namespace

void review_after_write(Store& store, const Clock& clock, std::string_view crn, bool quiet) {
  const RuleSet rules = load_rule_set();
  Casework casework(store, rules, clock);
  for (const auto& a : casework.review_case(crn))
    if (!quiet) say(a);
}

int review_caseload(Store& store, const Clock& clock, bool quiet) {
  const RuleSet rules = load_rule_set();
  Casework casework(store, rules, clock);
  const auto review = casework.review_caseload();
  if (!quiet && review.written > 0)
    cmdline::show("Standing rules over {} case(s): {} follow-up(s) raised, updated or closed.\n", review.cases,
                  review.written);
  return review.written;
}

}  // namespace doorstep::cli
