// People met at the door as household data (issue 10): what makes a person
// valid (domain/person_rules.hpp), and Casework finishing a visit with people
// present: they join the case's household in the same transaction, travel to
// the office in the case upsert, appear in the next briefing, and the checks
// the visit raises (R5b, R17) name them. A bad person stores nothing.
#include <catch2/catch.hpp>

#include <algorithm>

#include "briefing/briefing.hpp"
#include "casework/casework.hpp"
#include "casework/people_met.hpp"
#include "domain/json_codec.hpp"
#include "domain/person_rules.hpp"
#include "rules/assets_dir.hpp"
#include "support/errors.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

const Date kToday = Date::from_ymd(2026, 3, 2);

Person sam() {
  Person p;
  p.name = "Sam Jones";
  p.relationship = Relationship::partner;
  p.date_of_birth = Date::from_ymd(1990, 5, 1);
  p.residence = Residence::stays_over;
  p.address_elsewhere = "4 Quay Street, Cardigan";
  return p;
}

Person mia() {
  Person p;
  p.name = "Mia";
  p.relationship = Relationship::child;
  p.age = 3;
  p.residence = Residence::lives_here;
  return p;
}

std::vector<std::string> fields_of(const Person& p) {
  std::vector<std::string> out;
  for (const auto& problem : person_problems(p, kToday)) out.push_back(problem.field);
  return out;
}

Visit visit_with(std::vector<Person> people) {
  Visit v;
  v.date = kToday;
  v.kind = VisitKind::repeat;
  v.outcome = VisitOutcome::completed;
  v.answers = {{"person_present", "yes"}, {"new_relationship", "yes"}, {"children_present", "unknown"}};
  v.people_present = std::move(people);
  return v;
}

const Action* raised_by(const RecordedVisit& r, const std::string& rule) {
  const auto it = std::find_if(r.actions.begin(), r.actions.end(), [&](const Action& a) { return a.rule == rule; });
  return it == r.actions.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a person met at the door: each problem is named at its field", "[people]") {
  CHECK(person_problems(sam(), kToday).empty());
  CHECK(person_problems(mia(), kToday).empty());
  Person p = sam();
  p.name = "  ";
  CHECK(fields_of(p) == std::vector<std::string>{"name"});
  p = sam();
  p.name = std::string(kMaxPersonName + 1, 'x');
  CHECK(fields_of(p) == std::vector<std::string>{"name"});
  p = mia();
  p.age = 121;
  CHECK(fields_of(p) == std::vector<std::string>{"age"});
  p = sam();
  p.date_of_birth = kToday.plus_days(1);
  CHECK(fields_of(p) == std::vector<std::string>{"date_of_birth"});
  p.date_of_birth = Date::from_ymd(1905, 3, 1);  // 121 on the day
  CHECK(fields_of(p) == std::vector<std::string>{"date_of_birth"});
  p.date_of_birth = Date::from_ymd(1906, 3, 2);  // 120 today
  CHECK(person_problems(p, kToday).empty());
  p = sam();
  p.age = 20;  // the date of birth gives 35
  CHECK(fields_of(p) == std::vector<std::string>{"age"});
  p.age = 34;  // one short: given before a birthday since
  CHECK(person_problems(p, kToday).empty());
  p = sam();
  p.residence = Residence::lives_here;
  CHECK(fields_of(p) == std::vector<std::string>{"address_elsewhere"});
  p = sam();
  p.address_elsewhere = std::string(kMaxPersonAddress + 1, 'a');
  CHECK(fields_of(p) == std::vector<std::string>{"address_elsewhere"});
  CHECK(bad_input_message([&] { require_valid_person(p, kToday, "case.household[2]"); })
            .starts_with("case.household[2].address_elsewhere: longer than 500 bytes"));
  CHECK(describe_person(sam(), kToday) == "Sam Jones (partner, 35, stays over, lives at 4 Quay Street, Cardigan)");
  CHECK(describe_person(mia(), kToday) == "Mia (child, 3, lives here)");
}

TEST_CASE("a person travels as JSON with date of birth, residence and address, and the reader keeps the limits",
          "[people]") {
  const auto j = to_json(sam());
  CHECK(j.at("date_of_birth") == "1990-05-01");
  CHECK(j.at("residence") == "stays_over");
  nlohmann::json c = to_json(sample_case());
  c["household"].push_back(j);
  CHECK(case_from_json(c).household.back() == sam());
  c["household"].back()["residence"] = "sometimes";
  CHECK(bad_input_message([&] { (void)case_from_json(c); }).starts_with("case.household[1].residence"));
  c["household"] = nlohmann::json::array();
  for (std::size_t i = 0; i <= kMaxPeopleInList; ++i)
    c["household"].push_back({{"name", "P" + std::to_string(i)}, {"relationship", "other_adult"}});
  CHECK(bad_input_message([&] { (void)case_from_json(c); }).starts_with("case.household: more than 100 people"));
}

TEST_CASE("finishing a visit: the people met join the household, go to the office, fill the next briefing and "
          "are named by R5b and R17",
          "[people][casework]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store store = Store::create(dir / "store.db", kTestKey, clock, {"officer-1", "device-1"});
  store.upsert_case(sample_case());  // medium RoSH, a DA perpetrator, Amy (4) at home
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  Casework work(store, rules, clock);
  const auto outbox_before = store.outbox(0, 1000).size();

  const RecordedVisit r = work.finish_visit("D100001", visit_with({sam(), mia()}));
  const Case c = store.get_case("D100001");
  REQUIRE(c.household.size() == 3);
  CHECK(c.household[1].name == "Sam Jones");
  CHECK(c.household[1].residence == Residence::stays_over);
  CHECK(c.household[1].address_elsewhere == "4 Quay Street, Cardigan");
  CHECK(c.household[1].lives_at_address == false);
  CHECK(c.household[2].lives_at_address == true);

  // The case upsert carries them to the office.
  const auto outbox = store.outbox(0, 1000);
  REQUIRE(outbox.size() > outbox_before);
  const auto upsert = std::find_if(outbox.rbegin(), outbox.rend(), [](const OutboxEntry& e) { return e.entity == "case"; });
  REQUIRE(upsert != outbox.rend());
  CHECK(case_from_json(upsert->payload).household == c.household);

  const std::string named = "Sam Jones (partner, 35, stays over, lives at 4 Quay Street, Cardigan) and Mia (child, 3, lives here)";
  const Action* r5b = raised_by(r, "R5b");
  REQUIRE(r5b != nullptr);
  CHECK_THAT(r5b->reasons.back(), Catch::EndsWith("People met: " + named));
  const Action* r17 = raised_by(r, "R17");
  REQUIRE(r17 != nullptr);
  CHECK_THAT(r17->reasons.back(), Catch::Contains(named));

  const Briefing b = make_briefing(c, store.list_actions("D100001", true), store.list_visits("D100001"), kToday);
  std::vector<std::string> expected;
  for (const auto& p : b.expected_household) expected.push_back(p.name);
  CHECK(expected == std::vector<std::string>{"Mia", "Amy Reed", "Sam Jones"});
  CHECK_THAT(to_text(b), Catch::Contains("adult: Sam Jones (partner, 35, stays over, lives at 4 Quay Street, Cardigan)"));

  // Someone recorded in the people_present answer (as the CLI may) joins too.
  Visit answered = visit_with({});
  answered.answers["people_present"] = nlohmann::json::array({{{"name", "Jo"}, {"relationship", "sibling"}, {"age", 19}}});
  (void)work.finish_visit("D100001", answered);
  REQUIRE(store.get_case("D100001").household.size() == 4);
  CHECK(store.get_case("D100001").household.back().name == "Jo");

  // Met again at the next visit: not added twice.
  (void)work.finish_visit("D100001", visit_with({sam()}));
  CHECK(store.get_case("D100001").household.size() == 4);
}

TEST_CASE("a visit with an impossible person stores nothing", "[people][casework]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store store = Store::create(dir / "store.db", kTestKey, clock, {"officer-1", "device-1"});
  store.upsert_case(sample_case());
  const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  Casework work(store, rules, clock);
  const auto outbox_before = store.outbox(0, 1000).size();
  Person future = sam();
  future.date_of_birth = kToday.plus_days(30);
  CHECK(bad_input_message([&] { (void)work.finish_visit("D100001", visit_with({mia(), future})); })
            .starts_with("visit.people_present[1].date_of_birth: is in the future"));
  Person old = mia();
  old.age = 130;
  CHECK(bad_input_message([&] { (void)work.finish_visit("D100001", visit_with({old})); })
            .starts_with("visit.people_present[0].age"));
  Visit in_answer = visit_with({});
  in_answer.answers["people_present"] = nlohmann::json::array({{{"name", "Jo"}, {"relationship", "sibling"}, {"age", 150}}});
  CHECK(bad_input_message([&] { (void)work.finish_visit("D100001", in_answer); })
            .starts_with("visit.answers.people_present[0].age"));
  CHECK(store.list_visits("D100001").empty());
  CHECK(store.get_case("D100001").household.size() == 1);
  CHECK(store.outbox(0, 1000).size() == outbox_before);
}
