#include "rules/rule_set.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <array>

#include "domain/enums.hpp"
#include "domain/json_codec.hpp"
#include "rules/condition.hpp"
#include "rules/reason_template.hpp"
#include "util/error.hpp"

namespace doorstep {

struct RuleSet::Compiled {
  enum class DueFrom { visit_date, today, sentence_start, fact };
  struct Due {
    std::optional<int> working_days;  // nullopt: by priority (parameters)
    DueFrom from = DueFrom::visit_date;
    std::optional<FactRef> from_fact;
  };
  struct ActionSpec {
    ActionKind kind = ActionKind::home_visit;
    Priority priority = Priority::normal;
    std::vector<std::pair<int, Priority>> priority_if;  // first condition that holds wins
    std::optional<int> only_if;
    Due due;
    ReasonTemplate reason;
    std::optional<ClosesBy> closes_by;
  };
  struct Rule {
    std::string id;
    std::string title;
    int condition = -1;
    std::vector<ActionSpec> actions;
    std::optional<ReasonTemplate> alert;
    bool needs_matched = false;
  };

  std::string id;
  int version = 0;
  std::map<std::string, int> parameters;
  AnswerSlots slots;
  ConditionPool pool{parameters, slots};
  std::vector<Rule> rules;
  std::array<int, 3> due_by_priority{};  // urgent, high, normal (working days)
};

namespace {

using Compiled = RuleSet::Compiled;

void check_keys(const nlohmann::json& j, std::initializer_list<std::string_view> allowed, const CompileSite& site,
                const std::string& prefix) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      site.fail(prefix + it.key(), "unknown field '" + it.key() + "'");
  }
}

const std::string& required_text(const nlohmann::json& j, const char* key, const CompileSite& site,
                                 const std::string& prefix) {
  if (!j.contains(key)) site.fail(prefix + key, "missing");
  const auto& v = j[key];
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) site.fail(prefix + key, "expected non-empty text");
  return v.get_ref<const std::string&>();
}

template <class E>
E enum_at(const nlohmann::json& j, const CompileSite& site, const std::string& field, const char* what) {
  if (!j.is_string()) site.fail(field, std::string("expected ") + what + " (a string), got " + j.dump());
  auto v = enum_from_string<E>(j.get_ref<const std::string&>());
  if (!v) site.fail(field, std::string("unknown ") + what + " '" + j.get<std::string>() + "' (one of " + enum_choices<E>() + ")");
  return *v;
}

// Compiles the named definitions on first use; a cycle is an error.
class Definitions {
 public:
  Definitions(const nlohmann::json* defs, Compiled& c, const std::string& source)
      : m_defs(defs), m_c(c), m_source(source) {}

  int lookup(const std::string& name, const CompileSite& site, const std::string& field) {
    if (auto it = m_done.find(name); it != m_done.end()) return it->second;
    if (!m_defs || !m_defs->contains(name)) site.fail(field, "unknown definition '" + name + "'");
    if (m_in_progress.count(name)) site.fail(field, "definition '" + name + "' refers to itself");
    m_in_progress.insert(name);
    const CompileSite def_site{m_source + ": definition " + name};
    const int node = m_c.pool.compile((*m_defs)[name], def_site, "definitions." + name, callback());
    m_in_progress.erase(name);
    m_done.emplace(name, node);
    return node;
  }
  ConditionPool::DefinitionLookup callback() {
    return [this](const std::string& n, const CompileSite& s, const std::string& f) { return lookup(n, s, f); };
  }

 private:
  const nlohmann::json* m_defs;
  Compiled& m_c;
  std::string m_source;
  std::map<std::string, int> m_done;
  std::set<std::string> m_in_progress;
};

Compiled::Due compile_due(const nlohmann::json& j, Compiled& c, const CompileSite& site, const std::string& field) {
  if (!j.is_object()) site.fail(field, "expected {\"working_days\": n, \"from\": ...}");
  check_keys(j, {"working_days", "from"}, site, field + ".");
  Compiled::Due due;
  if (j.contains("working_days"))
    due.working_days = c.pool.number_or_parameter(j["working_days"], site, field + ".working_days");
  if (j.contains("from")) {
    const auto& from = j["from"];
    if (!from.is_string()) site.fail(field + ".from", "expected visit_date, today, sentence_start or a date fact");
    const auto& s = from.get_ref<const std::string&>();
    if (s == "visit_date") {
      due.from = Compiled::DueFrom::visit_date;
    } else if (s == "today") {
      due.from = Compiled::DueFrom::today;
    } else if (s == "sentence_start") {
      due.from = Compiled::DueFrom::sentence_start;
    } else {
      auto ref = c.pool.resolve(s);
      if (!ref || ref->type != ValueType::date || ref->item != ItemKind::none)
        site.fail(field + ".from", "'" + s + "' is not visit_date, today, sentence_start or a date fact");
      due.from = Compiled::DueFrom::fact;
      due.from_fact = std::move(ref);
    }
  }
  return due;
}

Compiled::ActionSpec compile_action(const nlohmann::json& j, Compiled& c, Definitions& defs,
                                    const CompileSite& site, const std::string& field) {
  if (!j.is_object()) site.fail(field, "expected an action object");
  const std::string p = field + ".";
  check_keys(j, {"kind", "priority", "priority_if", "only_if", "due", "reason", "closes_by"}, site, p);
  Compiled::ActionSpec a;
  if (!j.contains("kind")) site.fail(p + "kind", "missing");
  a.kind = enum_at<ActionKind>(j["kind"], site, p + "kind", "action kind");
  if (!j.contains("priority")) site.fail(p + "priority", "missing");
  a.priority = enum_at<Priority>(j["priority"], site, p + "priority", "priority");
  if (j.contains("priority_if")) {
    const auto& list = j["priority_if"];
    if (!list.is_array()) site.fail(p + "priority_if", "expected a list of {\"when\": condition, \"priority\": ...}");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string f = p + "priority_if[" + std::to_string(i) + "]";
      if (!list[i].is_object() || !list[i].contains("when") || !list[i].contains("priority"))
        site.fail(f, "expected {\"when\": condition, \"priority\": ...}");
      check_keys(list[i], {"when", "priority"}, site, f + ".");
      const int cond = c.pool.compile(list[i]["when"], site, f + ".when", defs.callback());
      a.priority_if.emplace_back(cond, enum_at<Priority>(list[i]["priority"], site, f + ".priority", "priority"));
    }
  }
  if (j.contains("only_if")) a.only_if = c.pool.compile(j["only_if"], site, p + "only_if", defs.callback());
  if (j.contains("due")) a.due = compile_due(j["due"], c, site, p + "due");
  a.reason = ReasonTemplate::compile(required_text(j, "reason", site, p), c.pool, c.parameters, site, p + "reason");
  if (j.contains("closes_by")) {
    static const std::map<std::string, ClosesBy, std::less<>> names = {
        {"purposeful_visit", ClosesBy::purposeful_visit},
        {"check_answered", ClosesBy::check_answered},
        {"rosh_review", ClosesBy::rosh_review}};
    const auto& v = j["closes_by"];
    const auto it = v.is_string() ? names.find(v.get_ref<const std::string&>()) : names.end();
    if (it == names.end())
      site.fail(p + "closes_by", "expected one of purposeful_visit, check_answered, rosh_review, got " + v.dump());
    if (it->second == ClosesBy::check_answered && a.kind != ActionKind::csc_check &&
        a.kind != ActionKind::police_da_check)
      site.fail(p + "closes_by", "check_answered closes only csc_check and police_da_check actions");
    a.closes_by = it->second;
  }
  return a;
}

std::string read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, path.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// (letters, number, rest) of a rule id, for natural ordering.
std::tuple<std::string_view, long, std::string_view> id_parts(std::string_view id) {
  std::size_t i = 0;
  while (i < id.size() && (id[i] < '0' || id[i] > '9')) ++i;
  std::size_t j = i;
  long n = 0;
  while (j < id.size() && id[j] >= '0' && id[j] <= '9' && j - i < 9) n = n * 10 + (id[j++] - '0');
  return {id.substr(0, i), n, id.substr(j)};
}

}  // namespace

bool rule_id_less(std::string_view a, std::string_view b) { return id_parts(a) < id_parts(b); }

RuleSet RuleSet::load_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return from_json(parse_json_text(read_file_text(path), name), name);
}

std::filesystem::path newest_rule_file(const std::filesystem::path& rules_dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(rules_dir, ec);
  if (ec) throw Error(ErrorCode::io, rules_dir.string() + ": cannot list the rule files: " + ec.message());
  std::optional<std::filesystem::path> best;
  long best_n = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(ErrorCode::io, rules_dir.string() + ": cannot list the rule files: " + ec.message());
    const std::string name = it->path().filename().string();
    constexpr std::string_view prefix = "rules-v", suffix = ".json";
    if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) continue;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.size() > 6 || digits[0] == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      continue;
    const long n = std::stol(digits);
    if (!best || n > best_n) {
      best = it->path();
      best_n = n;
    }
  }
  if (!best) throw Error(ErrorCode::not_found, rules_dir.string() + ": no rule file (rules-v<N>.json)");
  return *best;
}

RuleSet RuleSet::load_newest(const std::filesystem::path& rules_dir) {
  const auto path = newest_rule_file(rules_dir);
  const std::string name = path.filename().string();
  RuleSet rs = load_file(path);
  const int named = std::stoi(name.substr(7, name.size() - 12));
  if (rs.version() != named)
    throw Error(ErrorCode::bad_input, name + ": field version: " + std::to_string(rs.version()) +
                                          " does not match the file name (version " + std::to_string(named) + ")");
  return rs;
}

RuleSet RuleSet::from_json(const nlohmann::json& j, const std::string& source_name) {
  auto c = std::make_shared<Compiled>();
  const CompileSite top{source_name};
  if (!j.is_object()) top.fail("(top)", "expected a rule set object");
  check_keys(j, {"id", "version", "description", "parameters", "definitions", "rules"}, top, "");
  c->id = required_text(j, "id", top, "");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() < 1)
    top.fail("version", "expected a whole number from 1");
  c->version = j["version"].get<int>();
  if (j.contains("description") && !j["description"].is_string()) top.fail("description", "expected text");

  if (!j.contains("parameters") || !j["parameters"].is_object()) top.fail("parameters", "expected an object");
  for (auto it = j["parameters"].begin(); it != j["parameters"].end(); ++it) {
    if (!it.value().is_number_integer() || it.value().get<long long>() < 0 || it.value().get<long long>() > 100000)
      top.fail("parameters." + it.key(), "expected a whole number from 0 to 100000, got " + it.value().dump());
    c->parameters.emplace(it.key(), it.value().get<int>());
  }
  const std::array<std::string, 3> due_params = {"urgent_due_working_days", "high_due_working_days",
                                                 "normal_due_working_days"};
  for (std::size_t i = 0; i < due_params.size(); ++i) {
    auto it = c->parameters.find(due_params[i]);
    if (it == c->parameters.end()) top.fail("parameters." + due_params[i], "missing");
    c->due_by_priority[i] = it->second;
  }

  const nlohmann::json* defs_json = nullptr;
  if (j.contains("definitions")) {
    if (!j["definitions"].is_object()) top.fail("definitions", "expected an object of named conditions");
    defs_json = &j["definitions"];
  }
  Definitions defs(defs_json, *c, source_name);
  if (defs_json) {
    for (auto it = defs_json->begin(); it != defs_json->end(); ++it) (void)defs.lookup(it.key(), top, "definitions");
  }

  if (!j.contains("rules") || !j["rules"].is_array() || j["rules"].empty())
    top.fail("rules", "expected a non-empty list of rules");
  std::set<std::string> seen;
  const auto& rules = j["rules"];
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    const std::string at = "rules[" + std::to_string(i) + "]";
    if (!r.is_object()) top.fail(at, "expected a rule object");
    if (!r.contains("id") || !r["id"].is_string() || r["id"].get_ref<const std::string&>().empty())
      top.fail(at + ".id", "expected a rule id");
    Compiled::Rule rule;
    rule.id = r["id"].get<std::string>();
    const CompileSite site{source_name + ": rule " + rule.id};
    if (!seen.insert(rule.id).second) site.fail("id", "duplicate rule id '" + rule.id + "'");
    check_keys(r, {"id", "title", "description", "condition", "actions", "alert"}, site, "");
    rule.title = required_text(r, "title", site, "");
    if (r.contains("description") && !r["description"].is_string()) site.fail("description", "expected text");
    if (!r.contains("condition")) site.fail("condition", "missing");
    rule.condition = c->pool.compile(r["condition"], site, "condition", defs.callback());
    if (r.contains("actions")) {
      if (!r["actions"].is_array()) site.fail("actions", "expected a list of actions");
      std::set<ActionKind> kinds;
      for (std::size_t k = 0; k < r["actions"].size(); ++k) {
        const std::string f = "actions[" + std::to_string(k) + "]";
        auto a = compile_action(r["actions"][k], *c, defs, site, f);
        if (!kinds.insert(a.kind).second)
          site.fail(f + ".kind", "the rule already raises '" + std::string(to_string(a.kind)) +
                                     "' (one action per kind: use priority_if / only_if)");
        rule.needs_matched = rule.needs_matched || a.reason.uses_matched();
        rule.actions.push_back(std::move(a));
      }
    }
    if (r.contains("alert")) {
      rule.alert = ReasonTemplate::compile(required_text(r, "alert", site, ""), c->pool, c->parameters, site, "alert");
      rule.needs_matched = rule.needs_matched || rule.alert->uses_matched();
    }
    if (rule.actions.empty() && !rule.alert) site.fail("actions", "a rule must raise an action or an alert");
    c->rules.push_back(std::move(rule));
  }
  return RuleSet(std::move(c));
}

const std::string& RuleSet::id() const { return m_compiled->id; }
int RuleSet::version() const { return m_compiled->version; }

std::vector<RuleSummary> RuleSet::rules() const {
  std::vector<RuleSummary> out;
  for (const auto& r : m_compiled->rules) out.push_back({r.id, r.title});
  return out;
}

int RuleSet::parameter(const std::string& name) const {
  auto it = m_compiled->parameters.find(name);
  if (it == m_compiled->parameters.end()) throw Error(ErrorCode::not_found, "no parameter '" + name + "'");
  return it->second;
}

std::optional<ClosesBy> RuleSet::closes_by(std::string_view rule, ActionKind kind) const {
  for (const auto& r : m_compiled->rules) {
    if (r.id != rule) continue;
    for (const auto& a : r.actions)
      if (a.kind == kind) return a.closes_by;
  }
  return std::nullopt;
}

Evaluation RuleSet::evaluate(const RuleContext& ctx) const {
  const Compiled& c = *m_compiled;
  const EvalEnv env(ctx, c.slots);
  Evaluation out;
  std::vector<std::string> matched;
  for (const auto& rule : c.rules) {
    if (!c.pool.eval(rule.condition, env)) continue;
    matched.clear();
    if (rule.needs_matched) c.pool.matched_labels(rule.condition, env, matched);
    for (const auto& a : rule.actions) {
      if (a.only_if && !c.pool.eval(*a.only_if, env)) continue;
      RaisedAction raised;
      raised.kind = a.kind;
      raised.rule = rule.id;
      raised.priority = a.priority;
      for (const auto& [cond, prio] : a.priority_if) {
        if (c.pool.eval(cond, env)) {
          raised.priority = prio;
          break;
        }
      }
      Date from = ctx.visit ? ctx.visit->date : ctx.today;
      switch (a.due.from) {
        case Compiled::DueFrom::visit_date: break;
        case Compiled::DueFrom::today: from = ctx.today; break;
        case Compiled::DueFrom::sentence_start: from = ctx.kase.sentence.start; break;
        case Compiled::DueFrom::fact: {
          const Value v = env.value(*a.due.from_fact, Item{});
          if (v.kind == Value::Kind::date) from = v.date;
          break;
        }
      }
      const int days = a.due.working_days.value_or(c.due_by_priority[static_cast<std::size_t>(raised.priority)]);
      raised.due = from.plus_working_days(days);
      raised.reason = a.reason.render(env, matched);
      out.actions.push_back(std::move(raised));
    }
    if (rule.alert) {
      std::string text = rule.alert->render(env, matched);
      const auto& existing = ctx.kase.alerts;
      if (std::find(existing.begin(), existing.end(), text) == existing.end() &&
          std::find(out.new_alerts.begin(), out.new_alerts.end(), text) == out.new_alerts.end())
        out.new_alerts.push_back(std::move(text));
    }
  }
  std::sort(out.actions.begin(), out.actions.end(), [](const RaisedAction& x, const RaisedAction& y) {
    if (x.priority != y.priority) return x.priority < y.priority;
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.rule != y.rule) return rule_id_less(x.rule, y.rule);
    return x.reason < y.reason;
  });
  return out;
}

}  // namespace doorstep
