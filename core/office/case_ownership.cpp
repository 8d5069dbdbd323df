#include "office/case_ownership.hpp"

#include <algorithm>

#include "crypto/hash.hpp"
#include "domain/json_codec.hpp"

namespace doorstep::office {
namespace {

using nlohmann::json;

// The office-owned part of to_json(Case), as (field name, value) pairs.
std::vector<std::pair<std::string, json>> office_owned_fields(const Case& c) {
  const json j = to_json(c);
  static const char* const kFields[] = {"crn",          "name",           "date_of_birth",   "address",
                                        "rosh",         "mappa_level",    "mappa_eligible",  "child_protection",
                                        "cp_next_meeting", "cp_report_sent", "domestic_abuse_perpetrator",
                                        "sentence",     "victims",        "restrictions",     "rosh_reviewed"};
  std::vector<std::pair<std::string, json>> out;
  for (const char* f : kFields) {
    auto it = j.find(f);
    out.emplace_back(f, it == j.end() ? json() : *it);
  }
  return out;
}

template <class T, class Same>
void add_missing(std::vector<T>& into, const std::vector<T>& from, Same same) {
  for (const auto& x : from) {
    if (std::none_of(into.begin(), into.end(), [&](const T& y) { return same(x, y); })) into.push_back(x);
  }
}

// Whether `a` says more than `b` about the same check: answered where `b`
// is not, or answered on a later day.
bool further_along(const Check& a, const Check& b) {
  if (a.answered() != b.answered()) return a.answered();
  return a.answered() && b.answered_on() < a.answered_on();
}

}  // namespace

AuditHash office_facts_fingerprint(const Case& c) {
  json j = json::object();
  for (auto& [name, value] : office_owned_fields(c)) j[name] = std::move(value);
  return blake2b_256(j.dump());  // nlohmann objects are key-sorted: canonical
}

std::vector<std::string> office_owned_differences(const Case& office, const Case& device) {
  const auto a = office_owned_fields(office);
  const auto b = office_owned_fields(device);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].second != b[i].second) out.push_back(a[i].first);
  }
  return out;
}

Case with_check_ids(Case c) {
  for (std::size_t i = 0; i < c.checks.size(); ++i)
    if (c.checks[i].id.empty()) c.checks[i].id = c.crn + "-check-" + std::to_string(i);
  return c;
}

Case with_device_additions(Case office, const Case& device) {
  add_missing(office.household, device.household, [](const Person& x, const Person& y) {
    return x.name == y.name && x.relationship == y.relationship;
  });
  add_missing(office.alerts, device.alerts, std::equal_to<>());
  for (const auto& k : device.checks) {
    auto same = std::find_if(office.checks.begin(), office.checks.end(),
                             [&](const Check& o) { return !k.id.empty() && o.id == k.id; });
    if (same == office.checks.end() && !k.id.empty()) {
      same = std::find_if(office.checks.begin(), office.checks.end(),
                          [&](const Check& o) { return o.id.empty() && o.kind == k.kind && o.date == k.date; });
      if (same != office.checks.end()) same->id = k.id;
    }
    if (same == office.checks.end()) {
      add_missing(office.checks, std::vector<Check>{k}, std::equal_to<>());
    } else if (further_along(k, *same)) {
      *same = k;
    }
  }
  if (device.last_purposeful_home_visit &&
      (!office.last_purposeful_home_visit || *office.last_purposeful_home_visit < *device.last_purposeful_home_visit))
    office.last_purposeful_home_visit = device.last_purposeful_home_visit;
  return office;
}

Case with_check_record(Case c, const CheckRecord& record) {
  if (!record.reply_to) {
    Check k = record.check;
    k.id = record.id;
    Case with = c;
    with.checks = {k};
    return with_device_additions(std::move(c), with);
  }
  for (auto& k : c.checks) {
    if (k.id != *record.reply_to) continue;
    Check answered = k;
    answered.outcome = record.check.outcome;
    answered.result = record.check.result;
    answered.replied_on = record.check.date;
    if (further_along(answered, k) || !k.answered()) k = answered;
  }
  return c;
}

}  // namespace doorstep::office
