#include "rules/scenario.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "domain/json_codec.hpp"
#include "domain/json_reader.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

template <class E>
std::vector<E> kinds(JsonReader& r, std::string_view key) {
  return r.enum_list<E>(key);
}

std::vector<std::string> strings(JsonReader& r, std::string_view key) {
  std::vector<std::string> out;
  for (auto& [v, p] : r.optional_array(key)) {
    if (!v->is_string()) JsonReader::fail_type(p, *v, "a string");
    out.push_back(v->get<std::string>());
  }
  return out;
}

std::string list_of(const Evaluation& e) {
  std::string out;
  for (const auto& a : e.actions) {
    out += (out.empty() ? "" : ", ") + std::string(to_string(a.kind)) + "/" + std::string(to_string(a.priority)) +
           " (" + a.rule + ", due " + a.due.to_string() + ")";
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace

RuleContext Scenario::context() const {
  return RuleContext{kase, visit ? &*visit : nullptr, earlier_visits, previous_rosh, today};
}

Scenario scenario_from_json(const nlohmann::json& j, const std::string& source) {
  try {
    JsonReader r(j, "scenario");
    Scenario s;
    s.name = r.required_string("name");
    s.source = r.optional_string("source").value_or("");
    s.today = r.required_date("today");
    s.kase = case_from_json(r.required("case"), "case");
    if (const auto* v = r.optional("visit")) s.visit = visit_from_json(*v, "visit");
    for (auto& [v, p] : r.optional_array("earlier_visits")) s.earlier_visits.push_back(visit_from_json(*v, p));
    s.previous_rosh = r.optional_enum<Rosh>("previous_rosh");
    if (const auto* e = r.optional("expect")) {
      JsonReader x(*e, "expect");
      s.actions_include = kinds<ActionKind>(x, "actions_include");
      s.actions_exclude = kinds<ActionKind>(x, "actions_exclude");
      s.urgent_include = kinds<ActionKind>(x, "urgent_include");
      s.rules_include = strings(x, "rules_include");
      s.rules_exclude = strings(x, "rules_exclude");
      s.alerts_include = strings(x, "alerts_include");
      if (const auto* due = x.optional("due")) {
        JsonReader d(*due, "expect.due");
        for (auto it = due->begin(); it != due->end(); ++it) {
          const auto kind = parse_enum<ActionKind>(it.key(), d.field(it.key()));
          s.due.emplace(kind, d.required_date(it.key()));
        }
        d.finish();
      }
      x.finish();
    }
    r.finish();
    return s;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::bad_input) throw;
    throw Error(ErrorCode::bad_input, source + ": " + e.what());
  }
}

Scenario load_scenario_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, path.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string name = path.filename().string();
  return scenario_from_json(parse_json_text(ss.str(), name), name);
}

std::vector<std::string> check_expectations(const Scenario& s, const Evaluation& eval) {
  std::vector<std::string> failures;
  auto has = [&](auto pred) { return std::any_of(eval.actions.begin(), eval.actions.end(), pred); };
  const std::string raised = " (raised: " + list_of(eval) + ")";
  for (auto k : s.actions_include) {
    if (!has([&](const RaisedAction& a) { return a.kind == k; }))
      failures.push_back("expected a " + std::string(to_string(k)) + " action" + raised);
  }
  for (auto k : s.actions_exclude) {
    for (const auto& a : eval.actions) {
      if (a.kind == k)
        failures.push_back("expected no " + std::string(to_string(k)) + " action, but " + a.rule + " raised one: " +
                           a.reason);
    }
  }
  for (auto k : s.urgent_include) {
    if (!has([&](const RaisedAction& a) { return a.kind == k && a.priority == Priority::urgent; }))
      failures.push_back("expected an urgent " + std::string(to_string(k)) + " action" + raised);
  }
  for (const auto& id : s.rules_include) {
    if (!has([&](const RaisedAction& a) { return a.rule == id; }))
      failures.push_back("expected rule " + id + " to raise an action" + raised);
  }
  for (const auto& id : s.rules_exclude) {
    for (const auto& a : eval.actions) {
      if (a.rule == id)
        failures.push_back("expected rule " + id + " to raise nothing, but it raised " +
                           std::string(to_string(a.kind)) + ": " + a.reason);
    }
  }
  for (const auto& [k, date] : s.due) {
    if (!has([&, kind = k, day = date](const RaisedAction& a) { return a.kind == kind && a.due == day; }))
      failures.push_back("expected a " + std::string(to_string(k)) + " action due " + date.to_string() + raised);
  }
  for (const auto& fragment : s.alerts_include) {
    if (!std::any_of(eval.new_alerts.begin(), eval.new_alerts.end(),
                     [&](const std::string& a) { return a.find(fragment) != std::string::npos; }))
      failures.push_back("expected a new alert containing '" + fragment + "'");
  }
  return failures;
}

}  // namespace doorstep
