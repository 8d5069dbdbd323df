#pragma once
// The add-person row of the visit screen, as the officer types it. Age and
// date of birth arrive as text: a value that does not read is kept on
// screen with its problem and not stored, so nothing wrong is ever saved.
// Everything else about a valid person is domain/person_rules.hpp.
#include <optional>
#include <string>

#include "domain/model.hpp"

namespace doorstep::field {

// Reads `text` into p.age (empty clears it). Returns the problem in words,
// or nullopt when stored.
std::optional<std::string> apply_age_text(Person& p, const std::string& text);

// Reads `text` (YYYY-MM-DD) into p.date_of_birth (empty clears it); a date
// in the future or more than 120 years before `today` is not stored.
// Returns the problem in words, or nullopt when stored.
std::optional<std::string> apply_dob_text(Person& p, const std::string& text, Date today);

// Sets where the person lives; someone who lives here has no address
// elsewhere, and lives_at_address follows.
void set_residence(Person& p, Residence r);

}  // namespace doorstep::field
