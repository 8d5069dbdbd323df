// Reports keep everything: every answered question ("no" and "not known"
// included) with its question text, the people present, checks with their
// results, each follow-up with its rule and reason; in Markdown, JSON and
// HTML (escaped). The conference report puts the children first.
#include <catch2/catch.hpp>

#include "domain/json_codec.hpp"
#include "report/case_report.hpp"
#include "report/html_escape.hpp"
#include "report/national_codes.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

Date d(const char* iso) { return Date::parse(iso, "test"); }

Case sample_case() {
  return case_from_json(json::parse(R"J({
    "crn": "C100003", "name": "Carl Dunn", "rosh": "high", "child_protection": "cp_plan",
    "domestic_abuse_perpetrator": true, "rosh_reviewed": "2026-02-01",
    "sentence": {"type": "licence", "start": "2026-01-05"},
    "household": [
      {"name": "Lily Dunn", "relationship": "child", "age": 4, "lives_at_address": true},
      {"name": "Sam Dunn", "relationship": "child", "age": 11, "lives_at_address": true},
      {"name": "Jo Dunn", "relationship": "partner", "lives_at_address": true},
      {"name": "Nan Dunn", "relationship": "parent", "lives_at_address": false}
    ],
    "checks": [
      {"id": "k1", "kind": "csc_check", "date": "2026-01-07", "outcome": "CP plan, SW allocated", "result": "known_open"},
      {"id": "k2", "kind": "police_da_check", "date": "2026-03-02"}
    ]
  })J"));
}

Visit sample_visit() {
  Visit v = visit_from_json(json::parse(R"J({
    "date": "2026-03-04", "kind": "repeat", "outcome": "completed",
    "answers": {"person_present": "yes", "purpose_explained": "yes", "children_present": "yes",
                "children_seen": "no", "new_relationship": "no", "new_child_contact": "unknown",
                "substance_misuse_increase": "alcohol", "child_welfare_concern": "yes",
                "people_present": [{"name": "Lily Dunn", "relationship": "child", "age": 4},
                                   {"name": "Dean Pratt", "relationship": "other_adult"}]}
  })J"));
  v.id = "v1";
  return v;
}

struct Fixture {
  Case kase = sample_case();
  std::vector<Visit> visits{sample_visit()};
  std::vector<Note> notes;
  std::vector<Action> actions;
  CaseReportInput input() const {
    CaseReportInput in{kase, visits, notes, actions, 0, "ana", {}, {{"v1", "ana"}}, d("2026-03-10")};
    in.questions = {{"children_seen", "Were the children who live here seen?"},
                    {"new_relationship", "Is there a new relationship?"}};
    return in;
  }
  Fixture() {
    Note n;
    n.id = "n1";
    n.crn = "C100003";
    n.category = NoteCategory::safeguarding;
    n.severity = Severity::concern;
    n.text = "Bruise on Lily's arm <script>alert('x')</script> & more";
    n.author = "ana";
    notes.push_back(n);
    Action a;
    a.id = "a1";
    a.crn = "C100003";
    a.kind = ActionKind::csc_check;
    a.priority = Priority::urgent;
    a.due = d("2026-03-04");
    a.rule = "R8";
    a.reasons = {"A concern for a child's welfare recorded on 4 Mar 2026"};
    actions.push_back(a);
  }
};

// Each answer's question and answer text, as the report must show them.
const std::vector<std::pair<std::string, std::string>> kExpected = {
    {"Were the children who live here seen?", "no"},  // question text from the checklist
    {"Is there a new relationship?", "no"},
    {"new contact with children", "not known"},  // no checklist text: the domain label
    {"more drink or drugs", "alcohol"},
    {"the person supervised was at home", "yes"},
    {"the person was told why the officer visited", "yes"},
    {"children were present in the home", "yes"},
    {"a concern for a child's welfare", "yes"},
};

}  // namespace

TEST_CASE("html_escape makes markup inert and keeps text", "[report][html]") {
  CHECK(html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(html_escape("a & b \"c\"") == "a &amp; b &quot;c&quot;");
  CHECK(html_escape("Zoë £5") == "Zoë £5");
  CHECK(html_escape("").empty());
}

TEST_CASE("every answered question appears with its question text in md, json and html", "[report]") {
  const Fixture f;
  const auto in = f.input();
  const std::string md = case_report_markdown(in);
  const std::string html = case_report_html(in);
  const json j = case_report_json(in);
  for (const auto& [question, answer] : kExpected) {
    INFO(question);
    CHECK_THAT(md, Catch::Contains(question + ": " + answer));
    CHECK_THAT(html, Catch::Contains(html_escape(question + ": " + answer)));
    bool in_json = false;
    for (const auto& q : j["visits"][0]["questions"]) in_json = in_json || (q["question"] == question && q["answer"] == answer);
    CHECK(in_json);
  }
  CHECK(j["visits"][0]["questions"].size() == f.visits[0].answers.size());
  // People present, checks with results, follow-ups with rule and reason.
  for (const std::string& text :
       {std::string("People present: Lily Dunn (child, 4); Dean Pratt (other adult)"),
        std::string("csc check: result known open; outcome: CP plan, SW allocated"),
        std::string("police da check: requested, awaiting reply"),
        std::string("Rule R8: A concern for a child's welfare recorded on 4 Mar 2026"),
        std::string("repeat, completed, by ana"), std::string("last reviewed 2026-02-01")}) {
    INFO(text);
    CHECK_THAT(md, Catch::Contains(text));
    CHECK_THAT(html, Catch::Contains(html_escape(text)));
  }
  CHECK(j["visits"][0]["people_present_all"].size() == 2);
  CHECK(j["checks"][0]["result"] == "known_open");
  CHECK(j["checks"][1]["awaiting_reply"] == true);
  CHECK(j["actions"][0]["rule"] == "R8");
  CHECK(j["visits"][0]["officer"] == "ana");
}

TEST_CASE("the html report escapes everything recorded and prints", "[report][html]") {
  const Fixture f;
  const std::string html = case_report_html(f.input());
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Catch::Contains("@media print"));
  CHECK_THAT(html, !Catch::Contains("<script>"));
  CHECK_THAT(html, Catch::Contains("Bruise on Lily&#39;s arm &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
  // The Markdown report makes the same text inert.
  CHECK_THAT(case_report_markdown(f.input()), Catch::Contains("\\<script\\>"));
}

TEST_CASE("the conference report puts the children first: last seen and by whom", "[report][cp]") {
  Fixture f;
  Visit older = sample_visit();
  older.id = "v0";
  older.date = d("2026-02-02");
  older.answers = {{"children_seen", "yes"}, {"person_present", "yes"}};
  f.visits.push_back(older);
  auto in = f.input();
  in.visit_officers["v0"] = "ben";
  const std::string md = cp_conference_markdown(in);
  const auto children = md.find("## Children");
  REQUIRE(children != std::string::npos);
  CHECK(children < md.find("## Who lives at the address"));
  CHECK(md.find("## Who lives at the address") < md.find("## Checks and results"));
  // Lily was named among the people present on 4 Mar; Sam only when "children seen" was yes on 2 Feb.
  CHECK_THAT(md, Catch::Contains("Lily Dunn (child, 4), lives at the address\n  - Last seen 2026-03-04 (6 days ago) at a "
                                 "repeat home visit by ana (named among the people present)"));
  CHECK_THAT(md, Catch::Contains("Sam Dunn (child, 11), lives at the address\n  - Last seen 2026-02-02 (36 days ago)"));
  CHECK_THAT(md, Catch::Contains("by ben (\"children seen\" answered yes)"));
  CHECK_THAT(md, Catch::Contains("Nan Dunn (parent), lives elsewhere (on the case)"));
  CHECK_THAT(md, Catch::Contains("Dean Pratt (other adult), present at the visit on 2026-03-04"));
  CHECK_THAT(md, Catch::Contains("csc check: result known open"));
  CHECK_THAT(md, Catch::Contains("new contact with children: not known"));
  CHECK_THAT(md, Catch::Contains("a concern for a child's welfare: yes"));
  CHECK_THAT(md, Catch::Contains("more drink or drugs: alcohol"));
  CHECK_THAT(md, Catch::Contains("Bruise on Lily's arm"));
  CHECK_THAT(md, Catch::Contains("csc check (urgent, due 2026-03-04, rule R8)"));

  // Without any sighting a child is flagged.
  f.visits.clear();
  const std::string none = cp_conference_markdown(f.input());
  CHECK_THAT(none, Catch::Contains("Lily Dunn (child, 4), lives at the address\n  - NOT SEEN at any recorded visit"));
  CHECK_THAT(cp_conference_html(f.input()), !Catch::Contains("<script>"));
}

TEST_CASE("exports carry the national contact codes: countersigned oversight, checks and visits", "[report][national]") {
  Action oversight;
  oversight.kind = ActionKind::manager_oversight;
  CHECK_FALSE(national_contact(oversight).has_value());  // open: nothing to file yet
  oversight.status = ActionStatus::done;
  CHECK(national_contact(oversight)->code == "MO1");
  oversight.visit_id = "0190aaaa-0000-7000-8000-000000000001";
  CHECK(national_contact(oversight)->code == "MO8");
  Action review;
  review.kind = ActionKind::rosh_review;
  review.status = ActionStatus::done;
  CHECK_FALSE(national_contact(review).has_value());

  Check csc;
  CHECK(national_contact(csc).code == "SFGC");
  csc.result = CheckResult::no_information;
  CHECK(national_contact(csc).code == "SFRR");
  Check police;
  police.kind = CheckKind::police_da_check;
  CHECK(national_contact(police).code == "C369");
  police.outcome = "two callouts";
  CHECK(national_contact(police).code == "C515");

  Visit v;
  CHECK(national_contact(v).code == "CHVS");
  v.kind = VisitKind::initial;
  CHECK(national_contact(v).code == "COHV");
}
