// The office's authority rules as pure functions: case roles over the
// assignment history, what each role writes, and which case facts a device
// owns.
#include <catch2/catch.hpp>

#include "domain/json_codec.hpp"
#include "office/case_authority.hpp"
#include "office/case_ownership.hpp"
#include "support/store_fixtures.hpp"
#include "util/error.hpp"

using namespace doorstep;
using namespace doorstep::office;

namespace {

const Officer ana{"ana", "Ana", false, "north"};
const Officer bo{"bo", "Bo", false, "north"};
const Officer mo{"mo", "Mo", true, "north"};
const Officer sam{"sam", "Sam", true, "south"};

bool allowed(CaseRole role, const Officer& writer, const WriteIntent& intent) {
  try {
    authorize(role, writer, ana, intent, "A100001");
    return true;
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::forbidden);
    return false;
  }
}

}  // namespace

TEST_CASE("case roles: owner, former owner by the change's time, team manager, nobody", "[office][authority]") {
  const std::vector<Assignment> history = {{"bo", 1000, 2000}, {"ana", 2000, std::nullopt}};
  CHECK(case_role(ana, ana, history, 5000) == CaseRole::owner);
  CHECK(case_role(bo, ana, history, 1500) == CaseRole::former_owner);
  CHECK(case_role(bo, ana, history, 2000) == CaseRole::former_owner);  // the same millisecond as the move
  CHECK(case_role(bo, ana, history, 2001) == CaseRole::none);
  CHECK(case_role(bo, ana, history, 999) == CaseRole::none);
  CHECK(case_role(mo, ana, history, 5000) == CaseRole::team_manager);
  CHECK(case_role(sam, ana, history, 5000) == CaseRole::none);
  CHECK(case_role(mo, mo, {}, 5000) == CaseRole::owner);  // a manager's own case
}

TEST_CASE("what each role may write", "[office][authority]") {
  const WriteIntent note{"note", std::nullopt, false};
  const WriteIntent visit{"visit", std::nullopt, false};
  const WriteIntent raise_oversight{"action", ActionKind::manager_oversight, false};
  const WriteIntent decide_oversight{"action", ActionKind::manager_oversight, true};
  const WriteIntent close_review{"action", ActionKind::rosh_review, true};
  CHECK(allowed(CaseRole::owner, ana, note));
  CHECK(allowed(CaseRole::owner, ana, visit));
  CHECK(allowed(CaseRole::owner, ana, raise_oversight));
  CHECK_FALSE(allowed(CaseRole::owner, ana, decide_oversight));
  CHECK(allowed(CaseRole::owner, ana, close_review));
  CHECK(allowed(CaseRole::former_owner, bo, visit));
  CHECK_FALSE(allowed(CaseRole::former_owner, bo, decide_oversight));
  CHECK(allowed(CaseRole::team_manager, mo, note));
  CHECK(allowed(CaseRole::team_manager, mo, decide_oversight));
  CHECK_FALSE(allowed(CaseRole::team_manager, mo, visit));
  CHECK_FALSE(allowed(CaseRole::team_manager, mo, close_review));
  CHECK_FALSE(allowed(CaseRole::none, sam, note));
  // An amendment to a visit is the officer's correction of their record, not a manager's note.
  const WriteIntent amend_visit{"visit amendment", std::nullopt, false};
  CHECK(allowed(CaseRole::owner, ana, amend_visit));
  CHECK(allowed(CaseRole::former_owner, bo, amend_visit));
  CHECK_FALSE(allowed(CaseRole::team_manager, mo, amend_visit));
}

TEST_CASE("case facts: a device adds what it owns and changes nothing the office owns", "[office][ownership]") {
  Case office = test::sample_case("A100001");
  office.alerts = {"officer safety: dog"};
  Case device = office;
  device.alerts.push_back("officer safety: knife seen");
  device.household.push_back(Person{"Kim", Relationship::child, 3, true, false, false, {}, {}, {}});
  device.last_purposeful_home_visit = Date::from_ymd(2026, 3, 2);
  CHECK(office_owned_differences(office, device).empty());
  CHECK(office_facts_fingerprint(office) == office_facts_fingerprint(device));
  const Case merged = with_device_additions(office, device);
  CHECK(merged.alerts.size() == 2);
  CHECK(merged.household.size() == office.household.size() + 1);
  CHECK(merged.last_purposeful_home_visit == device.last_purposeful_home_visit);
  // Removing an alert is not a device's to do: the union keeps it.
  Case removes = office;
  removes.alerts.clear();
  CHECK(with_device_additions(office, removes).alerts == office.alerts);
  // Idempotent and order-free.
  CHECK(with_device_additions(merged, device) == merged);

  Case hostile = office;
  hostile.rosh = Rosh::low;
  hostile.restrictions.clear();
  hostile.restrictions.push_back(Restriction::curfew);
  const auto diff = office_owned_differences(office, hostile);
  CHECK(diff == std::vector<std::string>{"rosh", "restrictions"});
  CHECK(office_facts_fingerprint(office) != office_facts_fingerprint(hostile));
}

TEST_CASE("a check imported without an id is one check at the office and on every device", "[office][authority]") {
  Case imported = test::sample_case("D100001");  // its CSC check has no id
  REQUIRE(imported.checks.size() == 1);
  REQUIRE(imported.checks[0].id.empty());
  const Case named = with_check_ids(imported);
  CHECK(named.checks[0].id == "D100001-check-0");  // the name a device gives it on pull
  // A device's copy comes back with that id and a reply: still one check.
  Case device = named;
  device.checks[0].result = CheckResult::no_information;
  device.checks[0].replied_on = Date::parse("2026-02-01", "reply");
  const Case merged = with_device_additions(named, device);
  REQUIRE(merged.checks.size() == 1);
  CHECK(merged.checks[0].result == CheckResult::no_information);
  // An office copy imported before ids were given meets the device's by kind and date.
  const Case legacy = with_device_additions(imported, device);
  REQUIRE(legacy.checks.size() == 1);
  CHECK(legacy.checks[0].id == "D100001-check-0");
}
