// An amendment to a finished visit, end to end: recorded and synced by the
// app, then corrected from the case screen (a reason, a corrected answer and
// text; nothing saved until both are there), shown in the timeline, synced by
// the app through a real `doorstep-office serve` process, and in the report
// of another tablet of the same officer (the real CLI) after its sync.
#include <catch2/catch.hpp>

#include "rules/display.hpp"
#include "support/office_process.hpp"
#include "support/team_cases.hpp"
#include "office_synced_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

namespace {

void wait_for_sync(UiHarness& h) {
  wait_for_sync_run(h);
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
}

}  // namespace

TEST_CASE("an amendment to a finished visit syncs through a real office and appears in the report",
          "[ui][sync][amendment]") {
  doorstep::test::OfficeProcess office;
  office.add_officer("ana", "north");
  office.import_cases(doorstep::test::kCases, "ana");
  office.start();

  UiHarness h(office_synced_harness());
  enroll_through_ui(h, office);

  // A visit recorded with every required question "No".
  h.click("Today##nav");
  h.click("case:A100002");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  for (const auto& section : h.app().checklist().sections()) {
    for (const auto& item : section.items) {
      const auto& draft = h.app().visit_screen().draft();
      if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
      if (item.fact == "person_present") continue;
      if (item.type == FactType::yes_no_unknown) h.click("No##" + item.fact + ".no");
      else if (item.type == FactType::single_choice || item.type == FactType::multiple_choice)
        h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id);
    }
    h.click("Next >");
  }
  h.click("Next >");  // notes -> summary
  h.click("Finish visit");
  REQUIRE(h.has("visit_recorded"));
  const Visit visit = h.app().visit_screen().finished()->visit;
  REQUIRE(visit.answers.at("children_present") == "no");
  wait_for_sync(h);

  // Corrected from the case screen.
  h.click("Back to the case");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  h.click("Amend the visit of " + display_date(visit.date) + "##amend." + visit.id);
  REQUIRE(h.has("amendment_form"));
  h.click("Yes##amend.children_present.yes");
  h.click("Save amendment");  // no reason yet: nothing saved
  CHECK(h.has("amendment_form"));
  CHECK(h.app().session()->store().list_visit_amendments("A100002").empty());
  h.type_into("##amend_reason", "Misheard at the door");
  h.type_into("##amend_text", "Two children were in the back room.");
  h.click("Save amendment");
  REQUIRE(h.has("amendment_saved"));
  const auto stored = h.app().session()->store().list_visit_amendments("A100002");
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].corrected_answers.at("children_present") == "yes");
  CHECK(stored[0].visit_id == visit.id);
  // The visit itself is unchanged.
  CHECK(h.app().session()->store().list_visits("A100002").at(0).answers.at("children_present") == "no");
  wait_for_sync(h);
  CHECK(h.app().session()->store().outbox_pending_count() == 0);

  // Another tablet of Ana's: after its sync the report shows the amendment under the visit.
  doorstep::test::CliDevice other(office.dir(), "other");
  REQUIRE(other.enroll(office.enroll_code("ana")).exit_code == 0);
  const auto synced = other.sync();
  INFO(synced.err);
  REQUIRE(synced.exit_code == 0);
  const auto report = other.run({"export", "A100002"});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  CHECK_THAT(report.out, Catch::Contains("AMENDED"));
  CHECK_THAT(report.out, Catch::Contains(": Misheard at the door"));
  CHECK_THAT(report.out, Catch::Contains("Correction: Two children were in the back room."));
  CHECK_THAT(report.out, Catch::Contains(": yes"));
}
