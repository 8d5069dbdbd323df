// Amendments to finished visits (issue 10): a new insert-only record pointing
// at the visit, with a reason and what it corrects (answers and/or text). The
// store keeps it beside the visit and queues it as a `note`; the office's
// change rules validate it; the report shows it under the visit.
#include <catch2/catch.hpp>

#include "casework/casework.hpp"
#include "casework/visit_lookup.hpp"
#include "checklist/checklist_template.hpp"
#include "domain/json_codec.hpp"
#include "office/change_rules.hpp"
#include "report/case_report.hpp"
#include "rules/assets_dir.hpp"
#include "support/errors.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

constexpr UtcMillis kOfficeNow = 4'102'444'800'000;  // 2100-01-01: no test HLC is skewed

struct Recorded {
  TempDir dir;
  ManualClock clock{kMarch2};
  Store store = Store::create(dir / "store.db", kTestKey, clock, {"officer-1", "device-1"});
  RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  std::string visit_id;
  Recorded() {
    store.upsert_case(sample_case());
    Visit v;
    v.date = Date::from_ymd(2026, 3, 2);
    v.kind = VisitKind::repeat;
    v.answers = {{"person_present", "yes"}, {"children_present", "no"}};
    Casework work(store, rules, clock);
    visit_id = work.finish_visit("D100001", v).visit.id;
  }
};

AuditLink link_for(const json& payload) {
  AuditLink l;
  l.seq = 1;
  l.change = json{{"entity", "note"}, {"id", payload.at("id")}, {"op", "create"}, {"hlc", 1}, {"payload", payload}}.dump();
  l.actor = "officer-1";
  l.device = "device-1";
  return l;
}

}  // namespace

TEST_CASE("amending a finished visit stores a new record beside it and queues it for the office",
          "[amendment][store]") {
  Recorded r;
  r.clock.advance(60'000);
  const auto outbox_before = r.store.outbox(0, 1000).size();
  const Note a = r.store.amend_visit(r.visit_id, "Misheard at the door: the children were there",
                                     "Two children were in the back room.", {{"children_present", "yes"}});
  CHECK(a.kind == NoteKind::amendment);
  CHECK(a.visit_id == r.visit_id);
  CHECK_FALSE(a.refers_to);
  const auto listed = r.store.list_visit_amendments("D100001");
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == a.id);
  CHECK(listed[0].corrected_answers.at("children_present") == "yes");
  CHECK(listed[0].reason == "Misheard at the door: the children were there");
  // The visit itself is as recorded; the notes list holds no amendment.
  CHECK(r.store.list_visits("D100001").at(0).answers.at("children_present") == "no");
  CHECK(r.store.list_notes("D100001").empty());
  // Queued as a note the office accepts as it is.
  const auto outbox = r.store.outbox(0, 1000);
  REQUIRE(outbox.size() == outbox_before + 1);
  const OutboxEntry& e = outbox.back();
  CHECK(e.entity == "note");
  CHECK(e.payload.at("corrected_answers") == json{{"children_present", "yes"}});
  const auto parsed = office::parse_change(link_for(e.payload), kOfficeNow);
  CHECK(parsed.visit_id == r.visit_id);
  CHECK(parsed.payload.at("corrected_answers") == json{{"children_present", "yes"}});
  // Insert-only.
  CHECK_THROWS(r.store.database().exec("UPDATE visit_amendments SET reason = 'x'"));
  CHECK_THROWS(r.store.database().exec("DELETE FROM visit_amendments"));
  CHECK(r.store.verify_audit().ok());
}

TEST_CASE("an amendment without a reason, a correction, a known fact or a valid value writes nothing",
          "[amendment][store]") {
  Recorded r;
  const auto outbox_before = r.store.outbox(0, 1000).size();
  CHECK(bad_input_message([&] { (void)r.store.amend_visit(r.visit_id, "  ", "text", {}); })
            .starts_with("amendment.reason"));
  CHECK(bad_input_message([&] { (void)r.store.amend_visit(r.visit_id, "why", " ", {}); })
            .starts_with("amendment.text"));
  CHECK(bad_input_message([&] { (void)r.store.amend_visit(r.visit_id, "why", "", {{"shoe_size", "9"}}); })
            .starts_with("amendment.corrected_answers: unknown fact 'shoe_size'"));
  CHECK(bad_input_message([&] { (void)r.store.amend_visit(r.visit_id, "why", "", {{"children_present", "maybe"}}); })
            .starts_with("visit.answers.children_present"));
  CHECK(error_code_of([&] { (void)r.store.amend_visit("01890000-0000-7000-8000-000000000000", "why", "t", {}); }) ==
        ErrorCode::not_found);
  CHECK(r.store.list_visit_amendments("D100001").empty());
  CHECK(r.store.outbox(0, 1000).size() == outbox_before);
}

TEST_CASE("the office refuses a visit amendment without its visit, reason or correction, and corrected answers "
          "anywhere else",
          "[amendment][office]") {
  Recorded r;
  (void)r.store.amend_visit(r.visit_id, "why", "", {{"children_present", "yes"}});
  const json good = r.store.outbox(0, 1000).back().payload;
  const auto refused = [&](json p, const std::string& says) {
    INFO(says);
    CHECK_THAT(bad_input_message([&] { (void)office::parse_change(link_for(p), kOfficeNow); }), Catch::Contains(says));
  };
  json p = good;
  p.erase("reason");
  refused(p, "note.reason: an amendment to a visit says why");
  p = good;
  p.erase("visit_id");
  refused(p, "note.visit_id: an amendment names the note or the visit it corrects");
  p = good;
  p.erase("corrected_answers");
  refused(p, "note.text: an amendment to a visit corrects its text or its answers");
  p = good;
  p["corrected_answers"] = {{"children_present", "perhaps"}};
  refused(p, "visit.answers.children_present");
  p = good;
  p["corrected_answers"] = {{"favourite_colour", "blue"}};
  refused(p, "note.corrected_answers: unknown fact 'favourite_colour'");
  p = good;
  p["kind"] = "entry";
  refused(p, "note.corrected_answers: only an amendment to a visit corrects answers");
}

TEST_CASE("the report shows an amendment under the visit it corrects", "[amendment][report]") {
  Recorded r;
  r.clock.advance(60'000);
  (void)r.store.amend_visit(r.visit_id, "Misheard at the door", "Two children were in the back room.",
                            {{"children_present", "yes"}});
  const Case c = r.store.get_case("D100001");
  const auto visits = r.store.list_visits("D100001");
  auto notes = r.store.list_notes("D100001");
  for (auto& a : r.store.list_visit_amendments("D100001")) notes.push_back(std::move(a));
  const auto actions = r.store.list_actions(std::string_view("D100001"), false);
  CaseReportInput in{c, visits, notes, actions, kMarch2, "officer-1", {}, {}, Date::from_ymd(2026, 3, 2)};
  in.questions = {{"children_present", "Were children present?"}};
  const std::string md = case_report_markdown(in);
  const auto visits_at = md.find("Visits");
  const auto amended_at = md.find("AMENDED");
  REQUIRE(amended_at != std::string::npos);
  CHECK(visits_at < amended_at);
  CHECK(amended_at < md.find("Notes", visits_at));
  CHECK_THAT(md, Catch::Contains("Misheard at the door"));
  CHECK_THAT(md, Catch::Contains("Corrected: Were children present?: yes"));
  CHECK_THAT(md, Catch::Contains("Correction: Two children were in the back room."));
  CHECK_THAT(case_report_html(in), Catch::Contains("AMENDED"));
  // And in the whole visit as a manager reads it (casework/visit_lookup.hpp).
  const ChecklistTemplate checklist =
      ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json");
  const auto detail = load_visit_detail(r.store, r.visit_id, checklist);
  CHECK_THAT(detail.markdown, Catch::Contains("- AMENDED: Misheard at the door"));
  CHECK_THAT(detail.markdown, Catch::Contains("  - Correction: Two children were in the back room."));
  CHECK_THAT(detail.markdown, Catch::Contains("  - Corrected: "));
}
