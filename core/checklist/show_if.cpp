#include "checklist/show_if.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace doorstep {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& field, const std::string& msg) {
  throw Error(ErrorCode::bad_input, where + ": field " + field + ": " + msg);
}

}  // namespace

ShowIf ShowIf::compile(const nlohmann::json& j, const std::string& where, const std::string& field,
                       const ItemLookup& lookup) {
  if (!j.is_object() || j.empty()) fail(where, field, "expected a condition object, got " + j.dump());
  ShowIf s;
  auto only = [&](std::initializer_list<std::string_view> keys) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
        fail(where, field + "." + it.key(), "unknown operator '" + it.key() + "'");
    }
  };
  if (j.contains("all") || j.contains("any")) {
    const char* key = j.contains("all") ? "all" : "any";
    only({key});
    s.m_op = j.contains("all") ? Op::all : Op::any;
    const auto& list = j[key];
    if (!list.is_array() || list.empty()) fail(where, field + "." + key, "expected a non-empty list of conditions");
    for (std::size_t i = 0; i < list.size(); ++i)
      s.m_kids.push_back(compile(list[i], where, field + "." + key + "[" + std::to_string(i) + "]", lookup));
    return s;
  }
  if (j.contains("not")) {
    only({"not"});
    s.m_op = Op::not_;
    s.m_kids.push_back(compile(j["not"], where, field + ".not", lookup));
    return s;
  }
  if (!j.contains("answer")) {
    only({});
    fail(where, field, "no operator");
  }
  only({"answer", "equals", "in", "answered"});
  if (!j["answer"].is_string()) fail(where, field + ".answer", "expected a fact id");
  s.m_fact = j["answer"].get<std::string>();
  std::vector<std::string> options;
  const FactDef* def = lookup(s.m_fact, options);
  if (!def) fail(where, field + ".answer", "unknown item '" + s.m_fact + "' (not in this template)");
  s.m_absent_is_unknown = def->type == FactType::yes_no_unknown;
  const int ops = static_cast<int>(j.contains("equals")) + static_cast<int>(j.contains("in")) +
                  static_cast<int>(j.contains("answered"));
  if (ops != 1) fail(where, field, "expected exactly one of equals, in, answered");
  if (j.contains("answered")) {
    if (!j["answered"].is_boolean()) fail(where, field + ".answered", "expected true or false");
    s.m_op = Op::answered;
    s.m_answered = j["answered"].get<bool>();
    return s;
  }
  const bool choice = def->type == FactType::yes_no_unknown || def->type == FactType::single_choice ||
                      def->type == FactType::multiple_choice;
  if (!choice) fail(where, field + ".answer", "'" + s.m_fact + "' is not a choice item: use 'answered'");
  const char* key = j.contains("equals") ? "equals" : "in";
  s.m_op = j.contains("equals") ? Op::equals : Op::in;
  std::vector<nlohmann::json> values;
  if (s.m_op == Op::equals) {
    values.push_back(j[key]);
  } else {
    if (!j[key].is_array() || j[key].empty()) fail(where, field + ".in", "expected a non-empty list");
    for (const auto& v : j[key]) values.push_back(v);
  }
  for (const auto& v : values) {
    if (!v.is_string()) fail(where, field + "." + key, "expected a string, got " + v.dump());
    const auto& text = v.get_ref<const std::string&>();
    if (std::find(options.begin(), options.end(), text) == options.end())
      fail(where, field + "." + key, "'" + text + "' is not an option of " + s.m_fact);
    s.m_values.push_back(text);
  }
  return s;
}

bool ShowIf::holds(const Answers& answers) const {
  switch (m_op) {
    case Op::all:
      return std::all_of(m_kids.begin(), m_kids.end(), [&](const ShowIf& k) { return k.holds(answers); });
    case Op::any:
      return std::any_of(m_kids.begin(), m_kids.end(), [&](const ShowIf& k) { return k.holds(answers); });
    case Op::not_: return !m_kids[0].holds(answers);
    case Op::answered: return answers.count(m_fact) == static_cast<std::size_t>(m_answered ? 1 : 0);
    case Op::equals:
    case Op::in: {
      auto it = answers.find(m_fact);
      auto listed = [&](const nlohmann::json& v) {
        return v.is_string() &&
               std::find(m_values.begin(), m_values.end(), v.get_ref<const std::string&>()) != m_values.end();
      };
      if (it == answers.end()) {
        return m_absent_is_unknown && std::find(m_values.begin(), m_values.end(), "unknown") != m_values.end();
      }
      if (it->second.is_array()) return std::any_of(it->second.begin(), it->second.end(), listed);
      return listed(it->second);
    }
  }
  return false;
}

void ShowIf::referenced_facts(std::vector<std::string>& out) const {
  if (!m_fact.empty()) out.push_back(m_fact);
  for (const auto& k : m_kids) k.referenced_facts(out);
}

}  // namespace doorstep
