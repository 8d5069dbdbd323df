// Standing follow-ups (rules/standing_actions.hpp): one action per (case,
// rule, kind) under an id every raiser shares, not raised again once dealt
// with, and closed by the record that met it.
#include <catch2/catch.hpp>

#include <algorithm>

#include "domain/json_codec.hpp"
#include "rules/assets_dir.hpp"
#include "rules/rule_set.hpp"
#include "rules/standing_actions.hpp"

using namespace doorstep;

namespace {

const RuleSet& rules() {
  static const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  return rs;
}

Case high_rosh_case() {
  return case_from_json(nlohmann::json::parse(R"({
    "crn": "T300001", "name": "Test Person", "rosh": "high",
    "sentence": {"type": "community_order", "start": "2026-03-02", "requirements": ["supervision"]}
  })"));
}

Visit purposeful_visit(const std::string& date) {
  Visit v = visit_from_json(nlohmann::json::parse(R"({"date": ")" + date + R"(", "kind": "initial",
    "outcome": "completed", "answers": {"person_present": "yes", "purpose_explained": "yes"}})"));
  v.id = "0190aaaa-0000-7000-8000-000000000001";
  v.crn = "T300001";
  return v;
}

StandingPlan plan(const Case& c, std::span<const Visit> visits, std::span<const Action> existing, Date today) {
  const RuleContext ctx{c, nullptr, visits, std::nullopt, today};
  return plan_standing_actions(c, visits, existing, rules().evaluate(ctx).actions, rules());
}

const Action* find(const std::vector<Action>& list, std::string_view rule, ActionKind kind) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Action& a) { return a.rule == rule && a.kind == kind; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a standing action is raised under the id every raiser derives, and only once", "[rules][standing]") {
  const Case c = high_rosh_case();
  const Date today = Date::parse("2026-03-10", "today");
  const StandingPlan first = plan(c, {}, {}, today);
  const Action* r1 = find(first.created, "R1", ActionKind::home_visit);
  REQUIRE(r1);
  CHECK(r1->id == standing_action_id(c.crn, "R1", ActionKind::home_visit, r1->reasons.front()));
  CHECK(r1->status == ActionStatus::open);
  // A second raiser (the office, another tablet) from the same facts: the same record.
  const auto ids = [](const std::vector<Action>& list) {
    std::vector<std::string> out;
    for (const auto& a : list) out.push_back(a.id);
    return out;
  };
  CHECK(ids(plan(c, {}, {}, today).created) == ids(first.created));
  // Once stored, running again the next day changes nothing: no write, no outbox entry.
  const StandingPlan again = plan(c, {}, first.created, Date::parse("2026-03-11", "today"));
  CHECK(again.empty());
  // Other facts, another id: the RoSH is part of R1's reason.
  Case very_high = c;
  very_high.rosh = Rosh::very_high;
  const Action* other = find(plan(very_high, {}, {}, today).created, "R1", ActionKind::home_visit);
  REQUIRE(other);
  CHECK(other->id != r1->id);
}

TEST_CASE("with an open action for the triple, a new reason merges into it", "[rules][standing]") {
  Case c = high_rosh_case();
  const Date today = Date::parse("2026-03-10", "today");
  std::vector<Action> stored = plan(c, {}, {}, today).created;
  c.rosh = Rosh::very_high;  // R1's reason changes
  const StandingPlan p = plan(c, {}, stored, today);
  CHECK(find(p.created, "R1", ActionKind::home_visit) == nullptr);
  const Action* merged = find(p.merged, "R1", ActionKind::home_visit);
  REQUIRE(merged);
  CHECK(merged->id == find(stored, "R1", ActionKind::home_visit)->id);
  CHECK(merged->reasons.size() == 2);
}

TEST_CASE("a standing action dealt with is not raised again for the same reason", "[rules][standing]") {
  const Case c = high_rosh_case();
  const Date today = Date::parse("2026-03-10", "today");
  std::vector<Action> stored = plan(c, {}, {}, today).created;
  for (auto& a : stored) {
    a.status = ActionStatus::dismissed;
    a.dismiss_reason = "visit booked by phone";
  }
  CHECK(plan(c, {}, stored, today).empty());
}

TEST_CASE("a purposeful visit closes R1 by itself and names the visit", "[rules][standing]") {
  const Case c = high_rosh_case();
  const std::vector<Action> stored = plan(c, {}, {}, Date::parse("2026-03-03", "today")).created;
  REQUIRE(find(stored, "R1", ActionKind::home_visit));
  const std::vector<Visit> visits = {purposeful_visit("2026-03-09")};
  const StandingPlan p = plan(c, visits, stored, Date::parse("2026-03-09", "today"));
  const Action* closed = find(p.closed, "R1", ActionKind::home_visit);
  REQUIRE(closed);
  CHECK(closed->status == ActionStatus::done);
  CHECK(closed->outcome == "Closed by itself: purposeful home visit on 2026-03-09 (visit " + visits[0].id + ")");
  CHECK(find(p.created, "R2", ActionKind::home_visit) == nullptr);
}

TEST_CASE("a visit that was not purposeful leaves R1 open", "[rules][standing]") {
  const Case c = high_rosh_case();
  const std::vector<Action> stored = plan(c, {}, {}, Date::parse("2026-03-03", "today")).created;
  Visit v = purposeful_visit("2026-03-09");
  v.answers["person_present"] = "no";
  const std::vector<Visit> visits = {v};
  CHECK(find(plan(c, visits, stored, Date::parse("2026-03-09", "today")).closed, "R1", ActionKind::home_visit) ==
        nullptr);
}

TEST_CASE("R19 closes when the reply is recorded, and R20 when the RoSH is reviewed", "[rules][standing]") {
  Case c = case_from_json(nlohmann::json::parse(R"({
    "crn": "T300002", "name": "Test Person", "rosh": "medium", "domestic_abuse_perpetrator": true,
    "sentence": {"type": "community_order", "start": "2026-01-05", "requirements": ["supervision"]},
    "checks": [{"id": "0190bbbb-0000-7000-8000-000000000001", "kind": "police_da_check", "date": "2026-02-02"}]
  })"));
  const Date today = Date::parse("2026-02-20", "today");
  const std::vector<Action> stored = plan(c, {}, {}, today).created;
  const Action* chase = find(stored, "R19", ActionKind::police_da_check);
  REQUIRE(chase);

  c.checks[0].result = CheckResult::callouts_found;
  c.checks[0].replied_on = Date::parse("2026-02-21", "reply");
  const StandingPlan replied = plan(c, {}, stored, Date::parse("2026-02-21", "today"));
  const Action* closed = find(replied.closed, "R19", ActionKind::police_da_check);
  REQUIRE(closed);
  CHECK(closed->outcome ==
        "Closed by itself: police DA callout check answered on 2026-02-21 (callouts_found) (check "
        "0190bbbb-0000-7000-8000-000000000001)");
  const Action* review = find(replied.created, "R20", ActionKind::rosh_review);
  REQUIRE(review);  // a concerning result, after no review: act on it

  std::vector<Action> after = stored;
  after.push_back(*review);
  c.rosh_reviewed = Date::parse("2026-02-23", "review");
  const StandingPlan reviewed = plan(c, {}, after, Date::parse("2026-02-23", "today"));
  const Action* review_closed = find(reviewed.closed, "R20", ActionKind::rosh_review);
  REQUIRE(review_closed);
  CHECK(review_closed->outcome == "Closed by itself: RoSH reviewed on 2026-02-23");
}

TEST_CASE("an action without closes_by stays open when its rule stops raising it", "[rules][standing]") {
  Case c = high_rosh_case();
  Action oversight;
  oversight.id = "0190cccc-0000-7000-8000-000000000001";
  oversight.crn = c.crn;
  oversight.kind = ActionKind::manager_oversight;
  oversight.rule = "R9";
  oversight.reasons = {"RoSH increased to high or very high"};
  const std::vector<Action> stored = {oversight};
  const StandingPlan p = plan(c, {}, stored, Date::parse("2026-03-10", "today"));
  CHECK(find(p.closed, "R9", ActionKind::manager_oversight) == nullptr);
}

TEST_CASE("closes_by is validated when the rule file loads", "[rules][standing]") {
  nlohmann::json j = nlohmann::json::parse(R"({"id": "t", "version": 1, "parameters": {
      "urgent_due_working_days": 0, "high_due_working_days": 2, "normal_due_working_days": 10},
    "rules": [{"id": "X1", "title": "t", "condition": {"fact": "derived.elevated", "equals": true},
      "actions": [{"kind": "home_visit", "priority": "high", "reason": "r", "closes_by": "a_phone_call"}]}]})");
  CHECK_THROWS_WITH(RuleSet::from_json(j, "t.json"), Catch::Contains("closes_by") && Catch::Contains("a_phone_call"));
  j["rules"][0]["actions"][0]["closes_by"] = "check_answered";
  CHECK_THROWS_WITH(RuleSet::from_json(j, "t.json"), Catch::Contains("check_answered closes only"));
  j["rules"][0]["actions"][0]["closes_by"] = "purposeful_visit";
  CHECK(RuleSet::from_json(j, "t.json").closes_by("X1", ActionKind::home_visit) == ClosesBy::purposeful_visit);
}
