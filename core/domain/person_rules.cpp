#include "domain/person_rules.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace doorstep {
namespace {

struct Ymd {
  int y;
  int m;
  int d;
};

Ymd ymd(Date date) {
  const std::string s = date.to_string();  // YYYY-MM-DD
  return {std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))};
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string words(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace

int age_on(Date dob, Date on) {
  const Ymd b = ymd(dob);
  const Ymd t = ymd(on);
  int years = t.y - b.y;
  if (t.m < b.m || (t.m == b.m && t.d < b.d)) --years;
  return std::max(years, 0);
}

std::optional<int> age_of(const Person& p, Date today) {
  if (p.date_of_birth && *p.date_of_birth <= today) return age_on(*p.date_of_birth, today);
  return p.age;
}

std::vector<PersonProblem> person_problems(const Person& p, Date today) {
  std::vector<PersonProblem> out;
  if (blank(p.name)) out.push_back({"name", "write the person's name"});
  if (p.name.size() > kMaxPersonName)
    out.push_back({"name", "longer than " + std::to_string(kMaxPersonName) + " bytes"});
  if (p.age && (*p.age < 0 || *p.age > kMaxPersonAge))
    out.push_back({"age", "must be a whole number from 0 to " + std::to_string(kMaxPersonAge)});
  if (p.date_of_birth) {
    const Ymd t = ymd(today);
    const Ymd b = ymd(*p.date_of_birth);
    if (today < *p.date_of_birth) {
      out.push_back({"date_of_birth", "is in the future"});
    } else if (t.y - b.y > kMaxPersonAge && age_on(*p.date_of_birth, today) > kMaxPersonAge) {
      out.push_back({"date_of_birth", "is more than " + std::to_string(kMaxPersonAge) + " years ago"});
    } else if (p.age && *p.age >= 0 && *p.age <= kMaxPersonAge &&
               (*p.age > age_on(*p.date_of_birth, today) || *p.age + 1 < age_on(*p.date_of_birth, today))) {
      out.push_back({"age", "does not match the date of birth (which gives " +
                                std::to_string(age_on(*p.date_of_birth, today)) + ")"});
    }
  }
  if (p.address_elsewhere) {
    if (p.residence == Residence::lives_here)
      out.push_back({"address_elsewhere", "someone who lives here has no address elsewhere"});
    if (blank(*p.address_elsewhere)) out.push_back({"address_elsewhere", "write the address, or leave it out"});
    if (p.address_elsewhere->size() > kMaxPersonAddress)
      out.push_back({"address_elsewhere", "longer than " + std::to_string(kMaxPersonAddress) + " bytes"});
  }
  return out;
}

void require_valid_person(const Person& p, Date today, const std::string& path) {
  const auto problems = person_problems(p, today);
  if (!problems.empty())
    throw Error(ErrorCode::bad_input, path + "." + problems.front().field + ": " + problems.front().message);
}

std::string describe_person(const Person& p, Date today) {
  std::string out = p.name + " (" + words(to_string(p.relationship));
  if (const auto age = age_of(p, today)) out += ", " + std::to_string(*age);
  if (p.residence) out += ", " + words(to_string(*p.residence));
  if (p.address_elsewhere) out += ", lives at " + *p.address_elsewhere;
  return out + ")";
}

}  // namespace doorstep
