#include "casework/people_met.hpp"

#include <algorithm>

#include "domain/json_reader.hpp"
#include "domain/person_rules.hpp"
#include "report/case_report.hpp"

namespace doorstep {

std::vector<Person> people_joining_household(const Case& c, const Visit& v) {
  std::vector<Person> out;
  const auto known = [&](const Person& p) {
    const auto same = [&](const Person& q) { return q.name == p.name && q.relationship == p.relationship; };
    return std::any_of(c.household.begin(), c.household.end(), same) ||
           std::any_of(out.begin(), out.end(), same) ||
           std::any_of(c.victims.begin(), c.victims.end(), [&](const Person& q) { return q.name == p.name; });
  };
  for (Person p : people_present(v)) {
    if (known(p)) continue;
    if (p.residence && !p.lives_at_address) p.lives_at_address = *p.residence == Residence::lives_here;
    out.push_back(std::move(p));
  }
  return out;
}

void require_valid_people_present(const Visit& v) {
  for (std::size_t i = 0; i < v.people_present.size(); ++i)
    require_valid_person(v.people_present[i], v.date, "visit.people_present[" + std::to_string(i) + "]");
  const auto answer = v.answers.find("people_present");
  if (answer == v.answers.end() || !answer->second.is_array()) return;
  for (std::size_t i = 0; i < answer->second.size(); ++i) {
    const std::string path = "visit.answers.people_present[" + std::to_string(i) + "]";
    JsonReader r(answer->second[i], path);
    require_valid_person(read_person(r), v.date, path);
  }
}

}  // namespace doorstep
