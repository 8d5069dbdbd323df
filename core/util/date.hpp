#pragma once
// Calendar dates (no time zone: a visit happens on a day) and UTC instants.
// Dates are days since 1970-01-01 in the proleptic Gregorian calendar.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep {

class Date {
 public:
  constexpr Date() = default;
  static Date from_days(std::int32_t days_since_epoch) { Date d; d.m_days = days_since_epoch; return d; }
  // Throws Error(bad_input) naming `field` unless `text` is a real YYYY-MM-DD date.
  static Date parse(std::string_view text, std::string_view field);
  static std::optional<Date> try_parse(std::string_view text);
  static Date from_ymd(int year, unsigned month, unsigned day);

  [[nodiscard]] std::int32_t days() const { return m_days; }
  [[nodiscard]] std::string to_string() const;  // YYYY-MM-DD
  [[nodiscard]] int weekday() const;            // 0 = Monday ... 6 = Sunday
  [[nodiscard]] bool is_working_day() const { return weekday() < 5; }
  [[nodiscard]] Date plus_days(std::int32_t n) const { return from_days(m_days + n); }
  // The date `n` working days (Mon-Fri) after this one; n = 0 is this day.
  [[nodiscard]] Date plus_working_days(int n) const;
  // Working days strictly after this date up to and including `later`.
  [[nodiscard]] int working_days_until(Date later) const;

  auto operator<=>(const Date&) const = default;

 private:
  std::int32_t m_days = 0;
};

// Milliseconds since the Unix epoch, UTC.
using UtcMillis = std::int64_t;
std::string format_utc(UtcMillis ms);  // 2026-03-02T10:15:00.123Z
Date utc_date(UtcMillis ms);

}  // namespace doorstep
