#include "office/case_update.hpp"

#include <algorithm>

#include "domain/json_codec.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

std::optional<bool> yes_no(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  if (text == "yes") return true;
  if (text == "no") return false;
  throw Error(ErrorCode::bad_input, std::string(option) + ": '" + text.substr(0, 32) + "' is not yes or no");
}

template <class E>
std::optional<E> enum_option(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  return parse_enum<E>(text, option);
}

template <class T>
void add_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

template <class T>
void remove_all(std::vector<T>& v, const T& x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

}  // namespace

bool CaseUpdate::empty() const {
  return !rosh && !rosh_reviewed && !child_protection && !cp_next_meeting && !cp_report_sent && !mappa_level && !mappa_eligible &&
         !domestic_abuse_perpetrator && add_restrictions.empty() && remove_restrictions.empty() && add_alerts.empty() &&
         remove_alerts.empty();
}

CaseUpdate parse_case_update(const CaseUpdateText& t) {
  CaseUpdate u;
  u.rosh = enum_option<Rosh>(t.rosh, "--rosh");
  if (!t.rosh_reviewed.empty()) u.rosh_reviewed = Date::parse(t.rosh_reviewed, "--rosh-reviewed");
  u.child_protection = enum_option<ChildProtection>(t.cp, "--cp");
  if (t.cp_next_meeting == "none") {
    u.cp_next_meeting = std::optional<Date>();
  } else if (!t.cp_next_meeting.empty()) {
    u.cp_next_meeting = Date::parse(t.cp_next_meeting, "--cp-next-meeting");
  }
  u.cp_report_sent = yes_no(t.cp_report_sent, "--cp-report-sent");
  u.mappa_level = enum_option<MappaLevel>(t.mappa, "--mappa");
  u.mappa_eligible = yes_no(t.mappa_eligible, "--mappa-eligible");
  u.domestic_abuse_perpetrator = yes_no(t.da, "--da");
  for (const auto& r : t.add_restrictions) u.add_restrictions.push_back(parse_enum<Restriction>(r, "--add-restriction"));
  for (const auto& r : t.remove_restrictions)
    u.remove_restrictions.push_back(parse_enum<Restriction>(r, "--remove-restriction"));
  for (const auto& a : t.add_alerts) {
    if (a.empty() || a.size() > 500) throw Error(ErrorCode::bad_input, "--add-alert: must be 1 to 500 bytes");
    u.add_alerts.push_back(a);
  }
  u.remove_alerts = t.remove_alerts;
  return u;
}

Case apply_case_update(Case c, const CaseUpdate& u) {
  if (u.rosh) c.rosh = *u.rosh;
  if (u.rosh_reviewed) c.rosh_reviewed = *u.rosh_reviewed;
  if (u.child_protection) c.child_protection = *u.child_protection;
  if (u.cp_next_meeting) c.cp_next_meeting = *u.cp_next_meeting;
  if (u.cp_report_sent) c.cp_report_sent = *u.cp_report_sent;
  if (u.mappa_level) c.mappa_level = *u.mappa_level;
  if (u.mappa_eligible) c.mappa_eligible = *u.mappa_eligible;
  if (u.domestic_abuse_perpetrator) c.domestic_abuse_perpetrator = *u.domestic_abuse_perpetrator;
  for (const auto r : u.add_restrictions) add_unique(c.restrictions, r);
  for (const auto r : u.remove_restrictions) remove_all(c.restrictions, r);
  for (const auto& a : u.add_alerts) add_unique(c.alerts, a);
  for (const auto& a : u.remove_alerts) remove_all(c.alerts, a);
  return c;
}

std::vector<std::string> changed_fields(const Case& before, const Case& after) {
  const auto a = to_json(before);
  const auto b = to_json(after);
  std::vector<std::string> out;
  for (auto it = b.begin(); it != b.end(); ++it) {
    const auto old = a.find(it.key());
    if (old == a.end() || *old != it.value()) out.push_back(it.key());
  }
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!b.contains(it.key())) out.push_back(it.key());
  }
  return out;
}

}  // namespace doorstep::office
