#pragma once
// People met at the door become household data: the people recorded present
// at a finished visit who are not yet on the case join its household (a
// device-owned fact, office/case_ownership.hpp), so the next briefing and
// the rules see them, here and, after a sync, at the office and on the
// officer's other devices.
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

// Everyone recorded present at the visit (its people_present list and its
// people_present answer, report/case_report.hpp) who is not on the case yet: not in the
// household with the same name and relationship (the office's rule for the
// same person), and not a victim of the same name. Each as they join:
// lives_at_address follows the residence when that is given.
std::vector<Person> people_joining_household(const Case& c, const Visit& v);

// Throws Error(bad_input) naming "visit.people_present[i].<field>" (or
// "visit.answers.people_present[i].<field>") for the first person recorded
// present who is not valid on the visit's date
// (domain/person_rules.hpp): nothing is stored.
void require_valid_people_present(const Visit& v);

}  // namespace doorstep
