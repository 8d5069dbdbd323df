#pragma once
// A reason or alert sentence with placeholders, compiled at load time:
//   {<fact path>}      the fact's value in words (dates as "2 Mar 2026")
//   {matched}          the labels of the rule's condition nodes that held
//   {param.<name>}     a parameter's value
//   {crn} {visit_date} {today} {sentence_start}: short forms of case.crn,
//                      visit.date, context.today, case.sentence.start
// "|cap" after a name capitalises the first letter: "{matched|cap}".
#include <optional>
#include <string>
#include <vector>

#include "rules/condition.hpp"

namespace doorstep {

class ReasonTemplate {
 public:
  ReasonTemplate() = default;
  // Throws Error(bad_input) at `site`/`field` on an unknown placeholder or an unclosed brace.
  static ReasonTemplate compile(const std::string& text, ConditionPool& pool,
                                const std::map<std::string, int>& parameters, const CompileSite& site,
                                const std::string& field);
  [[nodiscard]] std::string render(const EvalEnv& env, const std::vector<std::string>& matched) const;
  [[nodiscard]] bool uses_matched() const;

 private:
  struct Part {
    std::string literal;
    std::optional<FactRef> fact;
    bool matched = false;
    bool cap = false;
  };
  std::vector<Part> m_parts;
};

// A value in words, for sentences.
std::string describe(const Value& v, ValueType type);

}  // namespace doorstep
