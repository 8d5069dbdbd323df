#include "model/person_form.hpp"

#include <charconv>

#include "domain/person_rules.hpp"

namespace doorstep::field {

std::optional<std::string> apply_age_text(Person& p, const std::string& text) {
  if (text.empty()) {
    p.age.reset();
    return std::nullopt;
  }
  int years = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), years);
  if (ec != std::errc() || end != text.data() + text.size() || years < 0 || years > kMaxPersonAge ||
      std::to_string(years) != text)
    return "a whole number from 0 to " + std::to_string(kMaxPersonAge);
  p.age = years;
  return std::nullopt;
}

std::optional<std::string> apply_dob_text(Person& p, const std::string& text, Date today) {
  if (text.empty()) {
    p.date_of_birth.reset();
    return std::nullopt;
  }
  const auto date = Date::try_parse(text);
  if (!date) return "a real date, as YYYY-MM-DD";
  Person trial = p;
  trial.date_of_birth = date;
  trial.age.reset();  // the age is checked against it below, as its own field
  for (const auto& problem : person_problems(trial, today))
    if (problem.field == "date_of_birth") return problem.message;
  p.date_of_birth = date;
  return std::nullopt;
}

void set_residence(Person& p, Residence r) {
  p.residence = r;
  p.lives_at_address = r == Residence::lives_here;
  if (r == Residence::lives_here) p.address_elsewhere.reset();
}

}  // namespace doorstep::field
