#pragma once
// Fills a store with an invented caseload for benchmarks and load tests:
// `cases` cases with households, `notes` notes and `visits` visits spread
// over them, deterministic for a seed. Invented people only.
#include <random>
#include <string>

#include "store/store.hpp"

namespace doorstep::test {

struct CaseloadSize {
  int cases = 200;
  int notes = 20'000;
  int visits = 5'000;
};

inline Case invented_case(int i, std::mt19937& rng) {
  static constexpr const char* first[] = {"Alex", "Sam", "Jo", "Chris", "Pat", "Lee", "Robin", "Kim", "Jamie", "Drew"};
  static constexpr const char* last[] = {"Marsh", "Reed", "Shaw", "Voss", "Lowe", "Kell", "Orton", "Pym", "Dunn", "Hale"};
  Case c;
  const std::string digits = std::to_string(100000 + i % 900000);
  c.crn = "B" + digits;
  c.name = std::string(first[i % 10]) + " " + last[(i / 10) % 10];
  c.rosh = static_cast<Rosh>(rng() % 4);
  c.child_protection = static_cast<ChildProtection>(rng() % 4);
  c.mappa_level = static_cast<MappaLevel>(rng() % 3);
  c.domestic_abuse_perpetrator = rng() % 2 == 0;
  c.sentence.type = static_cast<SentenceType>(rng() % 3);
  c.sentence.start = Date::parse("2025-06-02", "start").plus_days(static_cast<std::int32_t>(rng() % 300));
  c.sentence.requirements = {Requirement::supervision};
  if (rng() % 3 == 0) c.household.push_back({"Child " + std::to_string(i), Relationship::child, int(rng() % 16), true});
  if (rng() % 4 == 0) c.household.push_back({"Partner " + std::to_string(i), Relationship::partner, std::nullopt, true});
  if (c.domestic_abuse_perpetrator) {
    Person v{"Victim " + std::to_string(i), Relationship::ex_partner, std::nullopt, false};
    v.protected_by_restriction = true;
    c.victims.push_back(v);
    c.restrictions.push_back(Restriction::restraining_order);
  }
  if (rng() % 2 == 0) c.checks.push_back({CheckKind::csc_check, c.sentence.start.plus_days(7), "not known", std::nullopt, std::nullopt, ""});
  return c;
}

// Seeds with synchronous=OFF (a benchmark's set-up, not the code under
// test), then restores synchronous=FULL.
inline void seed_caseload(Store& store, CaseloadSize size, unsigned seed = 7) {
  std::mt19937 rng(seed);
  store.database().exec("PRAGMA synchronous = OFF");
  std::vector<Case> cases;
  for (int i = 0; i < size.cases; ++i) {
    cases.push_back(invented_case(i, rng));
    store.upsert_case(cases.back());
  }
  static constexpr NoteCategory categories[] = {NoteCategory::risk, NoteCategory::safeguarding,
                                                NoteCategory::relationships, NoteCategory::general};
  for (int i = 0; i < size.visits; ++i) {
    const Case& c = cases[static_cast<std::size_t>(i % size.cases)];
    Visit v;
    v.date = c.sentence.start.plus_days(14 + i / size.cases * 14);
    v.outcome = VisitOutcome::completed;
    v.answers = {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"new_relationship", "no"}};
    store.record_visit(c.crn, v, true, {}, {});
  }
  for (int i = 0; i < size.notes; ++i) {
    const Case& c = cases[static_cast<std::size_t>(i % size.cases)];
    store.add_note(c.crn, {categories[i % 4], Severity::info,
                           "Observation " + std::to_string(i) + ": home tidy, person engaged, discussed work search and contact arrangements."});
  }
  store.database().exec("PRAGMA synchronous = FULL");
}

}  // namespace doorstep::test
