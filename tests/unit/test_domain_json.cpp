#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "domain/json_codec.hpp"
#include "util/error.hpp"
#include "support/errors.hpp"

using namespace doorstep;
using doorstep::test::bad_input_message;
using nlohmann::json;

namespace {

json sample_case() {
  return json::parse(R"({
    "crn": "D100001", "name": "Douglas Reed", "rosh": "medium",
    "domestic_abuse_perpetrator": true,
    "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
    "household": [{"name": "Amy", "relationship": "child", "age": 4, "lives_at_address": true}],
    "checks": [{"kind": "csc_check", "date": "2026-01-20", "outcome": "not known"}]
  })");
}


}  // namespace

TEST_CASE("a case round-trips through JSON", "[domain][json]") {
  const Case c = case_from_json(sample_case());
  CHECK(c.crn == "D100001");
  CHECK(c.rosh == Rosh::medium);
  CHECK(c.household.at(0).is_child());
  CHECK(c.checks.at(0).outcome == "not known");
  CHECK(case_from_json(to_json(c)) == c);
}

TEST_CASE("rule set 2 check and case facts round-trip through JSON", "[domain][json]") {
  json j = sample_case();
  j["rosh_reviewed"] = "2026-02-01";
  j["checks"].push_back({{"id", "chk-1"}, {"kind", "police_da_check"}, {"date", "2026-01-21"},
                         {"result", "callouts_found"}, {"replied_on", "2026-01-28"}});
  j["checks"].push_back({{"kind", "csc_check"}, {"date", "2026-02-10"}});
  const Case c = case_from_json(j);
  REQUIRE(c.checks.size() == 3);
  CHECK(c.rosh_reviewed == Date::parse("2026-02-01", "t"));
  CHECK(c.checks[0].answered());
  CHECK_FALSE(c.checks[0].result);
  CHECK(c.checks[1].id == "chk-1");
  CHECK(c.checks[1].result == CheckResult::callouts_found);
  CHECK(c.checks[1].answered_on() == Date::parse("2026-01-28", "t"));
  CHECK(is_concerning(*c.checks[1].result));
  CHECK_FALSE(c.checks[2].answered());  // neither outcome nor result: awaiting reply
  const json out = to_json(c);
  CHECK(out["rosh_reviewed"] == "2026-02-01");
  CHECK(out["checks"][1]["result"] == "callouts_found");
  CHECK(case_from_json(out) == c);

  j["checks"][1]["result"] = "found_stuff";
  CHECK_THAT(bad_input_message([&] { (void)case_from_json(j); }),
             Catch::Contains("case.checks[1].result") && Catch::Contains("found_stuff") &&
                 Catch::Contains("concerns_shared"));
  j["checks"][1]["result"] = "known_open";
  j["checks"][1]["replied_on"] = "2026-01-01";
  CHECK_THAT(bad_input_message([&] { (void)case_from_json(j); }),
             Catch::Contains("case.checks[1].replied_on") && Catch::Contains("before"));
}

TEST_CASE("bad case fields are named with their value", "[domain][json]") {
  auto with = [](const char* pointer, json value) {
    json j = sample_case();
    j[json::json_pointer(pointer)] = std::move(value);
    return bad_input_message([&] { (void)case_from_json(j); });
  };
  CHECK_THAT(with("/crn", "12345"), Catch::Contains("case.crn") && Catch::Contains("12345"));
  CHECK_THAT(with("/rosh", "extreme"), Catch::Contains("case.rosh") && Catch::Contains("'extreme'") &&
                                           Catch::Contains("very_high"));
  CHECK_THAT(with("/rosh", 3), Catch::Contains("case.rosh") && Catch::Contains("expected a string"));
  CHECK_THAT(with("/sentence/start", "2026-02-30"), Catch::Contains("case.sentence.start") &&
                                                        Catch::Contains("2026-02-30"));
  CHECK_THAT(with("/household/0/relationship", "aunt"),
             Catch::Contains("case.household[0].relationship") && Catch::Contains("aunt"));
  CHECK_THAT(with("/household/0/age", 130), Catch::Contains("case.household[0].age"));
  CHECK_THAT(with("/rosh_level", "high"), Catch::Contains("case.rosh_level: unknown field"));
  json missing = sample_case();
  missing.erase("sentence");
  CHECK_THAT(bad_input_message([&] { (void)case_from_json(missing); }),
             Catch::Contains("case.sentence: required field is missing"));
}

TEST_CASE("visit answers are checked against the fact vocabulary", "[domain][json]") {
  json v = json::parse(R"({"date": "2026-03-02", "outcome": "completed",
                           "answers": {"new_relationship": "yes", "substance_misuse_increase": "alcohol"}})");
  const Visit visit = visit_from_json(v);
  CHECK(visit.answers.at("substance_misuse_increase") == "alcohol");
  CHECK(visit_from_json(to_json(visit)) == visit);

  v["answers"]["substance_misuse_increase"] = "cocaine";
  CHECK_THAT(bad_input_message([&] { (void)visit_from_json(v); }),
             Catch::Contains("visit.answers.substance_misuse_increase") && Catch::Contains("cocaine"));
  v["answers"].erase("substance_misuse_increase");
  v["answers"]["new_relatonship"] = "yes";
  CHECK_THAT(bad_input_message([&] { (void)visit_from_json(v); }),
             Catch::Contains("visit.answers.new_relatonship: unknown fact id"));
  v["answers"].erase("new_relatonship");
  v["answers"]["children_seen"] = true;
  CHECK_THAT(bad_input_message([&] { (void)visit_from_json(v); }), Catch::Contains("children_seen"));
}

TEST_CASE("every shared scenario's case and visit parse", "[domain][json][scenario]") {
  const std::string dir = std::string(DOORSTEP_SOURCE_DIR) + "/../shared/domain/scenarios";
  for (const char* name : {"../scenarios-rule-set-2/abuser_new_partner_with_toddler", "../scenarios-rule-set-2/csc_check_no_reply",
                           "../scenarios-rule-set-2/not_known_whether_children_live_there",
                           "../scenarios-rule-set-2/police_check_found_callouts", "../scenarios-rule-set-2/refused_entry_cp_plan",
                           "aggression_in_front_of_disabled_sister", "children_not_seen",
                           "high_risk_licence_no_home_visit_yet", "moved_back_in_with_partner_and_child",
                           "new_relationship_mother_of_four", "partner_pregnant_sexual_offence",
                           "restraining_order_breach_victim_at_home", "routine_low_risk_visit"}) {
    std::ifstream in(dir + "/" + name + ".json");
    if (!in) {
      WARN("shared scenarios not present; skipped " << name);
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const json j = parse_json_text(ss.str(), name);
    INFO(name);
    CHECK_NOTHROW(case_from_json(j.at("case")));
    if (j.contains("visit")) CHECK_NOTHROW(visit_from_json(j.at("visit")));
  }
}

TEST_CASE("malformed JSON text is a bad_input naming the source", "[domain][json]") {
  CHECK_THAT(bad_input_message([] { (void)parse_json_text("{\"crn\": ", "cases.json"); }),
             Catch::Contains("cases.json: not valid JSON"));
}
