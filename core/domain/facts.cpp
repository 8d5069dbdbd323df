#include "domain/facts.hpp"

#include "domain/enums.hpp"
#include "domain/json_reader.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

using T = FactType;

const std::vector<FactDef>& catalog() {
  static const std::vector<FactDef> facts = {
      {"person_present", T::yes_no_unknown, {}, "the person supervised was at home"},
      {"purpose_explained", T::yes_no_unknown, {}, "the person was told why the officer visited"},
      {"children_present", T::yes_no_unknown, {}, "children were present in the home"},
      {"children_seen", T::yes_no_unknown, {}, "the children who live there were seen"},
      {"victim_present", T::yes_no_unknown, {}, "a victim, or a person a restriction protects, was present"},
      {"new_relationship", T::yes_no_unknown, {}, "a new intimate relationship"},
      {"partner_pregnant", T::yes_no_unknown, {}, "a partner is pregnant"},
      {"new_child_contact", T::yes_no_unknown, {}, "new contact with children"},
      {"accommodation_change", T::yes_no_unknown, {}, "a change of address or of who lives there"},
      {"substance_misuse_increase", T::single_choice, {"no", "alcohol", "drugs", "both", "unknown"},
       "more drink or drugs"},
      {"employment_lost", T::yes_no_unknown, {}, "work lost"},
      {"restriction_breach_suspected", T::yes_no_unknown, {}, "a restriction may have been breached"},
      {"signs_of_domestic_abuse", T::yes_no_unknown, {}, "signs of domestic abuse"},
      {"child_welfare_concern", T::yes_no_unknown, {}, "a concern for a child's welfare"},
      {"home_conditions_concern", T::yes_no_unknown, {}, "home conditions give concern"},
      {"mental_health_deterioration", T::yes_no_unknown, {}, "mental health has got worse"},
      {"officer_safety_concern", T::yes_no_unknown, {}, "a risk to the officer's safety"},
      // Added for the home-visit checklist v1 (assets/checklists/home-visit-v1.json).
      {"people_present", T::person_list, {}, "who else was present at the visit: name, relationship, age"},
      {"children_live_at_address", T::yes_no_unknown, {},
       "children live at the address (pre-filled from the case household, confirmed at the door)"},
      {"new_relationship_details", T::text, {}, "who the new partner is, and whether they have children"},
      {"new_relationship_start", T::date, {}, "when the new relationship started (approximate)"},
      {"people_living_here", T::number, {}, "how many people live at the address, the person included"},
      {"accommodation_status", T::single_choice,
       {"settled", "temporary", "approved_premises", "sofa_surfing", "no_fixed_abode", "unknown"},
       "the kind of accommodation the person has now"},
      {"employment_status", T::single_choice,
       {"employed", "self_employed", "training", "unemployed", "unable_to_work", "retired", "unknown"},
       "work, training or none"},
      {"substance_signs", T::multiple_choice, {"alcohol_in_home", "drug_paraphernalia", "intoxicated", "none_seen"},
       "signs of drink or drugs seen in the home"},
      {"home_conditions", T::single_choice, {"good", "adequate", "poor", "unsafe"}, "the state of the home"},
      {"domestic_abuse_signs", T::multiple_choice,
       {"injuries", "damage_to_property", "fearful_partner", "controlling_behaviour", "partner_not_allowed_to_speak",
        "other"},
       "what was seen that suggests domestic abuse"},
      {"restrictions_discussed", T::yes_no_unknown, {},
       "the restrictions and the people they protect were discussed with the person"},
      {"officer_safety_hazards", T::multiple_choice,
       {"weapons_seen", "dangerous_dog", "aggression_to_officer", "intoxicated_people", "others_hostile", "other"},
       "hazards to the officer seen at the address"},
      {"officer_safety_details", T::text, {}, "what the next officer must know to visit safely"},
      {"person_view", T::text, {}, "the person's own view of how things are going, in their words"},
      {"visit_notes", T::text, {}, "free notes on the visit"},
  };
  return facts;
}

}  // namespace

std::span<const FactDef> visit_facts() { return catalog(); }

const FactDef* find_visit_fact(std::string_view id) {
  for (const auto& f : catalog()) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

void validate_fact_value(const FactDef& fact, const nlohmann::json& value) {
  const std::string field = "visit.answers." + std::string(fact.id);
  auto bad = [&](const std::string& why) {
    throw Error(ErrorCode::bad_input, field + ": " + value.dump() + " " + why);
  };
  auto check_option = [&](const nlohmann::json& v) {
    if (!v.is_string()) bad("is not a string");
    for (auto o : fact.options) {
      if (o == v.get_ref<const std::string&>()) return;
    }
    std::string choices;
    for (auto o : fact.options) choices += (choices.empty() ? "" : ", ") + std::string(o);
    bad("is not one of " + choices);
  };
  switch (fact.type) {
    case FactType::yes_no_unknown:
      if (!value.is_string() || !enum_from_string<YesNoUnknown>(value.get_ref<const std::string&>()))
        bad("is not one of yes, no, unknown");
      break;
    case FactType::single_choice:
      check_option(value);
      break;
    case FactType::multiple_choice:
      if (!value.is_array()) bad("is not a list");
      for (const auto& v : value) check_option(v);
      break;
    case FactType::text:
      if (!value.is_string()) bad("is not text");
      break;
    case FactType::number:
      if (!value.is_number()) bad("is not a number");
      break;
    case FactType::date:
      if (!value.is_string() || !Date::try_parse(value.get_ref<const std::string&>()))
        bad("is not a date (YYYY-MM-DD)");
      break;
    case FactType::person_list:
      if (!value.is_array()) bad("is not a list of people");
      if (value.size() > kMaxPeopleInList) bad("lists more than " + std::to_string(kMaxPeopleInList) + " people");
      for (std::size_t i = 0; i < value.size(); ++i) {
        JsonReader r(value[i], field + "[" + std::to_string(i) + "]");
        (void)read_person(r);
      }
      break;
  }
}

std::string_view answer_or_unknown(const std::map<std::string, nlohmann::json>& answers, std::string_view id) {
  auto it = answers.find(std::string(id));
  if (it == answers.end() || !it->second.is_string()) return "unknown";
  return it->second.get_ref<const std::string&>();
}

}  // namespace doorstep
