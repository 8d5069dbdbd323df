#include "model/demo_caseload.hpp"

#include <array>
#include <string>

#include "domain/json_codec.hpp"

namespace doorstep::field {

namespace {

std::string ago(Date today, int days) { return today.plus_days(-days).to_string(); }

}  // namespace

std::vector<Case> demo_cases(Date today) {
  using nlohmann::json;
  const std::vector<json> cases = {
      json{{"crn", "X100001"},
           {"name", "Daniel Morris"},
           {"address", "14 Elm Row, Northfield"},
           {"rosh", "high"},
           {"mappa_level", "none"},
           {"child_protection", "cp_plan"},
           {"cp_next_meeting", today.plus_days(12).to_string()},
           {"domestic_abuse_perpetrator", true},
           {"sentence", {{"type", "licence"}, {"start", ago(today, 40)}, {"requirements", {"supervision", "residence"}}}},
           {"household",
            {{{"name", "Jade Morris"}, {"relationship", "partner"}, {"age", 29}},
             {{"name", "Leo Morris"}, {"relationship", "child"}, {"age", 4}},
             {{"name", "Mia Morris"}, {"relationship", "stepchild"}, {"age", 9}}}},
           {"victims", {{{"name", "Kelly Dunn"}, {"relationship", "ex_partner"}, {"protected_by_restriction", true}, {"known_to_vlo", true}}}},
           {"restrictions", {"restraining_order"}},
           {"alerts", {"Officer safety: large dog at the address; visit in pairs after dark", "Interpreter not needed"}},
           {"checks", {{{"kind", "csc_check"}, {"date", ago(today, 35)}, {"outcome", "open to CSC, child protection plan"}}}}},
      json{{"crn", "X100002"},
           {"name", "Aisha Khan"},
           {"address", "Flat 3, 22 Mill Lane, Eastbrook"},
           {"rosh", "medium"},
           {"mappa_level", "none"},
           {"child_protection", "none"},
           {"domestic_abuse_perpetrator", false},
           {"sentence", {{"type", "community_order"}, {"start", ago(today, 120)}, {"requirements", {"supervision", "unpaid_work"}}}},
           {"household", json::array()},
           {"checks",
            {{{"kind", "csc_check"}, {"date", ago(today, 110)}, {"outcome", "not known"}},
             {{"kind", "police_da_check"}, {"date", ago(today, 110)}, {"outcome", "no callouts"}}}},
           {"last_purposeful_home_visit", ago(today, 30)}},
      json{{"crn", "X100003"},
           {"name", "Lee Turner"},
           {"address", "Approved premises, 5 Station Road"},
           {"rosh", "very_high"},
           {"mappa_level", "level_2"},
           {"mappa_eligible", true},
           {"child_protection", "none"},
           {"domestic_abuse_perpetrator", false},
           {"sentence", {{"type", "licence"}, {"start", ago(today, 200)}, {"requirements", {"supervision", "residence", "electronic_monitoring"}}}},
           {"victims", {{{"name", "Child victim (name withheld)"}, {"relationship", "other_child"}, {"age", 12}, {"protected_by_restriction", true}}}},
           {"restrictions", {"sopo", "exclusion_zone", "approved_premises"}},
           {"alerts", {"Officer safety: history of violence towards staff"}},
           {"checks",
            {{{"kind", "csc_check"}, {"date", ago(today, 190)}, {"outcome", "known; no current involvement"}},
             {{"kind", "police_da_check"}, {"date", ago(today, 190)}, {"outcome", "none"}}}},
           {"last_purposeful_home_visit", ago(today, 75)}},
      json{{"crn", "X100004"},
           {"name", "Graham Price"},
           {"address", "8 Orchard Close, Westhill"},
           {"rosh", "low"},
           {"mappa_level", "none"},
           {"child_protection", "none"},
           {"sentence", {{"type", "community_order"}, {"start", ago(today, 60)}, {"requirements", {"supervision", "alcohol_treatment"}}}},
           {"checks", {{{"kind", "csc_check"}, {"date", ago(today, 55)}, {"outcome", "not known"}}}},
           {"last_purposeful_home_visit", ago(today, 20)}},
      json{{"crn", "X100005"},
           {"name", "Sophie Hall"},
           {"address", "27 Canal Street, Northfield"},
           {"rosh", "medium"},
           {"mappa_level", "none"},
           {"child_protection", "child_in_need"},
           {"domestic_abuse_perpetrator", true},
           {"sentence", {{"type", "suspended_sentence_order"}, {"start", ago(today, 25)}, {"requirements", {"supervision", "accredited_programme"}}}},
           {"household", {{{"name", "Tyler Hall"}, {"relationship", "child"}, {"age", 2}}}},
           {"checks", {{{"kind", "csc_check"}, {"date", ago(today, 20)}}}}},
      json{{"crn", "X100006"},
           {"name", "Ryan Cole"},
           {"address", "No fixed abode (last: hostel, 2 Quay St)"},
           {"rosh", "high"},
           {"mappa_level", "level_1"},
           {"mappa_eligible", true},
           {"child_protection", "none"},
           {"domestic_abuse_perpetrator", true},
           {"sentence", {{"type", "licence"}, {"start", ago(today, 90)}, {"requirements", {"supervision", "drug_rehabilitation"}}}},
           {"victims", {{{"name", "Dawn Price"}, {"relationship", "ex_partner"}, {"protected_by_restriction", true}}}},
           {"restrictions", {"no_contact_condition", "curfew"}},
           {"checks",
            {{{"kind", "csc_check"}, {"date", ago(today, 85)}, {"outcome", "not known"}},
             {{"kind", "police_da_check"}, {"date", ago(today, 85)}, {"outcome", "three callouts 2024"}}}},
           {"last_purposeful_home_visit", ago(today, 70)}},
  };
  std::vector<Case> out;
  for (const auto& j : cases) out.push_back(case_from_json(j, "demo case " + j["crn"].get<std::string>()));
  return out;
}

int import_demo_caseload(Store& store, Casework& casework, Date today) {
  const auto cases = demo_cases(today);
  for (const auto& c : cases) store.upsert_case(c);
  for (const auto& c : cases) casework.review_case(c.crn);
  // Lee Turner had a completed visit 10 days ago; a manager has yet to countersign it.
  Visit visit;
  visit.date = today.plus_days(-10);
  visit.kind = VisitKind::repeat;
  visit.outcome = VisitOutcome::completed;
  visit.answers = {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"children_live_at_address", "no"},
                   {"children_present", "no"}, {"restriction_breach_suspected", "no"}, {"officer_safety_concern", "no"}};
  visit.notes.push_back(NoteDraft{NoteCategory::risk, Severity::concern,
                                  "Room search with AP staff: no concerns. Talked about the exclusion zone map again."});
  casework.finish_visit("X100003", visit);
  store.add_note("X100001", NoteDraft{NoteCategory::officer_safety, Severity::concern,
                                      "Dog loose in the front garden on the last attempt; partner put it away when asked."});
  store.add_note("X100002", NoteDraft{NoteCategory::relationships, Severity::info,
                                      "Mentioned a new partner, 'Sam', met at work. Details to follow."});
  store.add_note("X100006", NoteDraft{NoteCategory::accommodation, Severity::concern,
                                      "Left the hostel after an argument; sofa surfing with a friend in Eastbrook."});
  store.set_meta("demo", "1");
  return static_cast<int>(cases.size());
}

void seed_large_caseload(Store& store, Casework& casework, Date today, int case_count, int note_count) {
  constexpr std::array kFirst{"Alex", "Sam", "Jordan", "Chris", "Jamie", "Taylor", "Morgan", "Casey", "Robin", "Drew"};
  constexpr std::array kLast{"Smith", "Jones", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes", "Green", "Hall"};
  constexpr std::array kNotes{
      "Discussed progress on the programme; engaged well and on time.",
      "Partner present for part of the visit; no concerns observed in the home.",
      "Reports drinking more at weekends since losing shifts at the warehouse.",
      "Children seen and spoke with them briefly; both appeared well cared for.",
      "Home conditions adequate; some damage to the kitchen door, explained as an accident.",
      "Curfew monitoring report shows two late returns this month; discussed.",
  };
  store.database().exec("PRAGMA synchronous=OFF");
  const auto& rosh_names = EnumNames<Rosh>::names;
  for (int i = 0; i < case_count; ++i) {
    Case c;
    char crn[16];
    std::snprintf(crn, sizeof crn, "L%06d", 100000 + i);
    c.crn = crn;
    c.name = std::string(kFirst[static_cast<std::size_t>(i) % kFirst.size()]) + " " +
             kLast[static_cast<std::size_t>(i / 10) % kLast.size()] + " " + std::to_string(i);
    c.address = std::to_string(1 + i % 90) + " Long Street";
    c.rosh = parse_enum<Rosh>(rosh_names[static_cast<std::size_t>(i) % rosh_names.size()], "rosh");
    c.child_protection = i % 5 == 0 ? ChildProtection::concerns : ChildProtection::none;
    c.mappa_level = i % 11 == 0 ? MappaLevel::level_1 : MappaLevel::none;
    c.domestic_abuse_perpetrator = i % 3 == 0;
    c.sentence.type = SentenceType::community_order;
    c.sentence.start = today.plus_days(-(20 + i % 200));
    c.sentence.requirements = {Requirement::supervision};
    if (i % 4 == 0) c.household.push_back(Person{"Child " + std::to_string(i), Relationship::child, 3 + i % 12, {}, false, false, {}, {}, {}});
    if (i % 2 == 0) c.last_purposeful_home_visit = today.plus_days(-(5 + i % 60));
    store.upsert_case(c);
    casework.review_case(c.crn);
  }
  for (int n = 0; n < note_count; ++n) {
    char crn[16];
    std::snprintf(crn, sizeof crn, "L%06d", 100000 + n % std::max(case_count, 1));
    store.add_note(crn, NoteDraft{NoteCategory::general, Severity::info,
                                  std::string(kNotes[static_cast<std::size_t>(n) % kNotes.size()]) + " (#" + std::to_string(n) + ")"});
  }
  store.database().exec("PRAGMA synchronous=FULL");
}

}  // namespace doorstep::field
