#include "rules/rule_facts.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "domain/enums.hpp"
#include "domain/json_reader.hpp"
#include "domain/person_rules.hpp"
#include "rules/purposeful.hpp"
#include "rules/rule_set.hpp"

namespace doorstep {
namespace {

using VT = ValueType;
using Getter = Value (*)(const EvalEnv&, const Item&);

template <class E>
std::span<const std::string_view> names_of() {
  return EnumNames<E>::names;
}

struct FixedFact {
  std::string_view path;
  ValueType type;
  std::span<const std::string_view> options;
  ItemKind item;
  Getter get;
  std::string_view meaning;
};

template <class E>
Value enum_value(E e) {
  return Value::of_text(to_string(e));
}

Value opt_bool(const std::optional<bool>& b) { return b ? Value::of(*b) : Value{}; }

// The fixed fact paths. Immutable table; order is the documentation order.
const std::vector<FixedFact>& fixed_facts() {
  static const std::vector<FixedFact> facts = {
      // case.*
      {"case.crn", VT::text, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_text(e.ctx_case().crn); }, "the case reference number"},
      {"case.name", VT::text, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_text(e.ctx_case().name); }, "the person's name"},
      {"case.rosh", VT::choice, names_of<Rosh>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return enum_value(e.ctx_case().rosh); }, "RoSH classification"},
      {"case.mappa_level", VT::choice, names_of<MappaLevel>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return enum_value(e.ctx_case().mappa_level); }, "MAPPA level"},
      {"case.mappa_eligible", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.ctx_case().mappa_eligible); },
       "the case meets MAPPA criteria"},
      {"case.child_protection", VT::choice, names_of<ChildProtection>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return enum_value(e.ctx_case().child_protection); },
       "child protection status"},
      {"case.cp_next_meeting", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx_case().cp_next_meeting); },
       "date of the next CP conference or core group"},
      {"case.cp_report_sent", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.ctx_case().cp_report_sent); },
       "the report for the next CP meeting has been sent"},
      {"case.domestic_abuse_perpetrator", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.ctx_case().domestic_abuse_perpetrator); },
       "the person is a domestic abuse perpetrator"},
      {"case.sentence.type", VT::choice, names_of<SentenceType>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return enum_value(e.ctx_case().sentence.type); }, "sentence type"},
      {"case.sentence.start", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx_case().sentence.start); },
       "sentence or licence start date"},
      {"case.sentence.end", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx_case().sentence.end); }, "sentence end date"},
      {"case.sentence.requirements", VT::list, names_of<Requirement>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_list(e.requirements); }, "the sentence's requirements"},
      {"case.restrictions", VT::list, names_of<Restriction>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_list(e.restrictions); }, "restrictive requirements"},
      {"case.last_purposeful_home_visit", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx_case().last_purposeful_home_visit); },
       "the last purposeful home visit as recorded on the case"},
      {"case.rosh_reviewed", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx_case().rosh_reviewed); },
       "the date of the last RoSH assessment or review"},
      // visit.*
      {"visit.exists", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.visit != nullptr); },
       "a visit is being evaluated (false for case-only evaluation)"},
      {"visit.date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return e.visit ? Value::of_date(e.visit->date) : Value{}; },
       "the visit date"},
      {"visit.kind", VT::choice, names_of<VisitKind>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.visit && e.visit->kind ? enum_value(*e.visit->kind) : Value{};
       },
       "initial, repeat or unannounced"},
      {"visit.outcome", VT::choice, names_of<VisitOutcome>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) { return e.visit ? enum_value(e.visit->outcome) : Value{}; },
       "completed, no_access or refused"},
      // context.*
      {"context.today", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.ctx.today); }, "the evaluation date"},
      {"context.previous_rosh", VT::choice, names_of<Rosh>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.ctx.previous_rosh ? enum_value(*e.ctx.previous_rosh) : Value{};
       },
       "the RoSH before the latest change, when known"},
      // checks.*
      {"checks.csc_check.latest_outcome_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.latest_csc_outcome); },
       "date of the latest children's social care check with an outcome"},
      {"checks.csc_check.latest_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.latest_csc); },
       "date of the latest children's social care check, answered or not"},
      {"checks.police_da_check.latest_outcome_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.latest_police_outcome); },
       "date of the latest police DA callout check with an outcome"},
      {"checks.police_da_check.latest_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.latest_police); },
       "date of the latest police DA callout check, answered or not"},
      {"checks.csc_check.oldest_awaiting_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.awaiting_csc); },
       "date of the oldest children's social care check requested and awaiting a reply"},
      {"checks.police_da_check.oldest_awaiting_date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.awaiting_police); },
       "date of the oldest police DA callout check requested and awaiting a reply"},
      {"checks.latest_concerning.date", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.latest_concerning ? Value::of_date(e.latest_concerning->answered_on()) : Value{};
       },
       "the day the latest concerning check result (known_open, callouts_found, concerns_shared) was recorded"},
      {"checks.latest_concerning.kind", VT::choice, names_of<CheckKind>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.latest_concerning ? enum_value(e.latest_concerning->kind) : Value{};
       },
       "the kind of the check with the latest concerning result"},
      {"checks.latest_concerning.result", VT::choice, names_of<CheckResult>(), ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.latest_concerning ? enum_value(*e.latest_concerning->result) : Value{};
       },
       "the latest concerning check result"},
      // derived.*
      {"derived.children_involved", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.children_involved); },
       "children involved (rules.md): a child in the household or among victims, or the visit recorded "
       "children_present, new_child_contact or partner_pregnant"},
      {"derived.elevated", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.elevated); },
       "RoSH high / very high, or child protection status other than none"},
      {"derived.children_live_at_address", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.children_at_address); },
       "a child lives at the address (case household, or the visit's children_live_at_address)"},
      {"derived.visit_purposeful", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return opt_bool(e.visit_purposeful); },
       "the visit was purposeful (absent without a visit)"},
      {"derived.not_purposeful_reasons", VT::text, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) {
         return e.visit ? Value::of_text(e.not_purposeful_reasons) : Value{};
       },
       "why the visit is not purposeful, in words (for reasons)"},
      {"derived.people_met", VT::text, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return e.visit ? Value::of_text(e.people_met) : Value{}; },
       "everyone recorded present at the visit: name, relationship, age, where they live (for reasons)"},
      {"derived.last_purposeful_visit", VT::date, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of_date(e.last_purposeful); },
       "the latest purposeful home visit: recorded on the case, earlier visits, or this visit"},
      {"derived.rosh_increased", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.rosh_increased); },
       "the previous RoSH is known and lower than the current one"},
      {"derived.protected_person_present", VT::boolean, {}, ItemKind::none,
       [](const EvalEnv& e, const Item&) { return Value::of(e.protected_person_present); },
       "someone a restriction protects is among the people present (flagged, or by name)"},
      // item.* (inside count ... where)
      {"item.is_child", VT::boolean, {}, ItemKind::person,
       [](const EvalEnv&, const Item& i) { return Value::of(i.person->is_child()); },
       "the person is under 18 or has a child relationship"},
      {"item.relationship", VT::choice, names_of<Relationship>(), ItemKind::person,
       [](const EvalEnv&, const Item& i) { return enum_value(i.person->relationship); }, "relationship"},
      {"item.age", VT::number, {}, ItemKind::person,
       [](const EvalEnv&, const Item& i) {
         return i.person->age ? Value::of_number(*i.person->age) : Value{};
       },
       "age in years"},
      {"item.lives_at_address", VT::boolean, {}, ItemKind::person,
       [](const EvalEnv&, const Item& i) { return opt_bool(i.person->lives_at_address); },
       "lives at the address (absent when not recorded)"},
      {"item.protected_by_restriction", VT::boolean, {}, ItemKind::person,
       [](const EvalEnv&, const Item& i) { return Value::of(i.person->protected_by_restriction); },
       "a restraining order or no-contact condition protects them"},
      {"item.known_to_vlo", VT::boolean, {}, ItemKind::person,
       [](const EvalEnv&, const Item& i) { return Value::of(i.person->known_to_vlo); },
       "known to the victim liaison officer"},
      {"item.kind", VT::choice, names_of<CheckKind>(), ItemKind::check,
       [](const EvalEnv&, const Item& i) { return enum_value(i.check->kind); }, "check kind"},
      {"item.date", VT::date, {}, ItemKind::check,
       [](const EvalEnv&, const Item& i) { return Value::of_date(i.check->date); }, "check date"},
      {"item.has_outcome", VT::boolean, {}, ItemKind::check,
       [](const EvalEnv&, const Item& i) {
         return Value::of(i.check->outcome.has_value() && !i.check->outcome->empty());
       },
       "the check has an outcome recorded"},
      {"item.result", VT::choice, names_of<CheckResult>(), ItemKind::check,
       [](const EvalEnv&, const Item& i) { return i.check->result ? enum_value(*i.check->result) : Value{}; },
       "the check's coded result (absent when none is recorded)"},
      {"item.answered", VT::boolean, {}, ItemKind::check,
       [](const EvalEnv&, const Item& i) { return Value::of(i.check->answered()); },
       "the check has an outcome or a result (false: requested, awaiting reply)"},
      {"item.answered_on", VT::date, {}, ItemKind::check,
       [](const EvalEnv&, const Item& i) {
         return i.check->answered() ? Value::of_date(i.check->answered_on()) : Value{};
       },
       "the day the answer was recorded (absent while awaiting reply)"},
  };
  return facts;
}

struct FixedCollection {
  std::string_view path;
  ItemKind item;
  CollectionId id;
};

constexpr std::array<FixedCollection, 5> collections = {{
    {"case.household", ItemKind::person, CollectionId::household},
    {"case.victims", ItemKind::person, CollectionId::victims},
    {"case.people", ItemKind::person, CollectionId::people},
    {"visit.people_present", ItemKind::person, CollectionId::people_present},
    {"case.checks", ItemKind::check, CollectionId::checks},
}};

constexpr std::string_view answers_prefix = "visit.answers.";

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

int AnswerSlots::slot_of(const FactDef* fact) {
  auto it = std::find(facts.begin(), facts.end(), fact);
  if (it != facts.end()) return static_cast<int>(it - facts.begin());
  facts.push_back(fact);
  return static_cast<int>(facts.size()) - 1;
}

std::optional<FactRef> resolve_fact(std::string_view path, AnswerSlots& slots) {
  if (path.starts_with(answers_prefix)) {
    const FactDef* def = find_visit_fact(path.substr(answers_prefix.size()));
    if (!def || def->type == FactType::person_list) return std::nullopt;
    FactRef ref;
    ref.path = std::string(path);
    ref.answer_slot = slots.slot_of(def);
    switch (def->type) {
      case FactType::yes_no_unknown:
        ref.type = VT::choice;
        ref.options = names_of<YesNoUnknown>();
        ref.absent_is_unknown = true;
        break;
      case FactType::single_choice:
        ref.type = VT::choice;
        ref.options = def->options;
        break;
      case FactType::multiple_choice:
        ref.type = VT::list;
        ref.options = def->options;
        break;
      case FactType::text: ref.type = VT::text; break;
      case FactType::number: ref.type = VT::number; break;
      case FactType::date: ref.type = VT::date; break;
      case FactType::person_list: return std::nullopt;
    }
    return ref;
  }
  for (const auto& f : fixed_facts()) {
    if (f.path == path) {
      FactRef ref;
      ref.path = std::string(path);
      ref.type = f.type;
      ref.options = f.options;
      ref.item = f.item;
      ref.get = f.get;
      return ref;
    }
  }
  return std::nullopt;
}

std::optional<CollectionRef> resolve_collection(std::string_view path) {
  for (const auto& c : collections) {
    if (c.path == path) return CollectionRef{std::string(path), c.item, static_cast<int>(c.id)};
  }
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> known_fact_paths() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& f : fixed_facts()) out.emplace_back(f.path, f.meaning);
  return out;
}

std::vector<std::string_view> known_collection_paths() {
  std::vector<std::string_view> out;
  for (const auto& c : collections) out.push_back(c.path);
  return out;
}

EvalEnv::EvalEnv(const RuleContext& context, const AnswerSlots& slots)
    : ctx(context), visit(context.visit), m_case(&context.kase) {
  const Case& c = context.kase;
  children_involved = doorstep::children_involved(c, visit);
  elevated = is_elevated(c);
  children_at_address = children_live_at_address(c, visit);
  if (visit) {
    auto reasons = doorstep::not_purposeful_reasons(c, *visit);
    visit_purposeful = reasons.empty();
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (i > 0) not_purposeful_reasons += i + 1 == reasons.size() ? " and " : ", ";
      not_purposeful_reasons += reasons[i];
    }
  }
  last_purposeful = last_purposeful_visit(c, context.earlier_visits, visit);
  latest_csc_outcome = latest_check_outcome(c, CheckKind::csc_check);
  latest_csc = latest_check(c, CheckKind::csc_check);
  latest_police_outcome = latest_check_outcome(c, CheckKind::police_da_check);
  latest_police = latest_check(c, CheckKind::police_da_check);
  awaiting_csc = oldest_awaiting_check(c, CheckKind::csc_check);
  awaiting_police = oldest_awaiting_check(c, CheckKind::police_da_check);
  latest_concerning = latest_concerning_check(c);
  rosh_increased = context.previous_rosh && *context.previous_rosh < c.rosh;
  for (auto r : c.sentence.requirements) requirements.push_back(to_string(r));
  for (auto r : c.restrictions) restrictions.push_back(to_string(r));

  m_answers.resize(slots.facts.size());
  m_answer_lists.resize(slots.facts.size());
  if (visit) {
    if (auto it = visit->answers.find("people_present"); it != visit->answers.end() && it->second.is_array()) {
      for (std::size_t i = 0; i < it->second.size(); ++i) {
        JsonReader r(it->second[i], "visit.answers.people_present[" + std::to_string(i) + "]");
        answer_people_present.push_back(read_person(r));
      }
    }
    std::vector<std::string> met;
    for (const std::vector<Person>* list : {&visit->people_present, &std::as_const(answer_people_present)})
      for (const auto& p : *list) met.push_back(describe_person(p, visit->date));
    for (std::size_t i = 0; i < met.size(); ++i) {
      if (i > 0) people_met += i + 1 == met.size() ? " and " : ", ";
      people_met += met[i];
    }
    if (met.empty()) people_met = "nobody recorded";
    for (std::size_t s = 0; s < slots.facts.size(); ++s) {
      const FactDef& def = *slots.facts[s];
      auto it = visit->answers.find(std::string(def.id));
      if (it == visit->answers.end()) continue;
      const nlohmann::json& j = it->second;
      Value& v = m_answers[s];
      switch (def.type) {
        case FactType::yes_no_unknown:
        case FactType::single_choice:
        case FactType::text:
          if (j.is_string()) v = Value::of_text(j.get_ref<const std::string&>());
          break;
        case FactType::multiple_choice:
          if (j.is_array()) {
            for (const auto& x : j) {
              if (x.is_string()) m_answer_lists[s].push_back(x.get_ref<const std::string&>());
            }
            v = Value::of_list(m_answer_lists[s]);
          }
          break;
        case FactType::number:
          if (j.is_number()) v = Value::of_number(j.get<double>());
          break;
        case FactType::date:
          if (j.is_string()) v = Value::of_date(Date::try_parse(j.get_ref<const std::string&>()));
          break;
        case FactType::person_list: break;
      }
    }
  }
  // Someone a restriction protects is present: flagged in the people present,
  // or named like a protected person on the case.
  auto protected_on_case = [&](const Person& p) {
    if (p.protected_by_restriction) return true;
    for (const auto* list : {&c.victims, &c.household}) {
      for (const auto& q : *list) {
        if (q.protected_by_restriction && same_name(q.name, p.name)) return true;
      }
    }
    return false;
  };
  if (visit) {
    for (const auto& p : visit->people_present) protected_person_present = protected_person_present || protected_on_case(p);
  }
  for (const auto& p : answer_people_present) protected_person_present = protected_person_present || protected_on_case(p);
}

}  // namespace doorstep
