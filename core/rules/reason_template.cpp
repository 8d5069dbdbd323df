#include "rules/reason_template.hpp"

#include <cmath>

#include "rules/display.hpp"

namespace doorstep {
namespace {

std::string alias(const std::string& name) {
  if (name == "crn") return "case.crn";
  if (name == "visit_date") return "visit.date";
  if (name == "today") return "context.today";
  if (name == "sentence_start") return "case.sentence.start";
  return name;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

std::string describe(const Value& v, ValueType type) {
  switch (v.kind) {
    case Value::Kind::none: return type == ValueType::text ? "" : "not recorded";
    case Value::Kind::boolean: return v.boolean ? "yes" : "no";
    case Value::Kind::number: {
      const double r = std::round(v.number);
      return r == v.number ? std::to_string(static_cast<long long>(r)) : std::to_string(v.number);
    }
    case Value::Kind::text: return type == ValueType::choice ? display_id(v.text) : std::string(v.text);
    case Value::Kind::date: return display_date(v.date);
    case Value::Kind::list: {
      std::vector<std::string> words;
      for (auto s : v.list) words.push_back(display_id(s));
      return words.empty() ? "none" : join_words(words);
    }
  }
  return "";
}

ReasonTemplate ReasonTemplate::compile(const std::string& text, ConditionPool& pool,
                                       const std::map<std::string, int>& parameters, const CompileSite& site,
                                       const std::string& field) {
  ReasonTemplate t;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '}') site.fail(field, "unmatched '}' at character " + std::to_string(i));
    if (text[i] != '{') {
      literal += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string::npos) site.fail(field, "unclosed '{' at character " + std::to_string(i));
    std::string name = text.substr(i + 1, close - i - 1);
    Part p;
    if (name.ends_with("|cap")) {
      p.cap = true;
      name.resize(name.size() - 4);
    }
    if (name == "matched") {
      p.matched = true;
    } else if (name.starts_with("param.")) {
      auto it = parameters.find(name.substr(6));
      if (it == parameters.end()) site.fail(field, "unknown parameter '" + name.substr(6) + "' in {" + name + "}");
      literal += std::to_string(it->second);
      i = close + 1;
      continue;
    } else {
      auto ref = pool.resolve(alias(name));
      if (!ref || ref->item != ItemKind::none) site.fail(field, "unknown placeholder {" + name + "}");
      p.fact = std::move(ref);
    }
    p.literal = std::move(literal);
    literal.clear();
    t.m_parts.push_back(std::move(p));
    i = close + 1;
  }
  if (!literal.empty()) {
    Part tail;
    tail.literal = std::move(literal);
    t.m_parts.push_back(std::move(tail));
  }
  return t;
}

bool ReasonTemplate::uses_matched() const {
  for (const auto& p : m_parts) {
    if (p.matched) return true;
  }
  return false;
}

std::string ReasonTemplate::render(const EvalEnv& env, const std::vector<std::string>& matched) const {
  std::string out;
  for (const auto& p : m_parts) {
    out += p.literal;
    std::string value;
    if (p.matched) value = join_words(matched);
    else if (p.fact) value = describe(env.value(*p.fact, Item{}), p.fact->type);
    else continue;
    out += p.cap ? capitalised(std::move(value)) : value;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();  // an empty placeholder at the end
  return out;
}

}  // namespace doorstep
