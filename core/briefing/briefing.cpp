#include "briefing/briefing.hpp"

#include <algorithm>
#include <cctype>

#include "domain/person_rules.hpp"
#include "rules/display.hpp"
#include "rules/purposeful.hpp"

namespace doorstep {
namespace {

BriefingPerson person_of(const Person& p, Date today) {
  return {p.name,         p.relationship,         age_of(p, today), p.is_child(), p.protected_by_restriction,
          p.known_to_vlo, p.residence, p.address_elsewhere};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string check_name(CheckKind k) {
  return k == CheckKind::csc_check ? "children's social care check" : "police DA callout check";
}

std::string person_text(const BriefingPerson& p) {
  std::string out = p.name + " (" + display_id(to_string(p.relationship));
  if (p.age) out += ", " + std::to_string(*p.age);
  if (p.protected_by_restriction) out += ", protected by a restriction";
  if (p.known_to_vlo) out += ", known to the VLO";
  if (p.residence) out += ", " + display_id(to_string(*p.residence));
  if (p.address_elsewhere) out += ", lives at " + *p.address_elsewhere;
  return out + ")";
}

nlohmann::json person_json(const BriefingPerson& p) {
  nlohmann::json j = {{"name", p.name},
                      {"relationship", to_string(p.relationship)},
                      {"is_child", p.is_child},
                      {"protected_by_restriction", p.protected_by_restriction},
                      {"known_to_vlo", p.known_to_vlo}};
  if (p.age) j["age"] = *p.age;
  if (p.residence) j["residence"] = to_string(*p.residence);
  if (p.address_elsewhere) j["address_elsewhere"] = *p.address_elsewhere;
  return j;
}

}  // namespace

bool is_officer_safety_alert(std::string_view alert) { return lower(alert).find("officer safety") != std::string::npos; }

Briefing make_briefing(const Case& c, std::span<const Action> open_actions, std::span<const Visit> visits, Date today) {
  Briefing b;
  b.crn = c.crn;
  b.name = c.name;
  b.address = c.address;
  b.today = today;
  b.rosh = c.rosh;
  b.child_protection = c.child_protection;
  b.mappa_level = c.mappa_level;
  b.domestic_abuse_perpetrator = c.domestic_abuse_perpetrator;

  for (const auto& a : c.alerts) {
    if (is_officer_safety_alert(a)) b.alerts.push_back(a);
  }
  for (const auto& a : c.alerts) {
    if (!is_officer_safety_alert(a)) b.alerts.push_back(a);
  }

  b.restrictions = c.restrictions;
  std::sort(b.restrictions.begin(), b.restrictions.end());
  for (const auto* list : {&c.victims, &c.household}) {
    for (const auto& p : *list) {
      if (p.protected_by_restriction) b.protected_people.push_back(person_of(p, today));
    }
  }
  std::sort(b.protected_people.begin(), b.protected_people.end(),
            [](const BriefingPerson& x, const BriefingPerson& y) { return x.name < y.name; });

  for (const auto& p : c.household) {
    if (p.residence || p.lives_at_address.value_or(true)) b.expected_household.push_back(person_of(p, today));
  }
  for (const auto& p : c.victims) {
    if (p.lives_at_address.value_or(false)) b.expected_household.push_back(person_of(p, today));
  }
  std::sort(b.expected_household.begin(), b.expected_household.end(),
            [](const BriefingPerson& x, const BriefingPerson& y) {
              if (x.is_child != y.is_child) return x.is_child;
              if (x.is_child && x.age != y.age) {
                if (!x.age || !y.age) return x.age.has_value();
                return *x.age < *y.age;
              }
              return x.name < y.name;
            });

  for (const auto& a : open_actions) {
    if (a.status != ActionStatus::open) continue;
    BriefingAction ba;
    ba.kind = a.kind;
    ba.priority = a.priority;
    ba.due = a.due;
    ba.rule = a.rule;
    ba.reason = a.reasons.empty() ? "" : a.reasons.back();
    ba.raised = std::max<std::size_t>(1, a.reasons.size());
    ba.overdue = a.due < today;
    b.open_actions.push_back(std::move(ba));
  }
  std::sort(b.open_actions.begin(), b.open_actions.end(), [](const BriefingAction& x, const BriefingAction& y) {
    if (x.priority != y.priority) return x.priority < y.priority;
    if (x.due != y.due) return x.due < y.due;
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.rule != y.rule) return x.rule < y.rule;
    return x.reason < y.reason;
  });

  b.last_purposeful_visit = last_purposeful_visit(c, visits, nullptr);
  if (b.last_purposeful_visit) b.days_since_last_purposeful_visit = today.days() - b.last_purposeful_visit->days();

  // The checks R6a / R6b ask for, from the case alone.
  const bool children = children_involved(c, nullptr);
  auto missing = [&](CheckKind kind, std::string why) {
    const auto done = latest_check_outcome(c, kind);
    if (done && *done >= c.sentence.start) return;
    MissingCheck m;
    m.kind = kind;
    const auto asked = latest_check(c, kind);
    if (asked && *asked >= c.sentence.start) m.requested = asked;
    m.reason = std::move(why);
    b.missing_checks.push_back(std::move(m));
  };
  if (c.domestic_abuse_perpetrator || children) {
    missing(CheckKind::csc_check, c.domestic_abuse_perpetrator ? (children ? "a domestic abuse perpetrator with children involved"
                                                                          : "a domestic abuse perpetrator")
                                                               : "children are involved");
  }
  if (c.domestic_abuse_perpetrator) missing(CheckKind::police_da_check, "a domestic abuse perpetrator");

  for (const auto& k : c.checks) {
    BriefingCheck bc;
    bc.id = k.id;
    bc.kind = k.kind;
    bc.requested = k.date;
    bc.result = k.result;
    bc.outcome = k.outcome;
    if (k.answered()) {
      bc.answered_on = k.answered_on();
    } else {
      bc.days_awaited = std::max(0, today.days() - k.date.days());
      bc.working_days_awaited = k.date < today ? k.date.working_days_until(today) : 0;
    }
    b.checks.push_back(std::move(bc));
  }
  std::sort(b.checks.begin(), b.checks.end(), [](const BriefingCheck& x, const BriefingCheck& y) {
    const bool xa = !x.answered_on, ya = !y.answered_on;
    if (xa != ya) return xa;  // awaiting first
    if (x.requested != y.requested) return xa ? x.requested < y.requested : x.requested > y.requested;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.id < y.id;
  });
  return b;
}

nlohmann::json to_json(const Briefing& b) {
  nlohmann::json j;
  j["crn"] = b.crn;
  j["name"] = b.name;
  if (!b.address.empty()) j["address"] = b.address;
  j["today"] = b.today.to_string();
  j["rosh"] = to_string(b.rosh);
  j["child_protection"] = to_string(b.child_protection);
  j["mappa_level"] = to_string(b.mappa_level);
  j["domestic_abuse_perpetrator"] = b.domestic_abuse_perpetrator;
  j["alerts"] = nlohmann::json::array();
  for (const auto& a : b.alerts) j["alerts"].push_back({{"text", a}, {"officer_safety", is_officer_safety_alert(a)}});
  j["restrictions"] = nlohmann::json::array();
  for (auto r : b.restrictions) j["restrictions"].push_back(to_string(r));
  j["protected_people"] = nlohmann::json::array();
  for (const auto& p : b.protected_people) j["protected_people"].push_back(person_json(p));
  j["expected_household"] = nlohmann::json::array();
  for (const auto& p : b.expected_household) j["expected_household"].push_back(person_json(p));
  j["open_actions"] = nlohmann::json::array();
  for (const auto& a : b.open_actions) {
    j["open_actions"].push_back({{"kind", to_string(a.kind)},
                                 {"priority", to_string(a.priority)},
                                 {"due", a.due.to_string()},
                                 {"rule", a.rule},
                                 {"reason", a.reason},
                                 {"raised", a.raised},
                                 {"overdue", a.overdue}});
  }
  j["last_purposeful_visit"] = b.last_purposeful_visit ? nlohmann::json(b.last_purposeful_visit->to_string()) : nullptr;
  if (b.days_since_last_purposeful_visit) j["days_since_last_purposeful_visit"] = *b.days_since_last_purposeful_visit;
  j["missing_checks"] = nlohmann::json::array();
  for (const auto& m : b.missing_checks) {
    nlohmann::json mj = {{"kind", to_string(m.kind)}, {"reason", m.reason}};
    if (m.requested) mj["requested"] = m.requested->to_string();
    j["missing_checks"].push_back(std::move(mj));
  }
  j["checks"] = nlohmann::json::array();
  for (const auto& k : b.checks) {
    nlohmann::json kj = {{"kind", to_string(k.kind)}, {"requested", k.requested.to_string()},
                         {"awaiting_reply", !k.answered_on.has_value()}};
    if (!k.id.empty()) kj["id"] = k.id;
    if (k.result) kj["result"] = to_string(*k.result);
    if (k.outcome) kj["outcome"] = *k.outcome;
    if (k.answered_on) kj["answered_on"] = k.answered_on->to_string();
    if (k.days_awaited) kj["days_awaited"] = *k.days_awaited;
    if (k.working_days_awaited) kj["working_days_awaited"] = *k.working_days_awaited;
    j["checks"].push_back(std::move(kj));
  }
  return j;
}

std::string to_text(const Briefing& b) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line("Briefing for " + b.name + " (" + b.crn + "), " + display_date(b.today));
  if (!b.address.empty()) line("Address: " + b.address);
  line("RoSH " + display_id(to_string(b.rosh)) + ", child protection " + display_id(to_string(b.child_protection)) +
       ", MAPPA " + display_id(to_string(b.mappa_level)) +
       (b.domestic_abuse_perpetrator ? ", domestic abuse perpetrator" : ""));

  line("");
  line("ALERTS");
  if (b.alerts.empty()) line("  none");
  for (const auto& a : b.alerts) line(std::string(is_officer_safety_alert(a) ? "  ! " : "  - ") + a);

  line("");
  line("RESTRICTIONS");
  if (b.restrictions.empty()) line("  none");
  for (auto r : b.restrictions) line("  - " + display_id(to_string(r)));
  for (const auto& p : b.protected_people) line("  protects: " + person_text(p));

  line("");
  line("EXPECTED IN THE HOME");
  if (b.expected_household.empty()) line("  nobody else recorded");
  for (const auto& p : b.expected_household) line(std::string(p.is_child ? "  child: " : "  adult: ") + person_text(p));

  line("");
  line("OPEN FOLLOW-UPS");
  if (b.open_actions.empty()) line("  none");
  for (const auto& a : b.open_actions) {
    line("  [" + std::string(to_string(a.priority)) + "] " + display_id(to_string(a.kind)) + ", due " +
         display_date(a.due) + (a.overdue ? " (OVERDUE)" : "") + " - " + a.rule + ": " + a.reason +
         (a.raised > 1 ? " (raised " + std::to_string(a.raised) + " times)" : ""));
  }

  line("");
  line("LAST PURPOSEFUL HOME VISIT");
  if (b.last_purposeful_visit) {
    line("  " + display_date(*b.last_purposeful_visit) + " (" + std::to_string(*b.days_since_last_purposeful_visit) +
         " days ago)");
  } else {
    line("  none recorded");
  }

  line("");
  line("MISSING CHECKS");
  if (b.missing_checks.empty()) line("  none");
  for (const auto& m : b.missing_checks) {
    line("  - " + check_name(m.kind) + ": " + m.reason + ", no outcome recorded since the start" +
         (m.requested ? " (requested " + display_date(*m.requested) + ", awaiting the answer)" : ""));
  }

  line("");
  line("CHECKS");
  if (b.checks.empty()) line("  none recorded");
  for (const auto& k : b.checks) {
    std::string text = "  - " + check_name(k.kind) + " requested " + display_date(k.requested);
    if (k.answered_on) {
      text += ", answered " + display_date(*k.answered_on) + ": " +
              (k.result ? display_id(to_string(*k.result)) : std::string("no coded result")) +
              (k.outcome ? " (" + *k.outcome + ")" : "");
    } else {
      text += ": AWAITING REPLY for " + std::to_string(*k.days_awaited) + " day" + (*k.days_awaited == 1 ? "" : "s") +
              " (" + std::to_string(*k.working_days_awaited) + " working day" +
              (*k.working_days_awaited == 1 ? "" : "s") + ")";
    }
    if (!k.id.empty()) text += " [id " + k.id + "]";
    line(text);
  }
  return out;
}

}  // namespace doorstep
