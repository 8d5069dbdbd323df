#pragma once
// The checklist's skip-logic conditions: small, over the visit's answers only
// (the app pre-fills case facts as answers, see checklist/prefill.hpp):
//   {"answer": FACT, "equals": v}   {"answer": FACT, "in": [v...]}
//   {"answer": FACT, "answered": true|false}
//   {"all": [c...]}  {"any": [c...]}  {"not": c}
// An unanswered yes/no/unknown item reads "unknown".
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "domain/facts.hpp"
#include "domain/model.hpp"

namespace doorstep {

class ShowIf {
 public:
  // Resolves an item's fact id to its definition and allowed options; nullptr if not in the template.
  using ItemLookup = std::function<const FactDef*(const std::string& fact, std::vector<std::string>& options)>;
  // Throws Error(bad_input) "<where>: field <field>: ..." on anything it does not understand.
  static ShowIf compile(const nlohmann::json& j, const std::string& where, const std::string& field,
                        const ItemLookup& lookup);
  [[nodiscard]] bool holds(const Answers& answers) const;
  // The fact ids this condition reads.
  void referenced_facts(std::vector<std::string>& out) const;

 private:
  enum class Op { all, any, not_, equals, in, answered };
  Op m_op = Op::all;
  std::string m_fact;
  bool m_absent_is_unknown = false;
  bool m_answered = true;
  std::vector<std::string> m_values;
  std::vector<ShowIf> m_kids;
};

}  // namespace doorstep
