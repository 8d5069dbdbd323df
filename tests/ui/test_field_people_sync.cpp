// People met at the door as household data, end to end: added on the visit
// screen (a bad date of birth is named at its field and not stored), finished,
// synced by the app itself through a real `doorstep-office serve` process;
// they appear in the next briefing on this tablet and, after its sync, on
// another tablet of the same officer (the real CLI), and the follow-ups the
// visit raised (R17 here) name them.
#include <catch2/catch.hpp>

#include "support/office_process.hpp"
#include "support/team_cases.hpp"
#include "office_synced_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;


TEST_CASE("adding a person, who appears in the next briefing after a sync through a real office",
          "[ui][sync][people]") {
  doorstep::test::OfficeProcess office;
  office.add_officer("ana", "north");
  office.import_cases(doorstep::test::kCases, "ana");
  office.start();

  UiHarness h(office_synced_harness());
  enroll_through_ui(h, office);

  h.click("Today##nav");
  h.click("case:A100001");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  h.click("Add person present");
  h.type_into("##person_name.1", "Siôn Ŵyn");
  // A date of birth in the future is named at the field and not stored.
  h.type_into("##person_dob.1", "2099-01-01");
  CHECK(h.has("person_error:date_of_birth.1"));
  CHECK_FALSE(h.app().visit_screen().draft()->people_present.at(0).date_of_birth.has_value());
  h.type_into("##person_dob.1", "1990-05-01");
  CHECK_FALSE(h.has("person_error:date_of_birth.1"));
  h.click("Stays over##person_res.1.stays_over");
  h.type_into("##person_address.1", "4 Quay Street, Cardigan");
  {
    const Person& p = h.app().visit_screen().draft()->people_present.at(0);
    CHECK(p.date_of_birth == Date::from_ymd(1990, 5, 1));
    CHECK(p.residence == Residence::stays_over);
    CHECK(p.address_elsewhere == "4 Quay Street, Cardigan");
  }

  // Every required question "No", except that whether children were
  // present is not known: R17 (an elevated DA case) must find out who is there.
  for (const auto& section : h.app().checklist().sections()) {
    for (const auto& item : section.items) {
      const auto& draft = h.app().visit_screen().draft();
      if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
      if (item.fact == "person_present") continue;
      if (item.fact == "children_present") h.click("Not known##children_present.unknown");
      else if (item.type == FactType::yes_no_unknown) h.click("No##" + item.fact + ".no");
      else if (item.type == FactType::single_choice || item.type == FactType::multiple_choice)
        h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id);
    }
    h.click("Next >");
  }
  h.click("Next >");  // notes -> summary
  REQUIRE(h.has("visit_summary"));
  h.click("Finish visit");
  REQUIRE(h.has("visit_recorded"));
  const auto raised = h.app().visit_screen().finished()->actions;
  bool named = false;
  for (const auto& a : raised) {
    if (a.rule == "R17" && !a.reasons.empty())
      named = a.reasons.back().find("Siôn Ŵyn (other adult, ") != std::string::npos;
  }
  CHECK(named);

  // The app syncs by itself after Finish.
  wait_for_sync_run(h);
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().session()->store().outbox_pending_count() == 0);

  // The next briefing on this tablet.
  h.click("Back to the case");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  const auto& briefing = h.app().case_screen().briefing();
  REQUIRE(briefing.has_value());
  bool in_briefing = false;
  for (const auto& p : briefing->expected_household)
    in_briefing = in_briefing || (p.name == "Siôn Ŵyn" && p.residence == Residence::stays_over &&
                                  p.address_elsewhere == "4 Quay Street, Cardigan");
  CHECK(in_briefing);

  // Another tablet of Ana's, after its sync: the office kept the person as
  // household data (a device-owned case fact) and the briefing shows them.
  doorstep::test::CliDevice other(office.dir(), "other");
  REQUIRE(other.enroll(office.enroll_code("ana")).exit_code == 0);
  const auto synced = other.sync();
  INFO(synced.err);
  REQUIRE(synced.exit_code == 0);
  const auto out = other.run({"--json", "briefing", "A100001"});
  REQUIRE(out.exit_code == 0);
  const auto j = nlohmann::json::parse(out.out);
  nlohmann::json found;
  for (const auto& p : j.at("expected_household"))
    if (p.at("name") == "Siôn Ŵyn") found = p;
  REQUIRE(found.is_object());
  CHECK(found.at("relationship") == "other_adult");
  CHECK(found.at("residence") == "stays_over");
  CHECK(found.at("address_elsewhere") == "4 Quay Street, Cardigan");
  CHECK(found.at("age").get<int>() >= 35);
  // And the follow-up R17 raised reached the other tablet naming them.
  const auto actions = other.run({"--json", "actions", "A100001"});
  INFO(actions.err);
  CHECK_THAT(actions.out, Catch::Contains("Siôn Ŵyn"));
}
