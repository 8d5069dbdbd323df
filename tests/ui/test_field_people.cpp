// People met at the door, bad input: an empty name or an age that is not a
// whole number 0..120 is named at the field, is not stored, and finishing
// waits until it is fixed.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

TEST_CASE("a person with no name or an age over 120 is refused at the field and blocks finishing", "[ui][people]") {
  UiHarness h;
  h.unlock();
  h.click("case:X100004");
  h.click("Start visit");
  h.click("Add person present");
  CHECK(h.has("person_error:name.1"));  // empty name: said at once
  h.type_into("##person_name.1", "Sam");
  CHECK_FALSE(h.has("person_error:name.1"));
  h.type_into("##person_age.1", "150");
  CHECK(h.has("person_error:age.1"));
  CHECK_FALSE(h.app().visit_screen().draft()->people_present.at(0).age.has_value());  // nothing stored
  // The summary lists it and Finish waits.
  const int summary = static_cast<int>(h.app().checklist().sections().size()) + 1;
  for (int i = 0; i < summary; ++i) h.click("Next >");
  REQUIRE(h.has("visit_summary"));
  h.click("Finish visit");
  CHECK_FALSE(h.has("visit_recorded"));
  // Back to the first section: a valid age is stored at once; removing the
  // bad row clears its error and finishing is possible again.
  h.click("Change##summary.section.0");
  h.click("Add person present");
  h.type_into("##person_name.2", "Kim");
  h.type_into("##person_age.2", "34");
  CHECK_FALSE(h.has("person_error:age.2"));
  CHECK(h.app().visit_screen().draft()->people_present.at(1).age == 34);
  CHECK(h.has("person_error:age.1"));
  h.click("Remove##person.1");
  CHECK_FALSE(h.has("person_error:age.1"));
  REQUIRE(h.app().visit_screen().draft()->people_present.size() == 1);
  CHECK(h.app().visit_screen().draft()->people_present.at(0).name == "Kim");
}
