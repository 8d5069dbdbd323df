// The field app's plain C++ layer: caseload order and search,
// draft round trip, the sync worker's queue.
#include <catch2/catch.hpp>

#include <atomic>

#include "model/case_timeline.hpp"
#include "model/caseload_view.hpp"
#include "model/sync_worker.hpp"
#include "model/visit_draft.hpp"

using namespace doorstep;
using namespace doorstep::field;

TEST_CASE("caseload order: overdue, then urgent, then due date, then RoSH", "[field]") {
  const Date today = Date::from_ymd(2026, 3, 2);
  std::vector<CaseSummary> cases(4);
  cases[0] = {"A000001", "Low later", Rosh::low, {}, {}, false, false, 1, 0, today.plus_days(10), {}};
  cases[1] = {"A000002", "Urgent", Rosh::medium, {}, {}, false, false, 1, 1, today.plus_days(3), {}};
  cases[2] = {"A000003", "Overdue", Rosh::low, {}, {}, false, false, 1, 0, today.plus_days(-1), {}};
  cases[3] = {"A000004", "Nothing due", Rosh::very_high, {}, {}, false, false, 0, 0, {}, {}};
  CaseloadView view;
  view.reset(cases, {{"A000004", "Found a KNIFE in the kitchen"}}, today);
  const auto& rows = view.rows("");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].summary->crn == "A000003");
  CHECK(rows[0].overdue);
  CHECK(rows[1].summary->crn == "A000002");
  CHECK(rows[2].summary->crn == "A000001");
  CHECK(rows[3].summary->crn == "A000004");
  CHECK(view.rows("knife").size() == 1);
  CHECK(view.rows(" a000002 ").front().summary->name == "Urgent");
  CHECK(view.rows("zzz").empty());
  view.add_note_text("A000001", "Mentions a dog");
  CHECK(view.rows("dog").front().summary->crn == "A000001");
}

TEST_CASE("a draft round-trips through JSON, unfinished parts included", "[field]") {
  VisitDraft d;
  d.crn = "X100001";
  d.date = Date::from_ymd(2026, 3, 2);
  d.outcome = VisitOutcome::no_access;
  d.answers["person_present"] = "yes";
  d.people_present.push_back(Person{});  // no name yet
  d.notes.push_back(NoteDraft{NoteCategory::risk, Severity::urgent, ""});
  d.section = 3;
  const VisitDraft back = draft_from_json(draft_to_json(d));
  CHECK(back.crn == d.crn);
  CHECK(back.date == d.date);
  CHECK(back.outcome == d.outcome);
  CHECK(back.answers == d.answers);
  CHECK(back.people_present.size() == 1);
  CHECK(back.notes == d.notes);
  CHECK(back.section == 3);
  CHECK(draft_from_json(nlohmann::json("garbage")).crn.empty());
}

namespace {
class CountingJob final : public SyncJob {
 public:
  SyncResult run(const std::function<void(const SyncProgressInfo&)>& progress) override {
    for (int i = 1; i <= 3; ++i) progress({"push", i, 3});
    return {true, "ok", 3, 0, 0, 0, false};
  }
};
class ThrowingJob final : public SyncJob {
 public:
  SyncResult run(const std::function<void(const SyncProgressInfo&)>&) override { throw std::runtime_error("boom"); }
};
}  // namespace

TEST_CASE("sync worker: events in order, finished last, one job at a time", "[field]") {
  std::atomic<int> wakes{0};
  SyncWorker worker([&wakes] { ++wakes; });
  REQUIRE(worker.start(std::make_unique<CountingJob>()));
  CHECK_FALSE(worker.start(std::make_unique<CountingJob>()));
  std::vector<SyncEvent> events;
  while (worker.busy()) {
    for (auto& e : worker.drain()) events.push_back(std::move(e));
  }
  REQUIRE(events.size() == 4);
  CHECK(events[0].progress.done == 1);
  CHECK(events[2].progress.done == 3);
  CHECK(events[3].kind == SyncEvent::Kind::finished);
  CHECK(events[3].result.ok);
  CHECK(wakes.load() == 4);
  REQUIRE(worker.start(std::make_unique<ThrowingJob>()));
  std::vector<SyncEvent> more;
  while (worker.busy()) {
    for (auto& e : worker.drain()) more.push_back(std::move(e));
  }
  REQUIRE(more.size() == 1);
  CHECK_FALSE(more[0].result.ok);
  CHECK(more[0].result.message == "boom");
}

TEST_CASE("case timeline: visits, checks, notes and actions, newest first", "[field][timeline]") {
  using namespace doorstep::field;
  const auto day = [](const char* iso) { return doorstep::Date::parse(iso, "t"); };
  doorstep::Visit v;
  v.date = day("2026-03-02");
  v.outcome = doorstep::VisitOutcome::refused;
  v.answers = {{"person_present", "yes"}};
  doorstep::Check asked{doorstep::CheckKind::police_da_check, day("2026-03-03"), std::nullopt, std::nullopt,
                        std::nullopt, "k1"};
  doorstep::Check replied{doorstep::CheckKind::csc_check, day("2026-02-20"), std::string("open\nCIN"),
                          doorstep::CheckResult::known_open, day("2026-03-05"), "k2"};
  doorstep::Note n;
  n.created_at = static_cast<doorstep::UtcMillis>(day("2026-03-04").days()) * 86'400'000 + 3'600'000;
  n.category = doorstep::NoteCategory::risk;
  n.text = "line one\nline two";
  doorstep::Action a;
  a.kind = doorstep::ActionKind::rosh_review;
  a.created_at = static_cast<doorstep::UtcMillis>(day("2026-03-06").days()) * 86'400'000;
  a.reasons = {"first", "latest reason"};
  const std::vector<doorstep::Visit> visits{v};
  const std::vector<doorstep::Check> checks{asked, replied};
  const std::vector<doorstep::Note> notes{n};
  const std::vector<doorstep::Action> actions{a};
  const auto t = build_case_timeline(visits, checks, notes, actions);
  REQUIRE(t.size() == 5);
  CHECK(t[0].kind == TimelineKind::action);
  CHECK(t[0].title == "Follow-up: RoSH review (open)");
  CHECK(t[0].text == "latest reason");
  CHECK(t[1].kind == TimelineKind::check);  // answered 5 Mar: ordered by the reply's day
  CHECK(t[1].text == "known open: open CIN (reply 5 Mar 2026)");
  CHECK(t[2].kind == TimelineKind::note);
  CHECK(t[2].text == "line one line two");
  CHECK(t[3].text == "requested, awaiting reply");
  CHECK(t[3].title == "Check: Police DA callout check");
  CHECK(t[4].title == "Visit: refused");
  CHECK(t[4].text == "1 answers, 0 other people present");
}
