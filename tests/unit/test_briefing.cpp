// The pre-visit briefing: alerts (officer safety first), restrictions and the
// people they protect, expected household (children by age), open follow-ups
// by priority, last purposeful visit, missing checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "briefing/briefing.hpp"
#include "domain/json_codec.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

Date d(const char* iso) { return Date::parse(iso, "test"); }

Case sample_case() {
  return case_from_json(json::parse(R"J({
    "crn": "M100002", "name": "Max Orton", "address": "12 Mill Lane", "rosh": "high",
    "child_protection": "concerns", "domestic_abuse_perpetrator": true,
    "sentence": {"type": "community_order", "start": "2025-11-03", "requirements": ["supervision"]},
    "household": [
      {"name": "Zed Orton", "relationship": "other_adult", "age": 44},
      {"name": "Ben", "relationship": "child", "age": 9},
      {"name": "Away Child", "relationship": "child", "age": 5, "lives_at_address": false},
      {"name": "Ava", "relationship": "stepchild", "age": 2},
      {"name": "Ann", "relationship": "partner"}
    ],
    "victims": [
      {"name": "Kerry Orton", "relationship": "ex_partner", "protected_by_restriction": true, "known_to_vlo": true}
    ],
    "restrictions": ["restraining_order", "curfew"],
    "alerts": ["Interpreter needed (Polish)", "Officer safety: dog in the garden; visit in pairs."],
    "checks": [
      {"kind": "csc_check", "date": "2025-11-10", "outcome": "known"},
      {"kind": "police_da_check", "date": "2026-01-05"}
    ],
    "last_purposeful_home_visit": "2026-02-20"
  })J"));
}

Action action(ActionKind kind, Priority p, const char* due, const char* rule, ActionStatus status = ActionStatus::open) {
  Action a;
  a.crn = "M100002";
  a.kind = kind;
  a.priority = p;
  a.due = d(due);
  a.rule = rule;
  a.reasons = {std::string("raised by ") + rule};
  a.status = status;
  return a;
}

std::vector<Action> sample_actions() {
  auto merged = action(ActionKind::csc_check, Priority::high, "2026-04-16", "R5a");
  merged.reasons.push_back("raised again");
  return {action(ActionKind::rosh_review, Priority::normal, "2026-04-28", "R4"),
          action(ActionKind::police_notify, Priority::urgent, "2026-04-14", "R7"),
          merged,
          action(ActionKind::home_visit, Priority::high, "2026-04-10", "R1"),
          action(ActionKind::manager_oversight, Priority::urgent, "2026-04-14", "R7", ActionStatus::done)};
}

Visit visit_on(const char* date, json answers) {
  return visit_from_json({{"date", date}, {"outcome", "completed"}, {"answers", std::move(answers)}});
}

}  // namespace

TEST_CASE("briefing content and order", "[briefing]") {
  const Case c = sample_case();
  const auto actions = sample_actions();
  const std::vector<Visit> visits = {
      visit_on("2026-03-30", {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"children_seen", "yes"}}),
      visit_on("2026-04-10", {{"person_present", "no"}})};
  const Briefing b = make_briefing(c, actions, visits, d("2026-04-14"));

  REQUIRE(b.alerts.size() == 2);
  CHECK(b.alerts[0] == "Officer safety: dog in the garden; visit in pairs.");
  CHECK(b.alerts[1] == "Interpreter needed (Polish)");

  CHECK(b.restrictions == std::vector<Restriction>{Restriction::restraining_order, Restriction::curfew});
  REQUIRE(b.protected_people.size() == 1);
  CHECK(b.protected_people[0].name == "Kerry Orton");
  CHECK(b.protected_people[0].known_to_vlo);

  std::vector<std::string> names;
  for (const auto& p : b.expected_household) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"Ava", "Ben", "Ann", "Zed Orton"});  // children youngest first

  REQUIRE(b.open_actions.size() == 4);  // the done one is left out
  CHECK(b.open_actions[0].kind == ActionKind::police_notify);
  CHECK(b.open_actions[1].kind == ActionKind::home_visit);  // high, due earlier
  CHECK(b.open_actions[1].overdue);
  CHECK(b.open_actions[2].kind == ActionKind::csc_check);
  CHECK(b.open_actions[2].reason == "raised again");
  CHECK(b.open_actions[2].raised == 2);
  CHECK(b.open_actions[3].kind == ActionKind::rosh_review);
  CHECK_FALSE(b.open_actions[3].overdue);

  CHECK(b.last_purposeful_visit == d("2026-03-30"));  // the later visit was not purposeful
  CHECK(b.days_since_last_purposeful_visit == 15);

  REQUIRE(b.missing_checks.size() == 1);  // CSC check answered since the start; police asked, no answer
  CHECK(b.missing_checks[0].kind == CheckKind::police_da_check);
  CHECK(b.missing_checks[0].requested == d("2026-01-05"));
}

TEST_CASE("briefing text and JSON", "[briefing]") {
  const Case c = sample_case();
  const auto actions = sample_actions();
  const Briefing b = make_briefing(c, actions, {}, d("2026-04-14"));
  const std::string text = to_text(b);
  CHECK_THAT(text, Catch::StartsWith("Briefing for Max Orton (M100002), 14 Apr 2026\n"));
  CHECK_THAT(text, Catch::Contains("  ! Officer safety: dog in the garden"));
  CHECK_THAT(text, Catch::Contains("  protects: Kerry Orton (ex partner, protected by a restriction, known to the VLO)"));
  CHECK_THAT(text, Catch::Contains("  child: Ava (stepchild, 2)"));
  CHECK_THAT(text, Catch::Contains("  [urgent] police notify, due 14 Apr 2026 - R7: raised by R7"));
  CHECK_THAT(text, Catch::Contains("(OVERDUE)"));
  CHECK_THAT(text, Catch::Contains("  20 Feb 2026 (53 days ago)"));
  CHECK_THAT(text, Catch::Contains("police DA callout check: a domestic abuse perpetrator, no outcome recorded since the "
                                   "start (requested 5 Jan 2026, awaiting the answer)"));
  // Officer safety comes before everything else in the text.
  CHECK(text.find("Officer safety") < text.find("Interpreter"));

  const json j = to_json(b);
  CHECK(j["alerts"][0]["officer_safety"] == true);
  CHECK(j["expected_household"][0]["name"] == "Ava");
  CHECK(j["open_actions"][0]["priority"] == "urgent");
  CHECK(j["last_purposeful_visit"] == "2026-02-20");
  CHECK(j["missing_checks"][0]["kind"] == "police_da_check");
}

TEST_CASE("briefing for a quiet case", "[briefing]") {
  const Case c = case_from_json(json::parse(R"({"crn": "L100006", "name": "Lee Marsh", "rosh": "low",
    "sentence": {"type": "community_order", "start": "2026-05-04"}})"));
  const Briefing b = make_briefing(c, {}, {}, d("2026-07-01"));
  CHECK(b.alerts.empty());
  CHECK(b.missing_checks.empty());
  CHECK_FALSE(b.last_purposeful_visit);
  const std::string text = to_text(b);
  CHECK_THAT(text, Catch::Contains("LAST PURPOSEFUL HOME VISIT\n  none recorded"));
  CHECK_THAT(text, Catch::Contains("MISSING CHECKS\n  none"));
  CHECK(to_json(b)["last_purposeful_visit"].is_null());
}

TEST_CASE("briefing does not depend on list order", "[briefing]") {
  const Case c = sample_case();
  const auto actions = sample_actions();
  const std::string baseline = to_json(make_briefing(c, actions, {}, d("2026-04-14"))).dump();
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i) {
    Case s = c;
    auto a = actions;
    std::shuffle(s.household.begin(), s.household.end(), rng);
    std::shuffle(s.checks.begin(), s.checks.end(), rng);
    std::shuffle(s.restrictions.begin(), s.restrictions.end(), rng);
    std::shuffle(a.begin(), a.end(), rng);
    CHECK(to_json(make_briefing(s, a, {}, d("2026-04-14"))).dump() == baseline);
  }
}

TEST_CASE("briefing lists every check with its result and how long a reply has been awaited", "[briefing][checks]") {
  Case c = sample_case();
  c.checks[0].result = CheckResult::known_open;
  c.checks.push_back(Check{CheckKind::csc_check, d("2025-12-01"), std::nullopt, CheckResult::concerns_shared,
                           d("2025-12-09"), "chk-2"});
  const Briefing b = make_briefing(c, {}, {}, d("2026-01-12"));  // Monday; the police check was asked Monday 5 Jan
  REQUIRE(b.checks.size() == 3);
  CHECK(b.checks[0].kind == CheckKind::police_da_check);  // awaiting first
  CHECK_FALSE(b.checks[0].answered_on);
  CHECK(b.checks[0].days_awaited == 7);
  CHECK(b.checks[0].working_days_awaited == 5);
  CHECK(b.checks[1].id == "chk-2");  // then answered, newest request first
  CHECK(b.checks[1].answered_on == d("2025-12-09"));
  CHECK(b.checks[2].result == CheckResult::known_open);
  const std::string text = to_text(b);
  CHECK_THAT(text, Catch::Contains("police DA callout check requested 5 Jan 2026: AWAITING REPLY for 7 days (5 working days)"));
  CHECK_THAT(text, Catch::Contains("answered 9 Dec 2025: concerns shared [id chk-2]"));
  CHECK_THAT(text, Catch::Contains("answered 10 Nov 2025: known open (known)"));
  const json j = to_json(b);
  CHECK(j["checks"][0]["awaiting_reply"] == true);
  CHECK(j["checks"][0]["working_days_awaited"] == 5);
  CHECK(j["checks"][1]["result"] == "concerns_shared");
  CHECK(j["checks"][1]["id"] == "chk-2");
  // On the day of the request: 0 days.
  const Briefing same_day = make_briefing(c, {}, {}, d("2026-01-05"));
  CHECK(same_day.checks[0].days_awaited == 0);
  CHECK(same_day.checks[0].working_days_awaited == 0);
}
