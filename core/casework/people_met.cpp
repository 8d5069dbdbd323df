#include "casework/people_met.hpp"

#include <algorithm>

#include "domain/person_rules.hpp"

namespace doorstep {

std::vector<Person> people_joining_household(const Case& c, const Visit& v) {
  std::vector<Person> out;
  const auto known = [&](const Person& p) {
    const auto same = [&](const Person& q) { return q.name == p.name && q.relationship == p.relationship; };
    return std::any_of(c.household.begin(), c.household.end(), same) ||
           std::any_of(out.begin(), out.end(), same) ||
           std::any_of(c.victims.begin(), c.victims.end(), [&](const Person& q) { return q.name == p.name; });
  };
  for (Person p : v.people_present) {
    if (known(p)) continue;
    if (p.residence && !p.lives_at_address) p.lives_at_address = *p.residence == Residence::lives_here;
    out.push_back(std::move(p));
  }
  return out;
}

void require_valid_people_present(const Visit& v) {
  for (std::size_t i = 0; i < v.people_present.size(); ++i)
    require_valid_person(v.people_present[i], v.date, "visit.people_present[" + std::to_string(i) + "]");
}

}  // namespace doorstep
