#pragma once
// What makes a person recorded at the door valid, for everyone who takes
// one: the field app's add-person form (each problem shown at its field),
// the office validating a device's case or visit (hostile input), and the
// domain's own reader (limits that need no date).
#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

// One thing wrong with a person: the field ("name", "age", "date_of_birth",
// "address_elsewhere") and what is wrong, in words an officer can act on.
struct PersonProblem {
  std::string field;
  std::string message;
  bool operator==(const PersonProblem&) const = default;
};

// Everything wrong with `p` on `today` (empty: valid). An empty name, a name
// or address over its limit, an age outside 0..120, a date of birth in the
// future or more than 120 years ago, an age that disagrees with the date of
// birth (an age one short is allowed: it may have been given before a
// birthday since), and an address elsewhere for someone who lives here.
std::vector<PersonProblem> person_problems(const Person& p, Date today);

// Throws Error(bad_input) "<path>.<field>: <message>" for the first problem.
void require_valid_person(const Person& p, Date today, const std::string& path);

// Whole years from `dob` to `on` (0 when `on` is before the birthday in the first year).
int age_on(Date dob, Date on);

// The person's age on `today`: from the date of birth if given, else the age.
std::optional<int> age_of(const Person& p, Date today);

// "Sam Jones (partner, 34, stays over)": name, relationship, age and where they live.
std::string describe_person(const Person& p, Date today);

}  // namespace doorstep
