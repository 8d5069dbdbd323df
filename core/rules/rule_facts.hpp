#pragma once
// The fact paths a rule condition can read ("case.rosh", "visit.answers.x",
// "derived.elevated", "item.age" ...), their value types, and the
// per-evaluation environment that resolves them. Paths are resolved to
// FactRefs once, when a rule set is loaded; evaluation never parses strings.
// Internal to core/rules (the grammar is documented in docs/rules.md).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/facts.hpp"
#include "domain/model.hpp"

namespace doorstep {

struct RuleContext;

enum class ValueType { boolean, choice, text, number, date, list };

// One resolved value. `none` means absent / unknown (no visit, no answer,
// no date recorded). Views point into the case, the visit or the EvalEnv.
struct Value {
  enum class Kind { none, boolean, number, text, date, list };
  Kind kind = Kind::none;
  bool boolean = false;
  double number = 0;
  std::string_view text;
  Date date;
  std::span<const std::string_view> list;

  static Value of(bool b) { Value v; v.kind = Kind::boolean; v.boolean = b; return v; }
  static Value of_number(double n) { Value v; v.kind = Kind::number; v.number = n; return v; }
  static Value of_text(std::string_view t) { Value v; v.kind = Kind::text; v.text = t; return v; }
  static Value of_date(Date d) { Value v; v.kind = Kind::date; v.date = d; return v; }
  static Value of_date(std::optional<Date> d) { return d ? of_date(*d) : Value{}; }
  static Value of_list(std::span<const std::string_view> l) { Value v; v.kind = Kind::list; v.list = l; return v; }
};

// The element a `count ... where` condition is looking at.
struct Item {
  const Person* person = nullptr;
  const Check* check = nullptr;
};

enum class ItemKind { none, person, check };

class EvalEnv;

// A fact path resolved at load time.
struct FactRef {
  std::string path;
  ValueType type = ValueType::boolean;
  std::span<const std::string_view> options;  // allowed values of choice / list facts (empty: any)
  ItemKind item = ItemKind::none;             // item.* facts need an element of this kind
  bool absent_is_unknown = false;             // yes/no/unknown answers: not given reads as "unknown"
  Value (*get)(const EvalEnv&, const Item&) = nullptr;  // case / visit / derived facts
  int answer_slot = -1;                                 // visit.answers.* facts: slot in the EvalEnv
};

// A list a `count` condition walks.
struct CollectionRef {
  std::string path;
  ItemKind item = ItemKind::person;
  int id = 0;  // which collection (see rule_facts.cpp)
};

// The visit answers a rule set reads, in slot order (filled at load time).
struct AnswerSlots {
  std::vector<const FactDef*> facts;
  int slot_of(const FactDef* fact);  // adds the fact if new
};

// Resolves `path`; nullopt if unknown. Answer facts get a slot in `slots`.
std::optional<FactRef> resolve_fact(std::string_view path, AnswerSlots& slots);
std::optional<CollectionRef> resolve_collection(std::string_view path);
// All known fixed paths with their meaning, for docs and error hints.
std::vector<std::pair<std::string_view, std::string_view>> known_fact_paths();
std::vector<std::string_view> known_collection_paths();

// Everything one evaluation reads, derived once up front.
class EvalEnv {
 public:
  EvalEnv(const RuleContext& ctx, const AnswerSlots& slots);

  [[nodiscard]] Value value(const FactRef& ref, const Item& item) const {
    return ref.answer_slot >= 0 ? m_answers[static_cast<std::size_t>(ref.answer_slot)] : ref.get(*this, item);
  }
  // Calls fn(const Item&) for each element of the collection.
  template <class F>
  void for_each(const CollectionRef& c, F&& fn) const;

  [[nodiscard]] const Case& ctx_case() const { return *m_case; }

  const RuleContext& ctx;
  const Visit* visit;
  bool children_involved = false;
  bool elevated = false;
  bool children_at_address = false;
  std::optional<bool> visit_purposeful;
  std::string not_purposeful_reasons;
  std::optional<Date> last_purposeful;
  std::optional<Date> latest_csc_outcome, latest_csc, latest_police_outcome, latest_police;
  std::optional<Date> awaiting_csc, awaiting_police;  // oldest request awaiting a reply
  const Check* latest_concerning = nullptr;            // latest answered check with a concerning result
  bool rosh_increased = false;
  bool protected_person_present = false;
  std::vector<std::string_view> requirements;
  std::vector<std::string_view> restrictions;
  std::vector<Person> answer_people_present;  // visit.answers.people_present, parsed
  std::string people_met;  // everyone recorded present at the visit, described (domain/person_rules.hpp)

 private:
  const Case* m_case;
  std::vector<Value> m_answers;
  std::vector<std::vector<std::string_view>> m_answer_lists;
};

// Collection ids (CollectionRef::id).
enum class CollectionId { household, victims, people, people_present, checks };

template <class F>
void EvalEnv::for_each(const CollectionRef& c, F&& fn) const {
  auto people = [&](const std::vector<Person>& list) {
    for (const auto& p : list) fn(Item{&p, nullptr});
  };
  switch (static_cast<CollectionId>(c.id)) {
    case CollectionId::household: people(ctx_case().household); break;
    case CollectionId::victims: people(ctx_case().victims); break;
    case CollectionId::people:
      people(ctx_case().household);
      people(ctx_case().victims);
      break;
    case CollectionId::people_present:
      if (visit) people(visit->people_present);
      people(answer_people_present);
      break;
    case CollectionId::checks:
      for (const auto& k : ctx_case().checks) fn(Item{nullptr, &k});
      break;
  }
}

}  // namespace doorstep
