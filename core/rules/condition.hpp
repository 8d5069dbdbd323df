#pragma once
// The rule condition language, compiled once into a tree of nodes (indices
// into one pool) and evaluated without any JSON or string work. Grammar in
// docs/rules.md:
//   {"all": [c...]}  {"any": [c...]}  {"not": c}  {"use": "<definition>"}
//   {"fact": P, "equals": v}  {"fact": P, "in": [v...]}  {"fact": P, "exists": bool}
//   {"fact": P, "contains": [v...]}  {"fact": P, "only": [v...]}          (list facts)
//   {"fact": P, "at_least": n, "at_most": n}                              (number facts)
//   {"date": P, "plus": {"days"|"working_days": n}, "before"|"after"|"on_or_before"|"on_or_after": P|date}
//   {"date": P, "within": {"days"|"working_days": n}, "of": P|date}
//   {"count": COLLECTION, "where": c, "at_least": n, "at_most": n}
// Any node may carry "label": words naming what it detects ({matched} in reasons).
// Numbers may be a parameter name (a string) instead of a literal.
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_facts.hpp"

namespace doorstep {

// Where a compile error is reported: "<file>: rule R5a" plus the field path.
struct CompileSite {
  std::string where;  // e.g. "rules-v1.json: rule R5a"
  [[noreturn]] void fail(const std::string& field, const std::string& message) const;
};

class ConditionPool {
 public:
  using DefinitionLookup = std::function<int(const std::string& name, const CompileSite&, const std::string& field)>;

  ConditionPool(const std::map<std::string, int>& parameters, AnswerSlots& slots)
      : m_parameters(&parameters), m_slots(&slots) {}

  // Compiles `j` (at `field`, e.g. "condition") and returns its node index.
  // `definitions` resolves {"use": name} to a compiled node index.
  int compile(const nlohmann::json& j, const CompileSite& site, const std::string& field,
              const DefinitionLookup& definitions, ItemKind item = ItemKind::none);
  // A parameter name or a literal integer, at `field`.
  int number_or_parameter(const nlohmann::json& j, const CompileSite& site, const std::string& field) const;
  // A fact path for a placeholder or a due date; nullopt if unknown.
  std::optional<FactRef> resolve(std::string_view path) { return resolve_fact(path, *m_slots); }

  [[nodiscard]] bool eval(int node, const EvalEnv& env, const Item& item = {}) const;
  // Labels of the labelled nodes that hold, walking only through nodes that hold.
  void matched_labels(int node, const EvalEnv& env, std::vector<std::string>& out, const Item& item = {}) const;

 private:
  enum class Op { all, any, not_, use, equals, in, exists, contains, only, range, date_cmp, date_within, count };
  enum class DateCmp { before, after, on_or_before, on_or_after };
  struct Offset {
    bool working = false;
    int n = 0;
  };
  struct Node {
    Op op = Op::all;
    std::string label;
    std::vector<int> kids;
    FactRef fact;
    std::optional<FactRef> other;   // right-hand date fact
    std::optional<Date> other_date;  // right-hand literal date
    std::vector<std::string> texts;  // equals / in / contains / only
    bool boolean = false;            // equals (boolean facts) / exists
    std::optional<double> at_least, at_most;
    DateCmp cmp = DateCmp::before;
    Offset offset;
    CollectionRef collection;
  };

  FactRef fact_at(const nlohmann::json& j, const CompileSite& site, const std::string& field, ItemKind item);
  Offset offset_at(const nlohmann::json& j, const CompileSite& site, const std::string& field) const;
  void literal_texts(Node& n, const nlohmann::json& j, const CompileSite& site, const std::string& field,
                     bool list) const;
  void range_at(Node& n, const nlohmann::json& j, const CompileSite& site, const std::string& field) const;
  [[nodiscard]] bool holds(const Node& n, const EvalEnv& env, const Item& item) const;
  [[nodiscard]] static Date shifted(Date d, const Offset& o);

  const std::map<std::string, int>* m_parameters;
  AnswerSlots* m_slots;
  std::vector<Node> m_nodes;
};

}  // namespace doorstep
