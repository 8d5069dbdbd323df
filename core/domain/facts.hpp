#pragma once
// The facts a visit can record (visit.answers in the shared schema), with the
// type of value each takes. The checklist template maps its items to these
// ids; the rules read them. Add facts here; never change an id's meaning.
#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep {

enum class FactType { yes_no_unknown, single_choice, multiple_choice, text, number, date, person_list };

struct FactDef {
  std::string_view id;
  FactType type;
  std::vector<std::string_view> options;  // for single / multiple choice
  std::string_view label;                 // what it means, in plain words
};

std::span<const FactDef> visit_facts();
const FactDef* find_visit_fact(std::string_view id);

// Throws Error(bad_input) naming "visit.answers.<id>" unless `value` fits
// the fact's type (and options).
void validate_fact_value(const FactDef& fact, const nlohmann::json& value);

// The yes/no/unknown answer of a yes_no_unknown fact; "unknown" if absent.
std::string_view answer_or_unknown(const std::map<std::string, nlohmann::json>& answers, std::string_view id);

}  // namespace doorstep
