#include "domain/model.hpp"

#include "domain/facts.hpp"

namespace doorstep {

bool Person::is_child() const {
  if (age && *age < 18) return true;
  return relationship == Relationship::child || relationship == Relationship::stepchild ||
         relationship == Relationship::other_child;
}

std::optional<CheckKind> check_kind_for(ActionKind kind) {
  if (kind == ActionKind::csc_check) return CheckKind::csc_check;
  if (kind == ActionKind::police_da_check) return CheckKind::police_da_check;
  return std::nullopt;
}

bool is_valid_crn(std::string_view crn) {
  if (crn.size() != 7 || crn[0] < 'A' || crn[0] > 'Z') return false;
  for (std::size_t i = 1; i < crn.size(); ++i) {
    if (crn[i] < '0' || crn[i] > '9') return false;
  }
  return true;
}

bool children_involved(const Case& c, const Visit* visit) {
  for (const auto& p : c.household) {
    if (p.is_child()) return true;
  }
  for (const auto& p : c.victims) {
    if (p.is_child()) return true;
  }
  if (visit) {
    for (auto id : {"children_present", "new_child_contact", "partner_pregnant"}) {
      if (answer_or_unknown(visit->answers, id) == "yes") return true;
    }
  }
  return false;
}

bool is_elevated(const Case& c) {
  return c.rosh == Rosh::high || c.rosh == Rosh::very_high || c.child_protection != ChildProtection::none;
}

bool is_concerning(CheckResult r) {
  return r == CheckResult::known_open || r == CheckResult::callouts_found || r == CheckResult::concerns_shared;
}

}  // namespace doorstep
