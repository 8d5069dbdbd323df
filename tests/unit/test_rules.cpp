// The rule set loader (validation, error messages) and the condition
// language, evaluated over small hand-built cases.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/json_codec.hpp"
#include "domain/action_merge.hpp"
#include "rules/assets_dir.hpp"
#include "rules/rule_set.hpp"
#include "rules/scenario.hpp"
#include "util/error.hpp"
#include "support/errors.hpp"

using namespace doorstep;
using doorstep::test::bad_input_message;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {


json one_rule(json condition, json actions = json::array({{{"kind", "csc_check"},
                                                              {"priority", "high"},
                                                              {"reason", "Raised on {visit_date}"}}})) {
  return {{"id", "test"},
          {"version", 3},
          {"parameters",
           {{"urgent_due_working_days", 0}, {"high_due_working_days", 2}, {"normal_due_working_days", 10},
            {"window", 15}}},
          {"rules", json::array({{{"id", "T1"}, {"title", "test"}, {"condition", std::move(condition)},
                                  {"actions", std::move(actions)}}})}};
}

std::string load_error(const json& j) {
  return bad_input_message([&] { (void)RuleSet::from_json(j, "rules-test.json"); });
}

Case base_case() {
  return case_from_json(json::parse(R"({
    "crn": "T100001", "name": "Test Person", "rosh": "medium",
    "sentence": {"type": "community_order", "start": "2026-03-02", "requirements": ["supervision"]}
  })"));
}

Visit make_visit(const std::string& date, json answers) {
  return visit_from_json({{"date", date}, {"outcome", "completed"}, {"answers", std::move(answers)}});
}

// Whether rule set `j` raises anything for the context.
bool fires(const json& j, const Case& c, const Visit* v, Date today) {
  const RuleSet rs = RuleSet::from_json(j, "t.json");
  return !rs.evaluate(RuleContext{c, v, {}, std::nullopt, today}).actions.empty();
}

Date d(const char* iso) { return Date::parse(iso, "test"); }

}  // namespace

TEST_CASE("the shipped rule set loads with R1-R14 and R15", "[rules]") {
  const RuleSet rs = RuleSet::load_file(default_assets_dir() / "rules" / "rules-v1.json");  // kept as shipped
  CHECK(rs.id() == "doorstep-safeguarding");
  CHECK(rs.version() == 1);
  std::vector<std::string> ids;
  for (const auto& r : rs.rules()) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"R1", "R2", "R3", "R4", "R5a", "R5b", "R6a", "R6b", "R7", "R8", "R9",
                                        "R10", "R11", "R12", "R13", "R14", "R15"});
  CHECK(rs.parameter("repeat_visit_interval_days") == 60);
  CHECK(rs.parameter("cp_meeting_window_working_days") == 15);
}

TEST_CASE("load errors name the file, the rule and the field", "[rules]") {
  const json good = one_rule({{"fact", "visit.answers.new_relationship"}, {"equals", "yes"}});
  REQUIRE(load_error(good).empty());

  SECTION("unknown fact") {
    const auto msg = load_error(one_rule(
        {{"all", json::array({{{"fact", "case.domestic_abuse_perpetrator"}, {"equals", true}},
                              {{"fact", "visit.answers.new_relatonship"}, {"equals", "yes"}}})}}));
    CHECK(msg == "rules-test.json: rule T1: field condition.all[1].fact: unknown fact 'visit.answers.new_relatonship'");
  }
  SECTION("unknown action kind") {
    auto j = good;
    j["rules"][0]["actions"][0]["kind"] = "csc_chek";
    CHECK_THAT(load_error(j), Catch::StartsWith("rules-test.json: rule T1: field actions[0].kind: unknown action "
                                                "kind 'csc_chek'"));
  }
  SECTION("unknown operator") {
    CHECK(load_error(one_rule({{"fact", "case.rosh"}, {"equal", "high"}})) ==
          "rules-test.json: rule T1: field condition.equal: unknown operator 'equal'");
    CHECK_THAT(load_error(one_rule({{"every", json::array()}})), Catch::Contains("unknown operator 'every'"));
  }
  SECTION("a value the fact never takes") {
    CHECK_THAT(load_error(one_rule({{"fact", "case.rosh"}, {"in", {"high", "extreme"}}})),
               Catch::Contains("field condition.in[1]: 'extreme' is not a value of case.rosh"));
    CHECK_THAT(load_error(one_rule({{"fact", "visit.answers.new_relationship"}, {"equals", "yess"}})),
               Catch::Contains("'yess'"));
  }
  SECTION("operator on the wrong type of fact") {
    CHECK_THAT(load_error(one_rule({{"date", "case.rosh"}, {"before", "context.today"}})),
               Catch::Contains("field condition.date: 'case.rosh' is not a date fact"));
    CHECK_THAT(load_error(one_rule({{"fact", "case.mappa_eligible"}, {"equals", "yes"}})),
               Catch::Contains("condition.equals: expected true or false"));
    CHECK_THAT(load_error(one_rule({{"fact", "case.restrictions"}, {"equals", "curfew"}})),
               Catch::Contains("'equals' needs"));
  }
  SECTION("item facts only inside a count") {
    CHECK_THAT(load_error(one_rule({{"fact", "item.age"}, {"at_most", 17}})),
               Catch::Contains("only known inside a count"));
    CHECK(load_error(one_rule({{"count", "case.household"},
                               {"where", {{"fact", "item.age"}, {"at_most", 17}}},
                               {"at_least", 1}}))
              .empty());
    CHECK_THAT(load_error(one_rule({{"count", "case.checks"},
                                    {"where", {{"fact", "item.age"}, {"at_most", 17}}},
                                    {"at_least", 1}})),
               Catch::Contains("field condition.where.fact"));
    CHECK_THAT(load_error(one_rule({{"count", "case.pets"}, {"at_least", 1}})),
               Catch::Contains("unknown collection 'case.pets'"));
  }
  SECTION("parameters") {
    auto j = good;
    j["rules"][0]["actions"][0]["due"] = {{"working_days", "no_such_window"}};
    CHECK_THAT(load_error(j), Catch::Contains("field actions[0].due.working_days: unknown parameter 'no_such_window'"));
    j = good;
    j["parameters"].erase("high_due_working_days");
    CHECK_THAT(load_error(j), Catch::Contains("parameters.high_due_working_days: missing"));
    j = good;
    j["parameters"]["window"] = "fifteen";
    CHECK_THAT(load_error(j), Catch::Contains("parameters.window"));
  }
  SECTION("duplicate rule ids, duplicate kinds in a rule") {
    auto j = good;
    j["rules"].push_back(j["rules"][0]);
    CHECK(load_error(j) == "rules-test.json: rule T1: field id: duplicate rule id 'T1'");
    j = good;
    j["rules"][0]["actions"].push_back(j["rules"][0]["actions"][0]);
    CHECK_THAT(load_error(j), Catch::Contains("field actions[1].kind: the rule already raises 'csc_check'"));
  }
  SECTION("priorities, placeholders, unknown fields") {
    auto j = good;
    j["rules"][0]["actions"][0]["priority"] = "asap";
    CHECK_THAT(load_error(j), Catch::Contains("field actions[0].priority: unknown priority 'asap'"));
    j = good;
    j["rules"][0]["actions"][0]["reason"] = "Seen on {visit.dat}";
    CHECK_THAT(load_error(j), Catch::Contains("field actions[0].reason: unknown placeholder {visit.dat}"));
    j = good;
    j["rules"][0]["actions"][0]["reason"] = "Seen on {visit_date";
    CHECK_THAT(load_error(j), Catch::Contains("unclosed '{'"));
    j = good;
    j["rules"][0]["when"] = true;
    CHECK_THAT(load_error(j), Catch::Contains("rule T1: field when: unknown field 'when'"));
    j = good;
    j["rules"][0].erase("title");
    CHECK_THAT(load_error(j), Catch::Contains("rule T1: field title: missing"));
  }
  SECTION("definitions") {
    auto j = one_rule({{"use", "nope"}});
    CHECK_THAT(load_error(j), Catch::Contains("field condition.use: unknown definition 'nope'"));
    j = good;
    j["definitions"] = {{"loop", {{"not", {{"use", "loop"}}}}}};
    CHECK_THAT(load_error(j), Catch::Contains("definition 'loop' refers to itself"));
  }
  SECTION("not an object, empty lists") {
    CHECK_THAT(load_error(json::array()), Catch::Contains("rules-test.json"));
    CHECK_THAT(load_error(one_rule({{"all", json::array()}})), Catch::Contains("condition.all: expected a non-empty"));
    CHECK_THAT(load_error(one_rule(json("yes"))), Catch::Contains("field condition: expected a condition object"));
  }
}

TEST_CASE("bad rule files fail to load with a clear error", "[rules]") {
  const fs::path dir = fs::path(DOORSTEP_SOURCE_DIR) / "tests" / "fixtures" / "bad_rules";
  const std::map<std::string, std::string> expected = {
      {"bad_json.json", "bad_json.json: not valid JSON"},
      {"bad_operator.json", "bad_operator.json: rule R5a: field condition.all[1].equal: unknown operator 'equal'"},
      {"bad_option_value.json", "bad_option_value.json: rule R5a: field condition.all[1].equals: 'yess'"},
      {"duplicate_ids.json", "duplicate_ids.json: rule R5a: field id: duplicate rule id 'R5a'"},
      {"unknown_action.json", "unknown_action.json: rule R5a: field actions[0].kind: unknown action kind 'csc_chek'"},
      {"unknown_fact.json",
       "unknown_fact.json: rule R5a: field condition.all[1].fact: unknown fact 'visit.answers.new_relatonship'"},
      {"unknown_parameter.json",
       "unknown_parameter.json: rule R5a: field actions[0].due.working_days: unknown parameter 'repeat_interval'"},
  };
  std::size_t seen = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    INFO(name);
    REQUIRE(expected.count(name) == 1);
    CHECK_THAT(bad_input_message([&] { (void)RuleSet::load_file(e.path()); }),
               Catch::StartsWith(expected.at(name)));
    ++seen;
  }
  CHECK(seen == expected.size());
  try {
    (void)RuleSet::load_file(dir / "missing.json");
    FAIL("a missing file loaded");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::io);
  }
}

TEST_CASE("condition operators", "[rules]") {
  Case c = base_case();
  c.household.push_back(Person{"Amy", Relationship::child, 4, true, false, false, {}, {}, {}});
  c.restrictions = {Restriction::curfew};
  c.cp_next_meeting = d("2026-04-10");
  const Visit v = make_visit("2026-04-01", {{"new_relationship", "yes"}, {"substance_signs", {"intoxicated"}},
                                            {"people_living_here", 3}});
  const Date today = d("2026-04-01");
  auto f = [&](json cond, const Visit* visit = nullptr) { return fires(one_rule(std::move(cond)), c, visit, today); };

  CHECK(f({{"fact", "case.rosh"}, {"equals", "medium"}}));
  CHECK_FALSE(f({{"fact", "case.rosh"}, {"in", {"high", "very_high"}}}));
  CHECK(f({{"not", {{"fact", "case.rosh"}, {"equals", "high"}}}}));
  CHECK(f({{"any", {{{"fact", "case.rosh"}, {"equals", "high"}}, {{"fact", "case.rosh"}, {"equals", "medium"}}}}}));
  CHECK_FALSE(f({{"all", {{{"fact", "case.rosh"}, {"equals", "high"}}, {{"fact", "case.rosh"}, {"equals", "medium"}}}}}));
  // Unanswered yes/no/unknown facts read "unknown"; exists means answered.
  CHECK(f({{"fact", "visit.answers.partner_pregnant"}, {"equals", "unknown"}}, &v));
  CHECK(f({{"fact", "visit.answers.partner_pregnant"}, {"exists", false}}, &v));
  CHECK(f({{"fact", "visit.answers.new_relationship"}, {"exists", true}}, &v));
  CHECK_FALSE(f({{"fact", "visit.answers.new_relationship"}, {"equals", "yes"}}));  // no visit
  CHECK(f({{"fact", "visit.answers.substance_signs"}, {"contains", {"intoxicated", "drug_paraphernalia"}}}, &v));
  CHECK(f({{"fact", "visit.answers.people_living_here"}, {"at_least", 3}}, &v));
  CHECK_FALSE(f({{"fact", "visit.answers.people_living_here"}, {"at_most", 2}}, &v));
  CHECK(f({{"fact", "case.restrictions"}, {"only", {"curfew", "exclusion_zone"}}}));
  CHECK_FALSE(f({{"fact", "case.restrictions"}, {"contains", {"restraining_order"}}}));
  CHECK(f({{"count", "case.household"}, {"where", {{"fact", "item.is_child"}, {"equals", true}}}, {"at_least", 1}}));
  CHECK_FALSE(f({{"count", "case.household"}, {"where", {{"fact", "item.age"}, {"at_least", 5}}}, {"at_least", 1}}));
  CHECK(f({{"count", "case.victims"}, {"at_most", 0}}));
  // Dates: missing dates never compare; "within" counts working days from "of".
  CHECK(f({{"date", "case.cp_next_meeting"}, {"within", {{"working_days", "window"}}}, {"of", "context.today"}}));
  CHECK_FALSE(f({{"date", "case.cp_next_meeting"}, {"within", {{"working_days", 6}}}, {"of", "context.today"}}));
  CHECK(f({{"date", "case.cp_next_meeting"}, {"within", {{"working_days", 7}}}, {"of", "context.today"}}));
  CHECK(f({{"date", "case.sentence.start"}, {"plus", {{"days", 30}}}, {"on_or_before", "2026-04-01"}}));
  CHECK_FALSE(f({{"date", "case.sentence.start"}, {"plus", {{"days", 31}}}, {"on_or_before", "2026-04-01"}}));
  CHECK_FALSE(f({{"date", "case.sentence.end"}, {"before", "context.today"}}));
  CHECK_FALSE(f({{"date", "case.sentence.end"}, {"after", "context.today"}}));
  CHECK(f({{"not", {{"date", "case.sentence.end"}, {"after", "context.today"}}}}));
  CHECK(f({{"fact", "derived.children_involved"}, {"equals", true}}));
}

TEST_CASE("reasons are sentences with dates, and due dates count working days", "[rules]") {
  json actions = json::array({{{"kind", "csc_check"},
                               {"priority", "high"},
                               {"reason", "{matched|cap} recorded on {visit_date}; no children's social care check since then"}},
                              {{"kind", "home_visit"},
                               {"priority", "normal"},
                               {"due", {{"working_days", 10}, {"from", "sentence_start"}}},
                               {"reason", "Start {sentence_start}, RoSH {case.rosh}, CRN {crn}"}}});
  const json rules = one_rule(
      {{"any", {{{"fact", "visit.answers.new_child_contact"}, {"equals", "yes"}, {"label", "new contact with children"}},
                {{"fact", "visit.answers.partner_pregnant"}, {"equals", "yes"}, {"label", "a partner's pregnancy"}}}}},
      actions);
  const RuleSet rs = RuleSet::from_json(rules, "t.json");
  Case c = base_case();
  c.rosh = Rosh::very_high;
  const Visit v = make_visit("2026-03-06", {{"new_child_contact", "yes"}});  // a Friday
  const auto e = rs.evaluate(RuleContext{c, &v, {}, std::nullopt, d("2026-03-06")});
  REQUIRE(e.actions.size() == 2);
  CHECK(e.actions[0].kind == ActionKind::csc_check);
  CHECK(e.actions[0].rule == "T1");
  CHECK(e.actions[0].reason == "New contact with children recorded on 6 Mar 2026; no children's social care check since then");
  CHECK(e.actions[0].due == d("2026-03-10"));  // 2 working days after a Friday
  CHECK(e.actions[1].reason == "Start 2 Mar 2026, RoSH very high, CRN T100001");
  CHECK(e.actions[1].due == d("2026-03-16"));
}

TEST_CASE("R14 adds an officer-safety alert once", "[rules]") {
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  Case c = base_case();
  const Visit v = make_visit("2026-04-15", {{"person_present", "yes"},
                                            {"purpose_explained", "yes"},
                                            {"officer_safety_concern", "yes"},
                                            {"officer_safety_details", "Dog loose in the garden."}});
  auto e = rs.evaluate(RuleContext{c, &v, {}, std::nullopt, d("2026-04-15")});
  REQUIRE(e.new_alerts.size() == 1);
  CHECK(e.new_alerts[0] == "Officer safety: concern recorded at the home visit on 15 Apr 2026. Dog loose in the garden.");
  c.alerts.push_back(e.new_alerts[0]);
  e = rs.evaluate(RuleContext{c, &v, {}, std::nullopt, d("2026-04-15")});
  CHECK(e.new_alerts.empty());
  CHECK(e.actions.size() == 1);
}

TEST_CASE("actions are ordered by priority, kind, then rule id", "[rules]") {
  CHECK(rule_id_less("R2", "R10"));
  CHECK(rule_id_less("R5a", "R5b"));
  CHECK(rule_id_less("R5b", "R6a"));
  CHECK_FALSE(rule_id_less("R10", "R9"));
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  const Scenario s = load_scenario_file(fs::path(DOORSTEP_SOURCE_DIR) / "tests" / "scenarios" /
                                        "interaction_csc_check_from_four_rules.json");
  const auto e = rs.evaluate(s.context());
  REQUIRE(e.actions.size() > 3);
  for (std::size_t i = 1; i < e.actions.size(); ++i) {
    const auto& a = e.actions[i - 1];
    const auto& b = e.actions[i];
    INFO(a.rule << " " << b.rule);
    CHECK((a.priority < b.priority || (a.priority == b.priority && a.kind < b.kind) ||
           (a.priority == b.priority && a.kind == b.kind && !rule_id_less(b.rule, a.rule))));
  }
}

TEST_CASE("a re-raised action merges into the open one", "[rules]") {
  Action open;
  open.crn = "T100001";
  open.rule = "R5a";
  open.kind = ActionKind::csc_check;
  open.priority = Priority::high;
  open.due = d("2026-03-10");
  open.reasons = {"first"};
  Action done = open;
  done.status = ActionStatus::done;
  const std::vector<Action> existing = {done, open};
  RaisedAction again{ActionKind::csc_check, Priority::urgent, d("2026-03-09"), "R5a", "second"};
  auto at = find_open_duplicate(existing, "T100001", again);
  REQUIRE(at == 1u);
  Action merged = existing[*at];
  merge_into(merged, again);
  CHECK(merged.reasons == std::vector<std::string>{"first", "second"});
  CHECK(merged.priority == Priority::urgent);
  CHECK(merged.due == d("2026-03-09"));
  merge_into(merged, again);
  CHECK(merged.reasons.size() == 2);
  again.rule = "R6a";
  CHECK_FALSE(find_open_duplicate(existing, "T100001", again));
  CHECK_FALSE(find_open_duplicate(existing, "T100002", RaisedAction{ActionKind::csc_check, Priority::high, {}, "R5a", ""}));
}

TEST_CASE("scenario files are validated and expectations reported", "[rules][scenario]") {
  const json j = json::parse(R"({"name": "x", "today": "2026-03-10",
    "case": {"crn": "H100007", "name": "Harry", "rosh": "high",
             "sentence": {"type": "licence", "start": "2026-02-02"}},
    "expect": {"actions_include": ["home_visit", "cp_meeting"], "actions_exclude": ["home_visit"]}})");
  const Scenario s = scenario_from_json(j, "x.json");
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  const auto failures = check_expectations(s, rs.evaluate(s.context()));
  REQUIRE(failures.size() == 2);
  CHECK_THAT(failures[0], Catch::StartsWith("expected a cp_meeting action"));
  CHECK_THAT(failures[1], Catch::StartsWith("expected no home_visit action, but R1 raised one"));

  json bad = j;
  bad["expect"]["actions_include"][0] = "home_vist";
  CHECK_THAT(bad_input_message([&] { (void)scenario_from_json(bad, "x.json"); }),
             Catch::StartsWith("x.json: expect.actions_include[0]"));
  bad = j;
  bad["case"]["rosh"] = "severe";
  CHECK_THAT(bad_input_message([&] { (void)scenario_from_json(bad, "x.json"); }), Catch::Contains("case.rosh"));
}

TEST_CASE("the newest rule set is v3: rule set 2 with R16-R20, standing actions closing by themselves", "[rules]") {
  CHECK(newest_rule_file(default_assets_dir() / "rules").filename() == "rules-v4.json");
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  CHECK(rs.version() == 4);
  CHECK(rs.closes_by("R1", ActionKind::home_visit) == ClosesBy::purposeful_visit);
  CHECK(rs.closes_by("R2", ActionKind::home_visit) == ClosesBy::purposeful_visit);
  CHECK(rs.closes_by("R6a", ActionKind::csc_check) == ClosesBy::check_answered);
  CHECK(rs.closes_by("R6b", ActionKind::police_da_check) == ClosesBy::check_answered);
  CHECK(rs.closes_by("R19", ActionKind::police_da_check) == ClosesBy::check_answered);
  CHECK(rs.closes_by("R20", ActionKind::rosh_review) == ClosesBy::rosh_review);
  CHECK_FALSE(rs.closes_by("R9", ActionKind::manager_oversight).has_value());
  CHECK_FALSE(rs.closes_by("R5a", ActionKind::csc_check).has_value());
  std::vector<std::string> ids;
  for (const auto& r : rs.rules()) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"R1", "R2", "R3", "R4", "R5a", "R5b", "R6a", "R6b", "R7", "R8", "R9",
                                        "R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17", "R18", "R19",
                                        "R20"});
  CHECK(rs.parameter("check_reply_working_days") == 5);
}

TEST_CASE("the loader takes the rules-v<N>.json with the highest N and checks its version", "[rules]") {
  const fs::path dir = fs::temp_directory_path() / ("doorstep-rules-newest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string v2 = [] {
    std::ifstream in(default_assets_dir() / "rules" / "rules-v2.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; };
  CHECK_THROWS_AS(newest_rule_file(dir), Error);
  json j = json::parse(v2);
  j["version"] = 9;
  write("rules-v9.json", j.dump());
  j["version"] = 10;
  j["parameters"]["repeat_visit_interval_days"] = 42;
  write("rules-v10.json", j.dump());          // 10 > 9: numeric, not text, order
  write("rules-v11.json.bak", j.dump());      // not a rule file name
  write("rules-v011.json", "not json");       // leading zero: ignored
  CHECK(newest_rule_file(dir).filename() == "rules-v10.json");
  const RuleSet rs = RuleSet::load_newest(dir);
  CHECK(rs.version() == 10);
  CHECK(rs.parameter("repeat_visit_interval_days") == 42);
  // A copied file whose version was not raised is refused, naming the file and field.
  write("rules-v12.json", j.dump());
  CHECK_THAT(bad_input_message([&] { (void)RuleSet::load_newest(dir); }),
             Catch::StartsWith("rules-v12.json: field version: 10 does not match the file name"));
  fs::remove_all(dir);
}

TEST_CASE("the assets directory can be overridden", "[rules]") {
  CHECK(fs::exists(default_assets_dir() / "rules" / "rules-v1.json"));
}
