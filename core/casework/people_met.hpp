#pragma once
// People met at the door become household data: the people recorded present
// at a finished visit who are not yet on the case join its household (a
// device-owned fact, office/case_ownership.hpp), so the next briefing and
// the rules see them, here and, after a sync, at the office and on the
// officer's other devices.
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

// The visit's people_present who are not on the case yet: not in the
// household with the same name and relationship (the office's rule for the
// same person), and not a victim of the same name. Each as they join:
// lives_at_address follows the residence when that is given.
std::vector<Person> people_joining_household(const Case& c, const Visit& v);

// Throws Error(bad_input) naming "visit.people_present[i].<field>" for the
// first person recorded present who is not valid on the visit's date
// (domain/person_rules.hpp): nothing is stored.
void require_valid_people_present(const Visit& v);

}  // namespace doorstep
