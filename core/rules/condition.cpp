#include "rules/condition.hpp"

#include <algorithm>
#include <array>

#include "util/error.hpp"

namespace doorstep {
namespace {

constexpr std::array<std::string_view, 7> heads = {"all", "any", "not", "use", "fact", "date", "count"};
constexpr std::array<std::string_view, 14> operands = {"equals", "in",     "exists",      "contains", "only",
                                                       "at_least", "at_most", "plus",      "before",   "after",
                                                       "on_or_before", "on_or_after", "within", "of"};
constexpr std::array<std::string_view, 4> date_cmps = {"before", "after", "on_or_before", "on_or_after"};

bool one_of(std::string_view key, std::span<const std::string_view> set) {
  return std::find(set.begin(), set.end(), key) != set.end();
}

std::string type_name(ValueType t) {
  switch (t) {
    case ValueType::boolean: return "true/false";
    case ValueType::choice: return "choice";
    case ValueType::text: return "text";
    case ValueType::number: return "number";
    case ValueType::date: return "date";
    case ValueType::list: return "list";
  }
  return "?";
}

std::string joined(std::span<const std::string_view> items) {
  std::string out;
  for (auto s : items) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

}  // namespace

void CompileSite::fail(const std::string& field, const std::string& message) const {
  throw Error(ErrorCode::bad_input, where + ": field " + field + ": " + message);
}

int ConditionPool::number_or_parameter(const nlohmann::json& j, const CompileSite& site,
                                       const std::string& field) const {
  if (j.is_number_integer()) return j.get<int>();
  if (j.is_string()) {
    auto it = m_parameters->find(j.get_ref<const std::string&>());
    if (it == m_parameters->end()) site.fail(field, "unknown parameter '" + j.get<std::string>() + "'");
    return it->second;
  }
  site.fail(field, "expected a whole number or a parameter name, got " + j.dump());
}

FactRef ConditionPool::fact_at(const nlohmann::json& j, const CompileSite& site, const std::string& field,
                               ItemKind item) {
  if (!j.is_string()) site.fail(field, "expected a fact path (a string), got " + j.dump());
  const auto& path = j.get_ref<const std::string&>();
  auto ref = resolve_fact(path, *m_slots);
  if (!ref) site.fail(field, "unknown fact '" + path + "'");
  if (ref->item != ItemKind::none && ref->item != item) {
    site.fail(field, "fact '" + path + "' is only known inside a count over " +
                         (ref->item == ItemKind::person ? "a list of people" : "case.checks"));
  }
  return *ref;
}

ConditionPool::Offset ConditionPool::offset_at(const nlohmann::json& j, const CompileSite& site,
                                               const std::string& field) const {
  if (!j.is_object() || j.size() != 1 || (!j.contains("days") && !j.contains("working_days")))
    site.fail(field, "expected {\"days\": n} or {\"working_days\": n}");
  Offset o;
  o.working = j.contains("working_days");
  const char* key = o.working ? "working_days" : "days";
  o.n = number_or_parameter(j.at(key), site, field + "." + key);
  return o;
}

void ConditionPool::literal_texts(Node& n, const nlohmann::json& j, const CompileSite& site,
                                  const std::string& field, bool list) const {
  auto one = [&](const nlohmann::json& v, const std::string& f) {
    if (!v.is_string()) site.fail(f, "expected a string, got " + v.dump());
    const auto& s = v.get_ref<const std::string&>();
    if (!n.fact.options.empty() && !one_of(s, n.fact.options))
      site.fail(f, "'" + s + "' is not a value of " + n.fact.path + " (one of " + joined(n.fact.options) + ")");
    n.texts.push_back(s);
  };
  if (!list) return one(j, field);
  if (!j.is_array() || j.empty()) site.fail(field, "expected a non-empty list, got " + j.dump());
  for (std::size_t i = 0; i < j.size(); ++i) one(j[i], field + "[" + std::to_string(i) + "]");
}

void ConditionPool::range_at(Node& n, const nlohmann::json& j, const CompileSite& site,
                             const std::string& field) const {
  if (j.contains("at_least")) n.at_least = number_or_parameter(j["at_least"], site, field + ".at_least");
  if (j.contains("at_most")) n.at_most = number_or_parameter(j["at_most"], site, field + ".at_most");
}

int ConditionPool::compile(const nlohmann::json& j, const CompileSite& site, const std::string& field,
                           const DefinitionLookup& definitions, ItemKind item) {
  if (!j.is_object()) site.fail(field, "expected a condition object, got " + j.dump());
  std::string head;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (key == "label") continue;
    if (one_of(key, heads)) {
      if (!head.empty()) site.fail(field, "both '" + head + "' and '" + key + "': one operator per condition");
      head = key;
    } else if (!one_of(key, operands) && key != "where") {
      site.fail(field + "." + key, "unknown operator '" + key + "'");
    }
  }
  if (head.empty()) site.fail(field, "no operator (expected one of all, any, not, use, fact, date, count)");

  Node n;
  if (const auto* label = j.contains("label") ? &j["label"] : nullptr) {
    if (!label->is_string() || label->get_ref<const std::string&>().empty())
      site.fail(field + ".label", "expected non-empty text");
    n.label = label->get<std::string>();
  }
  // Keys allowed besides the head and "label".
  auto allow_only = [&](std::initializer_list<std::string_view> allowed) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == head || it.key() == "label") continue;
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
        site.fail(field + "." + it.key(), "'" + it.key() + "' cannot be used with '" + head + "'");
    }
  };
  const nlohmann::json& arg = j[head];
  const std::string arg_field = field + "." + head;

  if (head == "all" || head == "any") {
    allow_only({});
    n.op = head == "all" ? Op::all : Op::any;
    if (!arg.is_array() || arg.empty()) site.fail(arg_field, "expected a non-empty list of conditions");
    for (std::size_t i = 0; i < arg.size(); ++i)
      n.kids.push_back(compile(arg[i], site, arg_field + "[" + std::to_string(i) + "]", definitions, item));
  } else if (head == "not") {
    allow_only({});
    n.op = Op::not_;
    n.kids.push_back(compile(arg, site, arg_field, definitions, item));
  } else if (head == "use") {
    allow_only({});
    n.op = Op::use;
    if (!arg.is_string()) site.fail(arg_field, "expected a definition name");
    n.kids.push_back(definitions(arg.get<std::string>(), site, arg_field));
  } else if (head == "fact") {
    n.fact = fact_at(arg, site, arg_field, item);
    std::string cmp;
    for (auto key : {"equals", "in", "exists", "contains", "only", "at_least", "at_most"}) {
      if (!j.contains(key)) continue;
      const bool range_pair = (cmp == "at_least" && std::string_view(key) == "at_most");
      if (!cmp.empty() && !range_pair) site.fail(field, "both '" + cmp + "' and '" + key + "': one comparison per condition");
      if (!range_pair) cmp = key;
    }
    if (cmp.empty()) site.fail(field, "no comparison (equals, in, exists, contains, only, at_least, at_most)");
    const std::string cmp_field = field + "." + cmp;
    const ValueType t = n.fact.type;
    auto need = [&](bool ok, const std::string& what) {
      if (!ok) site.fail(cmp_field, "'" + cmp + "' needs " + what + "; " + n.fact.path + " is " + type_name(t));
    };
    if (cmp == "exists") {
      allow_only({"exists"});
      n.op = Op::exists;
      if (!j[cmp].is_boolean()) site.fail(cmp_field, "expected true or false");
      n.boolean = j[cmp].get<bool>();
    } else if (cmp == "equals") {
      allow_only({"equals"});
      need(t != ValueType::list && t != ValueType::date, "a true/false, choice, text or number fact");
      if (t == ValueType::boolean) {
        n.op = Op::equals;
        if (!j[cmp].is_boolean()) site.fail(cmp_field, "expected true or false for " + n.fact.path);
        n.boolean = j[cmp].get<bool>();
      } else if (t == ValueType::number) {
        n.op = Op::range;
        n.at_least = n.at_most = number_or_parameter(j[cmp], site, cmp_field);
      } else {
        n.op = Op::equals;
        literal_texts(n, j[cmp], site, cmp_field, false);
      }
    } else if (cmp == "in") {
      allow_only({"in"});
      need(t == ValueType::choice || t == ValueType::text, "a choice or text fact");
      n.op = Op::in;
      literal_texts(n, j[cmp], site, cmp_field, true);
    } else if (cmp == "contains" || cmp == "only") {
      allow_only({cmp});
      need(t == ValueType::list, "a list fact");
      n.op = cmp == "contains" ? Op::contains : Op::only;
      literal_texts(n, j[cmp], site, cmp_field, true);
    } else {
      allow_only({"at_least", "at_most"});
      need(t == ValueType::number, "a number fact");
      n.op = Op::range;
      range_at(n, j, site, field);
    }
  } else if (head == "date") {
    n.fact = fact_at(arg, site, arg_field, item);
    if (n.fact.type != ValueType::date) site.fail(arg_field, "'" + n.fact.path + "' is not a date fact");
    auto rhs = [&](const nlohmann::json& v, const std::string& f) {
      if (!v.is_string()) site.fail(f, "expected a date fact path or a YYYY-MM-DD date, got " + v.dump());
      const auto& s = v.get_ref<const std::string&>();
      if (auto d = Date::try_parse(s)) {
        n.other_date = d;
        return;
      }
      n.other = fact_at(v, site, f, item);
      if (n.other->type != ValueType::date) site.fail(f, "'" + s + "' is not a date fact");
    };
    if (j.contains("within")) {
      allow_only({"within", "of"});
      n.op = Op::date_within;
      n.offset = offset_at(j["within"], site, field + ".within");
      if (!j.contains("of")) site.fail(field, "'within' needs 'of' (the date it is counted from)");
      rhs(j["of"], field + ".of");
    } else {
      allow_only({"plus", "before", "after", "on_or_before", "on_or_after"});
      n.op = Op::date_cmp;
      std::string cmp;
      for (std::size_t i = 0; i < date_cmps.size(); ++i) {
        if (!j.contains(date_cmps[i])) continue;
        if (!cmp.empty()) site.fail(field, "both '" + cmp + "' and '" + std::string(date_cmps[i]) + "'");
        cmp = date_cmps[i];
        n.cmp = static_cast<DateCmp>(i);
      }
      if (cmp.empty()) site.fail(field, "no comparison (before, after, on_or_before, on_or_after, within)");
      if (j.contains("plus")) n.offset = offset_at(j["plus"], site, field + ".plus");
      rhs(j[cmp], field + "." + cmp);
    }
  } else {  // count
    allow_only({"where", "at_least", "at_most"});
    n.op = Op::count;
    if (!arg.is_string()) site.fail(arg_field, "expected a collection path");
    auto c = resolve_collection(arg.get<std::string>());
    if (!c) {
      std::string known;
      for (auto p : known_collection_paths()) known += (known.empty() ? "" : ", ") + std::string(p);
      site.fail(arg_field, "unknown collection '" + arg.get<std::string>() + "' (one of " + known + ")");
    }
    n.collection = *c;
    if (j.contains("where")) n.kids.push_back(compile(j["where"], site, field + ".where", definitions, c->item));
    if (!j.contains("at_least") && !j.contains("at_most")) site.fail(field, "count needs at_least and/or at_most");
    range_at(n, j, site, field);
  }
  m_nodes.push_back(std::move(n));
  return static_cast<int>(m_nodes.size()) - 1;
}

Date ConditionPool::shifted(Date d, const Offset& o) {
  if (!o.working) return d.plus_days(o.n);
  if (o.n >= 0) return d.plus_working_days(o.n);
  int left = -o.n;
  while (left > 0) {
    d = d.plus_days(-1);
    if (d.is_working_day()) --left;
  }
  return d;
}

bool ConditionPool::holds(const Node& n, const EvalEnv& env, const Item& item) const {
  switch (n.op) {
    case Op::all:
      return std::all_of(n.kids.begin(), n.kids.end(), [&](int k) { return eval(k, env, item); });
    case Op::any:
      return std::any_of(n.kids.begin(), n.kids.end(), [&](int k) { return eval(k, env, item); });
    case Op::not_: return !eval(n.kids[0], env, item);
    case Op::use: return eval(n.kids[0], env, item);
    case Op::exists: return (env.value(n.fact, item).kind != Value::Kind::none) == n.boolean;
    case Op::equals:
    case Op::in: {
      Value v = env.value(n.fact, item);
      if (v.kind == Value::Kind::none && n.fact.absent_is_unknown) v = Value::of_text("unknown");
      if (v.kind == Value::Kind::boolean) return v.boolean == n.boolean;
      if (v.kind != Value::Kind::text) return false;
      return std::find(n.texts.begin(), n.texts.end(), v.text) != n.texts.end();
    }
    case Op::contains:
    case Op::only: {
      const Value v = env.value(n.fact, item);
      if (v.kind != Value::Kind::list) return false;
      auto listed = [&](std::string_view s) { return std::find(n.texts.begin(), n.texts.end(), s) != n.texts.end(); };
      if (n.op == Op::contains) return std::any_of(v.list.begin(), v.list.end(), listed);
      return !v.list.empty() && std::all_of(v.list.begin(), v.list.end(), listed);
    }
    case Op::range: {
      const Value v = env.value(n.fact, item);
      if (v.kind != Value::Kind::number) return false;
      return (!n.at_least || v.number >= *n.at_least) && (!n.at_most || v.number <= *n.at_most);
    }
    case Op::date_cmp:
    case Op::date_within: {
      const Value left = env.value(n.fact, item);
      if (left.kind != Value::Kind::date) return false;
      Date right;
      if (n.other_date) {
        right = *n.other_date;
      } else {
        const Value r = env.value(*n.other, item);
        if (r.kind != Value::Kind::date) return false;
        right = r.date;
      }
      if (n.op == Op::date_within) {
        const Date edge = shifted(right, n.offset);
        return left.date >= std::min(right, edge) && left.date <= std::max(right, edge);
      }
      const Date l = shifted(left.date, n.offset);
      switch (n.cmp) {
        case DateCmp::before: return l < right;
        case DateCmp::after: return l > right;
        case DateCmp::on_or_before: return l <= right;
        case DateCmp::on_or_after: return l >= right;
      }
      return false;
    }
    case Op::count: {
      int count = 0;
      env.for_each(n.collection, [&](const Item& element) {
        if (n.kids.empty() || eval(n.kids[0], env, element)) ++count;
      });
      return (!n.at_least || count >= *n.at_least) && (!n.at_most || count <= *n.at_most);
    }
  }
  return false;
}

bool ConditionPool::eval(int node, const EvalEnv& env, const Item& item) const {
  return holds(m_nodes[static_cast<std::size_t>(node)], env, item);
}

void ConditionPool::matched_labels(int node, const EvalEnv& env, std::vector<std::string>& out,
                                   const Item& item) const {
  const Node& n = m_nodes[static_cast<std::size_t>(node)];
  if (!holds(n, env, item)) return;
  if (!n.label.empty() && std::find(out.begin(), out.end(), n.label) == out.end()) out.push_back(n.label);
  if (n.op == Op::all || n.op == Op::any || n.op == Op::use) {
    for (int k : n.kids) matched_labels(k, env, out, item);
  }
}

}  // namespace doorstep
