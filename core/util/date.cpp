#include "util/date.hpp"

#include <charconv>
#include <cstdio>

#include "util/error.hpp"

namespace doorstep {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

struct Civil { int y; unsigned m; unsigned d; };

constexpr Civil civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int y, unsigned m) {
  constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : table[m - 1];
}

bool parse_digits(std::string_view s, int& out) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

std::optional<Date> Date::try_parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), m) ||
      !parse_digits(text.substr(8, 2), d))
    return std::nullopt;
  if (y < 1900 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) return std::nullopt;
  return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Date Date::parse(std::string_view text, std::string_view field) {
  if (auto d = try_parse(text)) return *d;
  throw Error(ErrorCode::bad_input,
              std::string(field) + ": '" + std::string(text) + "' is not a date (YYYY-MM-DD)");
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  return from_days(days_from_civil(year, month, day));
}

std::string Date::to_string() const {
  const Civil c = civil_from_days(m_days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  const int w = (m_days + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Date Date::plus_working_days(int n) const {
  Date d = *this;
  while (n > 0) {
    d = d.plus_days(1);
    if (d.is_working_day()) --n;
  }
  return d;
}

int Date::working_days_until(Date later) const {
  int count = 0;
  for (Date d = plus_days(1); d <= later; d = d.plus_days(1)) {
    if (d.is_working_day()) ++count;
  }
  return count;
}

std::string format_utc(UtcMillis ms) {
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const auto milli = static_cast<int>(ms - secs * 1000);
  const auto day = static_cast<std::int32_t>(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
  const auto sod = static_cast<int>(secs - std::int64_t{day} * 86400);
  const Civil c = civil_from_days(day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", c.y, c.m, c.d, sod / 3600,
                (sod / 60) % 60, sod % 60, milli);
  return buf;
}

Date utc_date(UtcMillis ms) {
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  return Date::from_days(static_cast<std::int32_t>(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400));
}

}  // namespace doorstep
