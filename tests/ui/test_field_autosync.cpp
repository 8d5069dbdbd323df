// The field app syncs by itself (model/auto_sync.hpp) against a real
// `doorstep-office serve` process (tests/support/office_process.hpp): after
// Finish with the office reachable, and with it down (nothing blocks,
// follow-ups show as not yet sent, the unsent count stays visible, a retry
// after the backoff sends everything once the office is back).
#include <catch2/catch.hpp>

#include "support/office_process.hpp"
#include "support/team_cases.hpp"
#include "office_synced_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

namespace {

// Records a completed visit through the UI: "No" and first options, then
// the summary, then Finish visit.
void record_visit(UiHarness& h, const std::string& crn) {
  h.click("Today##nav");
  h.click("case:" + crn);
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  const auto& sections = h.app().checklist().sections();
  for (const auto& section : sections) {
    for (const auto& item : section.items) {
      const auto& draft = h.app().visit_screen().draft();
      if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
      if (item.type == FactType::yes_no_unknown) h.click("No##" + item.fact + ".no");
      else if (item.type == FactType::single_choice || item.type == FactType::multiple_choice)
        h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id);
    }
    h.click("Next >");
  }
  h.click("Next >");  // notes -> summary
  REQUIRE(h.has("visit_summary"));
  h.click("Finish visit");
  REQUIRE(h.has("visit_recorded"));
}

}  // namespace

TEST_CASE("auto-sync after Finish, with the office reachable and with it down", "[ui][sync][autosync]") {
  doorstep::test::OfficeProcess office;
  office.add_officer("ana", "north");
  office.import_cases(doorstep::test::kCases, "ana");
  office.start();

  UiHarness h(office_synced_harness());
  enroll_through_ui(h, office);
  REQUIRE(h.has("case:A100001"));
  h.frames(2);
  // The standing rules may have raised follow-ups after the first sync: the
  // line under the navigation bar counts what waits in the outbox.
  CHECK(h.has("status_unsent:" + std::to_string(h.app().session()->store().outbox_pending_count())));

  // Reachable: Finish syncs by itself; nobody presses Sync now.
  record_visit(h, "A100001");
  const std::string visit_id = h.app().visit_screen().finished()->visit.id;
  const auto raised = h.app().visit_screen().finished()->actions;
  REQUIRE_FALSE(raised.empty());
  wait_for_sync_run(h);
  h.frames(2);
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().last_sync_result()->pushed > 0);
  CHECK(h.app().session()->store().outbox_pending_count() == 0);
  CHECK(h.has("status_unsent:0"));
  for (const auto& a : raised) CHECK(h.has("followup_sent:" + a.rule + ":" + std::string(to_string(a.kind))));
  CHECK_THAT(office.must({"visits", "A100001"}), Catch::Contains(visit_id.substr(0, 8)));
  // The next one is due in 15 minutes, not before.
  CHECK(h.app().auto_sync().next_at() - h.clock().now_utc_ms() > 14 * 60'000);

  // Down: Finish tries, fails, and recording goes on; the unsent count and
  // the follow-ups not yet sent stay on screen.
  office.stop();
  record_visit(h, "A100002");
  const auto raised2 = h.app().visit_screen().finished()->actions;
  REQUIRE(h.pump_until([&] { return h.app().auto_sync().failures() > 0 && !h.app().sync_busy(); }, kWaitMs));
  h.frames(2);
  CHECK_FALSE(h.app().last_sync_result()->ok);
  const auto unsent = h.app().session()->store().outbox_pending_count();
  CHECK(unsent > 0);
  CHECK(h.has("status_unsent:" + std::to_string(unsent)));
  for (const auto& a : raised2) CHECK(h.has("followup_unsent:" + a.rule + ":" + std::string(to_string(a.kind))));
  CHECK(h.app().auto_sync().current_backoff_ms() == 30'000);
  // Recording never waits for the office.
  h.click("Back to the case");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  CHECK(h.app().visit_screen().draft()->answers.at("person_present") == "yes");
  // No retry inside the backoff.
  h.frames(10);
  CHECK_FALSE(h.app().sync_busy());

  // Back up: after the backoff the app retries by itself and sends it all.
  office.start();
  h.clock().advance(31'000);
  wait_for_sync_run(h);
  h.frames(2);
  INFO(h.app().last_sync_result()->message);
  CHECK(h.app().last_sync_result()->ok);
  CHECK(h.app().session()->store().outbox_pending_count() == 0);
  CHECK(h.has("status_unsent:0"));
  CHECK(h.app().auto_sync().failures() == 0);
}

TEST_CASE("auto-sync policy: due on request, every 15 minutes, backoff doubling to a cap, shorter while urgent waits",
          "[field][autosync]") {
  AutoSyncPolicy p;
  CHECK(p.due(0));  // on unlock
  p.started(0);
  p.finished(1000, true, false);
  CHECK_FALSE(p.due(2000));
  CHECK(p.next_at() == 1000 + 15 * 60'000);
  p.request(5000);  // a visit was finished
  CHECK(p.due(5000));
  p.started(5000);
  p.request(6000);  // another, while that sync runs
  p.finished(7000, true, false);
  CHECK(p.due(7000));  // not lost
  p.started(7000);
  std::int64_t expect[] = {30'000, 60'000, 120'000, 240'000, 480'000, 900'000, 900'000};
  UtcMillis t = 8000;
  for (const auto e : expect) {
    p.finished(t, false, false);
    CHECK(p.current_backoff_ms() == e);
    CHECK_FALSE(p.due(t + e - 1));
    p.request(t + 1);  // a request inside the backoff waits for it
    CHECK_FALSE(p.due(t + 1));
    CHECK(p.due(t + e));
    t += e;
    p.started(t);
  }
  p.finished(t, false, true);  // an urgent follow-up waits: capped at 2 minutes
  CHECK(p.current_backoff_ms() == 120'000);
  p.started(t + 120'000);
  p.finished(t + 130'000, true, false);
  CHECK(p.failures() == 0);
}
