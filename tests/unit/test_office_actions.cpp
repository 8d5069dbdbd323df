// The office holds one open action per (case, rule, kind)
// (office/office_actions.hpp, OfficeStore::write_office_actions), and the
// standing rules at the office (office/office_rules.hpp) raise, leave alone
// and close them; against the embedded SQLCipher office store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "office/office_actions.hpp"
#include "office/office_rules.hpp"
#include "office/office_store.hpp"
#include "rules/assets_dir.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "util/uuid.hpp"
#include "office/office_store_backends.hpp"

using namespace doorstep;
using namespace doorstep::office;

namespace {

// On SQLCipher, or with DOORSTEP_TEST_OFFICE_BACKEND=postgres (test_office_actions_pg) on PostgreSQL.
struct Office {
  test::TempDir dir;
  std::unique_ptr<OfficeStore> store =
      test::test_office_on_postgres()
          ? create_postgres_office_store(test::PostgresCluster::shared().new_database(), test::store_key_bytes(),
                                         test::kMarch2)
          : create_sqlcipher_office_store(dir / "office.db", test::kTestKey, test::kMarch2);
  RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  Office() {
    store->add_officer({"ana", "Ana", false, "north"});
    Case c = test::sample_case("D100001");
    c.rosh = Rosh::high;  // elevated, no visit since the start: R1
    store->import_case(c, "ana", test::kMarch2);
  }
  std::vector<Action> actions() {
    std::vector<Action> out;
    for (const auto& r : store->records("action", "D100001")) out.push_back(action_from_record(r));
    return out;
  }
  std::vector<Action> with(std::string_view rule, ActionKind kind, ActionStatus status) {
    auto all = actions();
    std::erase_if(all, [&](const Action& a) { return a.rule != rule || a.kind != kind || a.status != status; });
    return all;
  }
};

Action open_action(std::string rule, ActionKind kind, std::string reason) {
  Action a;
  a.id = make_uuid_v7(test::kMarch2);
  a.crn = "D100001";
  a.kind = kind;
  a.rule = std::move(rule);
  a.due = Date::parse("2026-03-10", "due");
  a.reasons = {std::move(reason)};
  return a;
}

}  // namespace

TEST_CASE("the office's standing pass raises what is due once, and a second pass writes nothing", "[office][standing]") {
  Office o;
  const Date today = Date::parse("2026-03-04", "today");
  const auto written = run_case_rules(*o.store, o.rules, "D100001", today, test::kMarch2);
  CHECK_FALSE(written.empty());
  REQUIRE(o.with("R1", ActionKind::home_visit, ActionStatus::open).size() == 1);
  CHECK(run_case_rules(*o.store, o.rules, "D100001", today, test::kMarch2).empty());
  const auto summary = run_rules_everywhere(*o.store, o.rules, today, test::kMarch2);
  CHECK(summary.cases == 1);
  CHECK(summary.raised + summary.updated + summary.closed == 0);
  CHECK_THROWS_AS(run_case_rules(*o.store, o.rules, "Z999999", today, test::kMarch2), Error);
}

TEST_CASE("a second open action for a (case, rule, kind) folds into the open one", "[office][standing]") {
  Office o;
  (void)run_case_rules(*o.store, o.rules, "D100001", Date::parse("2026-03-04", "today"), test::kMarch2);
  const Action first = o.with("R1", ActionKind::home_visit, ActionStatus::open).at(0);
  const Action other = open_action("R1", ActionKind::home_visit, "An initial home visit is due (another raiser)");
  const auto written = o.store->write_office_actions("D100001", std::vector{other}, "office", test::kMarch2);
  REQUIRE(written.size() == 1);
  CHECK(written[0].id == first.id);
  const auto open = o.with("R1", ActionKind::home_visit, ActionStatus::open);
  REQUIRE(open.size() == 1);
  CHECK(open[0].reasons.size() == 2);
  CHECK(open[0].reasons.back() == "An initial home visit is due (another raiser)");
  // Another case's action, or an unknown case: refused, nothing written.
  Action elsewhere = other;
  elsewhere.crn = "D100002";
  CHECK_THROWS_WITH(o.store->write_office_actions("D100001", std::vector{elsewhere}, "office", test::kMarch2),
                    Catch::Contains("action.crn"));
  CHECK_THROWS_AS(o.store->write_office_actions("Z999999", std::vector{other}, "office", test::kMarch2), Error);
}

TEST_CASE("the office never overwrites a decision made since its plan", "[office][standing]") {
  Office o;
  (void)run_case_rules(*o.store, o.rules, "D100001", Date::parse("2026-03-04", "today"), test::kMarch2);
  Action r1 = o.with("R1", ActionKind::home_visit, ActionStatus::open).at(0);
  Action dismissed = r1;
  dismissed.status = ActionStatus::dismissed;
  dismissed.dismiss_reason = "visited with police on 2026-03-03";
  REQUIRE(o.store->write_office_actions("D100001", std::vector{dismissed}, "mo", test::kMarch2).size() == 1);
  // A stale plan that still sees it open and closes it by itself: ignored.
  Action stale = r1;
  stale.status = ActionStatus::done;
  stale.outcome = "Closed by itself: purposeful home visit on 2026-03-05";
  CHECK(o.store->write_office_actions("D100001", std::vector{stale}, "office", test::kMarch2).empty());
  const auto kept = o.with("R1", ActionKind::home_visit, ActionStatus::dismissed);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].dismiss_reason == "visited with police on 2026-03-03");
  // ... and the same situation is not raised again by the next pass.
  CHECK(run_case_rules(*o.store, o.rules, "D100001", Date::parse("2026-03-05", "today"), test::kMarch2).empty());
}

TEST_CASE("a RoSH raised at the office asks for oversight once (R9), from the previous RoSH", "[office][standing]") {
  Office o;
  CaseUpdate up;
  up.rosh = Rosh::very_high;
  (void)o.store->update_case("D100001", up, "office", test::kMarch2);
  const Date today = Date::parse("2026-03-04", "today");
  (void)run_case_rules(*o.store, o.rules, "D100001", today, test::kMarch2, Rosh::high);
  REQUIRE(o.with("R9", ActionKind::manager_oversight, ActionStatus::open).size() == 1);
  (void)run_case_rules(*o.store, o.rules, "D100001", today, test::kMarch2);  // the daily pass: no previous RoSH
  CHECK(o.with("R9", ActionKind::manager_oversight, ActionStatus::open).size() == 1);
}
