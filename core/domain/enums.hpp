#pragma once
// The shared vocabulary's closed sets (../shared/domain/scenario.schema.json),
// each with its stable string ids. An enum's values are 0..N-1 in the order
// of its names table; ids never change meaning once shipped.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep {

template <class E>
struct EnumNames;  // specialised below: static constexpr std::array names

enum class Rosh { low, medium, high, very_high };
enum class MappaLevel { none, level_1, level_2, level_3 };
enum class ChildProtection { none, concerns, child_in_need, cp_plan };
enum class SentenceType { community_order, suspended_sentence_order, licence };
enum class Requirement {
  supervision, unpaid_work, accredited_programme, alcohol_treatment, drug_rehabilitation,
  mental_health_treatment, specified_activity, curfew, exclusion, residence, electronic_monitoring
};
enum class Relationship { partner, ex_partner, child, stepchild, sibling, parent, other_adult, other_child };
// Where a person met at the door sleeps: at the address, some nights, or elsewhere.
enum class Residence { lives_here, stays_over, visits };
enum class Restriction { restraining_order, no_contact_condition, exclusion_zone, curfew, approved_premises, sopo };
enum class CheckKind { csc_check, police_da_check };
// A check's coded answer (rules.md, rule set 2).
enum class CheckResult { no_information, known_closed, known_open, callouts_found, concerns_shared };
enum class VisitKind { initial, repeat, unannounced };
enum class VisitOutcome { completed, no_access, refused };
enum class NoteCategory {
  risk, safeguarding, domestic_abuse, substance_misuse, accommodation, relationships,
  employment, mental_health, compliance, officer_safety, victim, general
};
enum class Severity { info, concern, urgent };
enum class NoteKind { entry, amendment, retraction };
enum class ActionKind {
  home_visit, csc_check, police_da_check, police_notify, rosh_review, rmp_review,
  sentence_plan_review, manager_oversight, enforcement_review, mappa_review, cp_meeting,
  vlo_inform, interventions_review, oversight_returned
};
enum class Priority { urgent, high, normal };
enum class ActionStatus { open, done, dismissed };
enum class YesNoUnknown { yes, no, unknown };

#define DOORSTEP_NAMES(Type, ...)                                             \
  template <>                                                                 \
  struct EnumNames<Type> {                                                    \
    static constexpr std::string_view type_name = #Type;                      \
    static constexpr std::array names{__VA_ARGS__};                           \
  }

using namespace std::string_view_literals;
DOORSTEP_NAMES(Rosh, "low"sv, "medium"sv, "high"sv, "very_high"sv);
DOORSTEP_NAMES(MappaLevel, "none"sv, "level_1"sv, "level_2"sv, "level_3"sv);
DOORSTEP_NAMES(ChildProtection, "none"sv, "concerns"sv, "child_in_need"sv, "cp_plan"sv);
DOORSTEP_NAMES(SentenceType, "community_order"sv, "suspended_sentence_order"sv, "licence"sv);
DOORSTEP_NAMES(Requirement, "supervision"sv, "unpaid_work"sv, "accredited_programme"sv,
               "alcohol_treatment"sv, "drug_rehabilitation"sv, "mental_health_treatment"sv,
               "specified_activity"sv, "curfew"sv, "exclusion"sv, "residence"sv,
               "electronic_monitoring"sv);
DOORSTEP_NAMES(Relationship, "partner"sv, "ex_partner"sv, "child"sv, "stepchild"sv, "sibling"sv,
               "parent"sv, "other_adult"sv, "other_child"sv);
DOORSTEP_NAMES(Restriction, "restraining_order"sv, "no_contact_condition"sv, "exclusion_zone"sv,
               "curfew"sv, "approved_premises"sv, "sopo"sv);
DOORSTEP_NAMES(CheckKind, "csc_check"sv, "police_da_check"sv);
DOORSTEP_NAMES(CheckResult, "no_information"sv, "known_closed"sv, "known_open"sv, "callouts_found"sv,
               "concerns_shared"sv);
DOORSTEP_NAMES(Residence, "lives_here"sv, "stays_over"sv, "visits"sv);
DOORSTEP_NAMES(VisitKind, "initial"sv, "repeat"sv, "unannounced"sv);
DOORSTEP_NAMES(VisitOutcome, "completed"sv, "no_access"sv, "refused"sv);
DOORSTEP_NAMES(NoteCategory, "risk"sv, "safeguarding"sv, "domestic_abuse"sv, "substance_misuse"sv,
               "accommodation"sv, "relationships"sv, "employment"sv, "mental_health"sv,
               "compliance"sv, "officer_safety"sv, "victim"sv, "general"sv);
DOORSTEP_NAMES(Severity, "info"sv, "concern"sv, "urgent"sv);
DOORSTEP_NAMES(NoteKind, "entry"sv, "amendment"sv, "retraction"sv);
DOORSTEP_NAMES(ActionKind, "home_visit"sv, "csc_check"sv, "police_da_check"sv, "police_notify"sv,
               "rosh_review"sv, "rmp_review"sv, "sentence_plan_review"sv, "manager_oversight"sv,
               "enforcement_review"sv, "mappa_review"sv, "cp_meeting"sv, "vlo_inform"sv,
               "interventions_review"sv, "oversight_returned"sv);
DOORSTEP_NAMES(Priority, "urgent"sv, "high"sv, "normal"sv);
DOORSTEP_NAMES(ActionStatus, "open"sv, "done"sv, "dismissed"sv);
DOORSTEP_NAMES(YesNoUnknown, "yes"sv, "no"sv, "unknown"sv);
#undef DOORSTEP_NAMES

template <class E>
constexpr std::string_view to_string(E value) {
  return EnumNames<E>::names[static_cast<std::size_t>(value)];
}

template <class E>
constexpr std::optional<E> enum_from_string(std::string_view text) {
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

// "a, b, c": the allowed ids, for error messages.
template <class E>
std::string enum_choices() {
  std::string out;
  for (auto n : EnumNames<E>::names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Throws Error(bad_input) naming `field`, the value and the allowed ids.
[[noreturn]] void throw_bad_enum(std::string_view field, std::string_view value, const std::string& choices);

template <class E>
E parse_enum(std::string_view text, std::string_view field) {
  if (auto v = enum_from_string<E>(text)) return *v;
  throw_bad_enum(field, text, enum_choices<E>());
}

}  // namespace doorstep
