// The console's core: the team dashboard's figures against hand-computed
// values, sessions and CSRF tokens, sign-in throttling, who sees what, and
// the office edit forms (bad fields named, nothing parsed into the change).
#include <catch2/catch.hpp>

#include "office/console_access.hpp"
#include "office/console_password.hpp"
#include "office/console_session.hpp"
#include "office/form_fields.hpp"
#include "office/office_forms.hpp"
#include "office/page_window.hpp"
#include "office/team_dashboard.hpp"

using namespace doorstep;
using namespace doorstep::office;

namespace {

Date d(const char* s) { return Date::parse(s, "test"); }

DashboardCase kase(const char* crn, const char* officer, Rosh rosh, const char* start) {
  DashboardCase c;
  c.facts.crn = crn;
  c.facts.name = std::string("Person ") + crn;
  c.facts.rosh = rosh;
  c.facts.sentence.start = d(start);
  c.officer_id = officer;
  return c;
}

DashboardAction action(const char* id, const char* crn, ActionKind kind, Priority p, ActionStatus s, const char* due,
                       const char* created, const char* changed, const char* visit = nullptr, const char* rule = "") {
  DashboardAction a;
  a.id = id;
  a.crn = crn;
  a.kind = kind;
  a.priority = p;
  a.status = s;
  a.due = d(due);
  a.created_on = d(created);
  a.changed_on = d(changed);
  if (visit) a.visit_id = visit;
  a.rule = rule;
  return a;
}

using V = std::vector<std::string>;

// The seeded team (worked by hand in the comments; today = 2026-03-02, a Monday).
DashboardInput seeded_team() {
  DashboardInput in;
  in.from = d("2026-02-01");
  in.to = d("2026-03-02");
  in.officers = {{"alice", "Alice A", false, "t1"}, {"bob", "Bob B", false, "t1"}};
  // A1: high RoSH, visited 01-10 (repeat due 03-11: not overdue), DA: CSC
  // answered since start; police requested 02-20 (+5 wd = 02-27 < today).
  auto a1 = kase("D100001", "alice", Rosh::high, "2026-01-05");
  a1.facts.last_purposeful_home_visit = d("2026-01-10");
  a1.facts.domestic_abuse_perpetrator = true;
  a1.facts.rosh_reviewed = d("2026-02-11");
  a1.facts.checks = {Check{CheckKind::csc_check, d("2026-01-20"), std::nullopt, CheckResult::no_information, {}, "c1"},
                     Check{CheckKind::police_da_check, d("2026-02-20"), std::nullopt, std::nullopt, {}, "c2"}};
  // A2: CP plan, started 02-23: first visit due by 03-09; a child at home.
  auto a2 = kase("D100002", "alice", Rosh::medium, "2026-02-23");
  a2.facts.child_protection = ChildProtection::cp_plan;
  a2.facts.household = {Person{"Kid", Relationship::child, 4, true, false, false, {}, {}, {}}};
  // A3: very high, started 01-05, never visited: due 01-19, overdue.
  auto a3 = kase("D100003", "alice", Rosh::very_high, "2026-01-05");
  // B1: high, last visit 2025-12-01 (+60 days = 01-30 < today): repeat overdue.
  auto b1 = kase("D200001", "bob", Rosh::high, "2025-10-01");
  b1.facts.last_purposeful_home_visit = d("2025-12-01");
  // B2: low RoSH, DA; police answered before the start: not "since start".
  auto b2 = kase("D200002", "bob", Rosh::low, "2026-01-02");
  b2.facts.domestic_abuse_perpetrator = true;
  b2.facts.checks = {Check{CheckKind::police_da_check, d("2025-12-01"), std::string("none"), std::nullopt, {}, "c3"}};
  in.cases = {a1, a2, a3, b1, b2};
  in.visits = {{"v1", "D100001", d("2026-02-10"), VisitOutcome::completed},
               {"v2", "D200001", d("2026-02-16"), VisitOutcome::completed},
               {"v3", "D100003", d("2026-01-20"), VisitOutcome::completed},  // before the period
               {"v4", "D200001", d("2026-02-20"), VisitOutcome::completed}};
  using K = ActionKind;
  using P = Priority;
  using S = ActionStatus;
  in.actions = {
      // v1 countersigned after 3 days; its significant change reviewed 02-11 (within 02-10 + 2 wd).
      action("o1", "D100001", K::manager_oversight, P::normal, S::done, "2026-02-24", "2026-02-10", "2026-02-13", "v1"),
      action("r1", "D100001", K::rosh_review, P::high, S::done, "2026-02-12", "2026-02-10", "2026-02-11", "v1", "R4"),
      // v2 not countersigned (open, due 02-20: overdue); its change not reviewed (open, due 02-18).
      action("o2", "D200001", K::manager_oversight, P::normal, S::open, "2026-02-20", "2026-02-16", "2026-02-16", "v2"),
      action("r2", "D200001", K::rosh_review, P::high, S::open, "2026-02-18", "2026-02-16", "2026-02-16", "v2", "R4"),
      // v3 out of the period.
      action("o3", "D100003", K::manager_oversight, P::normal, S::done, "2026-01-30", "2026-01-20", "2026-01-21", "v3"),
      // v4 countersigned after 7 days.
      action("o4", "D200001", K::manager_oversight, P::normal, S::done, "2026-03-06", "2026-02-20", "2026-02-27", "v4"),
      // Urgent: A3 open (due 02-25: overdue); B2 done on 02-05 (overdue at the week ending 02-02 only).
      action("u1", "D100003", K::police_notify, P::urgent, S::open, "2026-02-25", "2026-02-25", "2026-02-25"),
      action("u2", "D200002", K::police_notify, P::urgent, S::done, "2026-01-10", "2026-01-09", "2026-02-05"),
  };
  return in;
}

}  // namespace

TEST_CASE("team dashboard figures match the hand-computed seeded team", "[console][dashboard]") {
  const auto t = compute_team_dashboard(seeded_team());
  REQUIRE(t.rows.size() == 2);
  const auto& a = t.rows[0];
  const auto& b = t.rows[1];
  CHECK(a.officer_id == "alice");
  CHECK(a.of(Measure::elevated) == V{"D100001", "D100002", "D100003"});
  CHECK(a.of(Measure::first_visit_done) == V{"D100001"});
  CHECK(a.of(Measure::first_visit_due) == V{"D100002"});
  CHECK(a.of(Measure::first_visit_overdue) == V{"D100003"});
  CHECK(a.of(Measure::repeat_overdue).empty());
  CHECK(a.of(Measure::csc_required) == V{"D100001", "D100002"});
  CHECK(a.of(Measure::csc_recorded) == V{"D100001"});
  CHECK(a.of(Measure::police_required) == V{"D100001"});
  CHECK(a.of(Measure::police_recorded).empty());
  CHECK(a.of(Measure::checks_awaiting) == V{"D100001"});
  CHECK(a.of(Measure::rosh_changes) == V{"D100001"});
  CHECK(a.of(Measure::rosh_reviewed_in_time) == V{"D100001"});
  CHECK(a.of(Measure::oversight_visits) == V{"D100001"});
  CHECK(a.of(Measure::countersigned) == V{"D100001"});
  CHECK(a.median_days_to_countersign == 3.0);
  CHECK(a.of(Measure::urgent_open) == V{"D100003"});

  CHECK(b.of(Measure::elevated) == V{"D200001"});
  CHECK(b.of(Measure::first_visit_done) == V{"D200001"});
  CHECK(b.of(Measure::repeat_overdue) == V{"D200001"});
  CHECK(b.of(Measure::csc_required) == V{"D200002"});
  CHECK(b.of(Measure::csc_recorded).empty());
  CHECK(b.of(Measure::police_required) == V{"D200002"});
  CHECK(b.of(Measure::police_recorded).empty());
  CHECK(b.of(Measure::checks_awaiting).empty());
  CHECK(b.of(Measure::rosh_changes) == V{"D200001"});
  CHECK(b.of(Measure::rosh_reviewed_in_time).empty());
  CHECK(b.of(Measure::oversight_visits) == V{"D200001"});
  CHECK(b.of(Measure::countersigned).empty());
  CHECK(b.median_days_to_countersign == 7.0);
  CHECK(b.of(Measure::urgent_open).empty());

  CHECK(t.total.of(Measure::elevated).size() == 4);
  CHECK(t.total.of(Measure::first_visit_overdue) == V{"D100003"});
  CHECK(t.total.median_days_to_countersign == 5.0);  // median of 3 and 7

  REQUIRE(t.trend.size() == 8);
  CHECK(t.trend.back().week_end == d("2026-03-02"));
  CHECK(t.trend[7].overdue == 3);  // o2, r2, u1
  CHECK(t.trend[6].overdue == 2);  // week ending 02-23: o2, r2 (u1 not yet created)
  CHECK(t.trend[4].overdue == 0);  // week ending 02-09
  CHECK(t.trend[3].overdue == 1);  // week ending 02-02: u2, closed 02-05
}

TEST_CASE("the dashboard counts only the officers asked for", "[console][dashboard]") {
  auto in = seeded_team();
  in.officers.pop_back();  // alice alone (an officer sees their own row)
  const auto t = compute_team_dashboard(in);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.total.of(Measure::elevated) == V{"D100001", "D100002", "D100003"});
  CHECK(t.trend.back().overdue == 1);  // u1 only: bob's are not counted
}

TEST_CASE("measure ids round-trip", "[console][dashboard]") {
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    const auto m = static_cast<Measure>(i);
    CHECK(measure_from_id(measure_id(m)) == m);
  }
  CHECK_FALSE(measure_from_id("<script>").has_value());
}

TEST_CASE("sessions end 30 minutes idle or 8 hours after sign-in", "[console][session]") {
  const ConsoleSession s{"alice", 1'000'000, 1'000'000};
  CHECK(session_live(s, 1'000'000 + kSessionIdleMs - 1));
  CHECK_FALSE(session_live(s, 1'000'000 + kSessionIdleMs));
  ConsoleSession busy{"alice", 1'000'000, 1'000'000 + kSessionAbsoluteMs - 60'000};
  CHECK(session_live(busy, busy.last_seen + 1));
  CHECK_FALSE(session_live(busy, 1'000'000 + kSessionAbsoluteMs));
}

TEST_CASE("CSRF tokens are bound to their cookie", "[console][session]") {
  const auto t1 = new_session_token();
  const auto t2 = new_session_token();
  CHECK(is_session_token(t1));
  CHECK(t1 != t2);
  CHECK(csrf_matches(t1, csrf_token_for(t1)));
  CHECK_FALSE(csrf_matches(t1, csrf_token_for(t2)));
  CHECK_FALSE(csrf_matches(t1, ""));
  CHECK_FALSE(csrf_matches("not-a-token", csrf_token_for("not-a-token")));
  CHECK(cookie_value("a=1; __Host-doorstep=abc; __Host-doorstep-login=def", kSessionCookie) == "abc");
  CHECK(cookie_value("a=1; __Host-doorstep-login=def", kSessionCookie).empty());
}

TEST_CASE("console passwords are Argon2id strings that verify", "[console][password]") {
  const auto h = hash_console_password("correct horse battery staple 42", KdfParams::fast_for_tests());
  CHECK(h.starts_with("$argon2id$"));
  CHECK(verify_console_password(h, "correct horse battery staple 42"));
  CHECK_FALSE(verify_console_password(h, "correct horse battery staple 43"));
  CHECK_FALSE(verify_console_password("plain", "plain"));
  CHECK_THROWS(hash_console_password("123", KdfParams::fast_for_tests()));
}

TEST_CASE("who sees which caseloads", "[console][access]") {
  const std::vector<Officer> all = {{"alice", "A", false, "t1"}, {"mary", "M", true, "t1"},
                                    {"zed", "Z", false, "t2"}, {"root", "R", false, std::nullopt}};
  CHECK(visible_officers({all[0], false}, all) == V{"alice"});
  CHECK(visible_officers({all[1], false}, all) == V{"alice", "mary"});
  CHECK(visible_officers({all[3], true}, all).empty());  // an admin alone sees no case content
  CHECK(may_view_case({all[1], false}, "alice", all));
  CHECK_FALSE(may_view_case({all[1], false}, "zed", all));
  CHECK(role_label({all[1], true}) == "manager, admin");
  CHECK(may_decide_oversight({all[1], false}, all[0]));         // the team's manager
  CHECK_FALSE(may_decide_oversight({all[1], false}, all[1]));   // not on their own case
  CHECK_FALSE(may_decide_oversight({all[1], false}, all[2]));   // not another team's
  CHECK_FALSE(may_decide_oversight({all[0], false}, all[0]));   // an officer never
}

TEST_CASE("forms: url-decoding is strict, bad fields are named and nothing is parsed", "[console][forms]") {
  const auto f = FormFields::parse("a=1&b=x+y%3Cz&b=2&empty=");
  CHECK(f.get("b") == "x y<z");
  CHECK(f.all("b").size() == 2);
  CHECK(f.has("empty"));
  CHECK_THROWS(FormFields::parse("a=%zz"));
  CHECK_THROWS(FormFields::parse("a=%00"));

  const auto bad = parse_case_update_form(FormFields::parse("rosh=extreme&rosh_reviewed=2026-02-30&cp=none"));
  CHECK(bad.errors.contains("rosh"));
  CHECK(bad.errors.contains("rosh_reviewed"));
  CHECK_FALSE(bad.errors.contains("cp"));
  const auto good = parse_case_update_form(FormFields::parse("rosh=high&rosh_reviewed=2026-02-27"));
  CHECK(good.errors.empty());
  CHECK(good.update.rosh == Rosh::high);
  CHECK(parse_case_update_form(FormFields::parse("")).errors.contains("form"));

  const auto chk = parse_check_form(FormFields::parse("kind=csc_check&date=tomorrow&result=maybe"));
  CHECK(chk.errors.contains("date"));
  CHECK(chk.errors.contains("result"));
  const auto reply = parse_check_form(FormFields::parse("reply_to=abc&date=2026-02-27"));
  CHECK(reply.errors.contains("result"));
}

TEST_CASE("forms: an officer's name and team are checked the same on add and on change", "[console][forms]") {
  const auto renamed = parse_officer_form(FormFields::parse("name=Ann+O%27Neil&team=north+2&manager=yes"), false);
  CHECK(renamed.errors.empty());
  CHECK(renamed.officer.name == "Ann O'Neil");
  CHECK(renamed.officer.team == "north 2");
  CHECK(renamed.officer.is_manager);
  CHECK_FALSE(parse_officer_form(FormFields::parse("name=Ann&team="), false).officer.team);
  CHECK(parse_officer_form(FormFields::parse("name=+++&team=t1"), false).errors.contains("name"));
  CHECK(parse_officer_form(FormFields::parse("name=Ann%0ABob&team=t1"), false).errors.contains("name"));
  CHECK(parse_officer_form(FormFields::parse("name=" + std::string(201, 'a')), false).errors.contains("name"));
  CHECK(parse_officer_form(FormFields::parse("name=Ann&team=t%091"), false).errors.contains("team"));
  CHECK(parse_officer_form(FormFields::parse("name=Ann&team=" + std::string(65, 't')), false).errors.contains("team"));
  const auto no_id = parse_officer_form(FormFields::parse("name=Ann"), true);
  CHECK(no_id.errors.contains("id"));
  CHECK_FALSE(no_id.errors.contains("name"));
}

TEST_CASE("the oversight queue's pages: 50 a page, oldest first, past the end shows the last", "[console][paging]") {
  const auto first = page_window(3000, 1, 50);
  CHECK(first.first == 0);
  CHECK(first.count == 50);
  CHECK(first.pages == 60);
  CHECK_FALSE(first.has_previous());
  CHECK(first.has_next());
  const auto last = page_window(3000, 60, 50);
  CHECK(last.first == 2950);
  CHECK(last.count == 50);
  CHECK_FALSE(last.has_next());
  const auto past = page_window(101, 99, 50);
  CHECK(past.page == 3);
  CHECK(past.first == 100);
  CHECK(past.count == 1);
  const auto empty = page_window(0, 4, 50);
  CHECK(empty.page == 1);
  CHECK(empty.pages == 1);
  CHECK(empty.count == 0);
  CHECK(parse_page_number("") == 1u);
  CHECK(parse_page_number("7") == 7u);
  CHECK_FALSE(parse_page_number("0"));
  CHECK_FALSE(parse_page_number("-1"));
  CHECK_FALSE(parse_page_number("1e3"));
  CHECK_FALSE(parse_page_number("9999999"));
}
