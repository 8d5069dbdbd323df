#include <catch2/catch.hpp>

#include "util/date.hpp"
#include "util/error.hpp"

using doorstep::Date;

TEST_CASE("dates parse, print and reject impossible days", "[util][date]") {
  CHECK(Date::parse("2026-03-02", "d").to_string() == "2026-03-02");
  CHECK(Date::parse("2024-02-29", "d").to_string() == "2024-02-29");
  CHECK_FALSE(Date::try_parse("2026-02-29"));
  CHECK_FALSE(Date::try_parse("2026-13-01"));
  CHECK_FALSE(Date::try_parse("2026-1-01"));
  CHECK_FALSE(Date::try_parse("02/03/2026"));
  CHECK_FALSE(Date::try_parse("2026-03-0x"));
  try {
    (void)Date::parse("31/12/2026", "case.sentence.start");
    FAIL("expected an error");
  } catch (const doorstep::Error& e) {
    CHECK(e.code() == doorstep::ErrorCode::bad_input);
    CHECK(std::string(e.what()).find("case.sentence.start") != std::string::npos);
    CHECK(std::string(e.what()).find("31/12/2026") != std::string::npos);
  }
}

TEST_CASE("working days skip weekends", "[util][date]") {
  const Date fri = Date::parse("2026-03-06", "d");
  CHECK(fri.weekday() == 4);
  CHECK(fri.plus_working_days(0) == fri);
  CHECK(fri.plus_working_days(1).to_string() == "2026-03-09");
  CHECK(fri.plus_working_days(10).to_string() == "2026-03-20");
  const Date sat = Date::parse("2026-03-07", "d");
  CHECK_FALSE(sat.is_working_day());
  CHECK(sat.plus_working_days(1).to_string() == "2026-03-09");
  CHECK(fri.working_days_until(Date::parse("2026-03-20", "d")) == 10);
}

TEST_CASE("UTC instants format as ISO 8601", "[util][date]") {
  CHECK(doorstep::format_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(doorstep::format_utc(1772446500123) == "2026-03-02T10:15:00.123Z");
  CHECK(doorstep::utc_date(1772446500123).to_string() == "2026-03-02");
}
