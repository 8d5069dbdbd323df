// Headless UI tests of the field app: real core, real store, simulated input.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>

#include "model/visit_draft.hpp"
#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

namespace {

// Answers every visible required item of the current section: "No" for
// yes/no/unknown, the first option of a choice, some text for text items.
void answer_section(UiHarness& h, const Section& section) {
  for (const auto& item : section.items) {
    const auto& draft = h.app().visit_screen().draft();
    REQUIRE(draft.has_value());
    if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
    switch (item.type) {
      case FactType::yes_no_unknown: h.click("No##" + item.fact + ".no"); break;
      case FactType::single_choice: h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id); break;
      case FactType::multiple_choice: h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id); break;
      case FactType::text: h.type_into("##" + item.fact, "Recorded at the door"); break;
      default: break;
    }
  }
}

}  // namespace

TEST_CASE("unlock, open a case, walk the checklist, finish and see the follow-ups", "[ui]") {
  UiHarness h;
  REQUIRE(h.app().screen() == ScreenId::unlock);
  h.unlock();
  REQUIRE(h.app().screen() == ScreenId::caseload);
  REQUIRE(h.has("case:X100001"));

  h.click("case:X100001");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  CHECK(h.has("officer_safety_banner"));  // alerts first; no way to dismiss it
  REQUIRE(h.app().case_screen().briefing().has_value());
  CHECK_FALSE(h.app().case_screen().briefing()->expected_household.empty());

  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  CHECK(h.app().visit_screen().draft()->answers.at("person_present") == "yes");

  const auto& sections = h.app().checklist().sections();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    REQUIRE(h.app().visit_screen().draft()->section == static_cast<int>(i));
    if (sections[i].id == "relationships") {
      // Skip logic, live: the details appear only after "Yes".
      CHECK_FALSE(h.has("##new_relationship_details"));
      h.click("Yes##new_relationship.yes");
      CHECK(h.has("##new_relationship_details"));
    }
    answer_section(h, sections[i]);
    h.click("Next >");
  }
  // Notes tab: one safeguarding note.
  h.click("Add note");
  h.type_into("##note_text.1", "New partner Sam has two children who visit at weekends.");
  h.click("Concern##note_severity.1.concern");
  h.click("Next >");
  REQUIRE(h.has("Finish visit"));
  REQUIRE(finish_blockers(*h.app().visit_screen().draft(), h.app().checklist()).empty());
  h.click("Finish visit");

  REQUIRE(h.has("visit_recorded"));
  const auto& recorded = h.app().visit_screen().finished();
  REQUIRE(recorded.has_value());
  REQUIRE_FALSE(recorded->actions.empty());
  // Every follow-up the rules raised is on screen before the officer leaves.
  for (const auto& a : recorded->actions) {
    CHECK(h.has("followup:" + a.rule + ":" + std::string(to_string(a.kind))));
  }
  CHECK(h.labels_with("followup:").size() == recorded->actions.size());
  // A completed visit to a high-RoSH, child-protection case needs a manager's oversight (R9).
  CHECK(h.has("followup:R9:manager_oversight"));
  REQUIRE(recorded->notes.size() == 1);

  // The draft is gone; the case timeline shows the visit.
  CHECK_FALSE(load_draft(h.app().session()->store(), "X100001").has_value());
  h.click("Back to the case");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  CHECK(h.has("Start visit"));
}

TEST_CASE("a draft survives locking and comes back after unlock", "[ui]") {
  UiHarness h;
  h.unlock();
  h.click("case:X100002");
  h.click("Start visit");
  h.click("Yes##person_present.yes");
  h.click("Lock##nav");
  REQUIRE(h.app().locked());
  REQUIRE(h.app().screen() == ScreenId::unlock);
  CHECK_FALSE(h.app().visit_screen().draft().has_value());  // nothing of the case stays in memory
  h.unlock();
  REQUIRE(h.app().screen() == ScreenId::visit);
  REQUIRE(h.app().visit_screen().draft().has_value());
  CHECK(h.app().visit_screen().draft()->answers.at("person_present") == "yes");
}

TEST_CASE("a wrong passphrase is refused and says why", "[ui]") {
  UiHarness h;
  h.type_into("##passphrase", "not the passphrase");
  h.click("Unlock");
  CHECK(h.app().locked());
  CHECK_THAT(h.app().unlock_screen().error(), Catch::Contains("not right"));
}

TEST_CASE("auto-lock fires after the idle time and on minimise", "[ui]") {
  UiHarness h;
  h.unlock();
  const int minutes = h.app().settings().auto_lock_minutes;
  h.clock().advance(std::int64_t{minutes} * 60'000 - 5'000);
  h.frame();
  CHECK_FALSE(h.app().locked());
  // Input resets the idle timer.
  h.click("case:X100003");
  h.clock().advance(std::int64_t{minutes} * 60'000 - 5'000);
  h.frame();
  CHECK_FALSE(h.app().locked());
  h.clock().advance(10'000);
  h.frame();
  CHECK(h.app().locked());
  CHECK(h.app().session() == nullptr);  // the Store, and with it the key, is gone

  h.unlock();
  h.app().on_minimised();
  CHECK(h.app().locked());
  // While locked and idle the loop may sleep long; while unlocked, until the auto-lock.
  h.frame();
  h.frames(4);
  CHECK(h.app().wait_timeout_ms(h.clock().now_utc_ms()) >= 1000);
}

namespace {

// A sync that blocks on the worker thread until the test releases it.
class BlockingSync final : public SyncJob {
 public:
  explicit BlockingSync(std::shared_future<void> release) : m_release(std::move(release)) {}
  SyncResult run(const std::function<void(const SyncProgressInfo&)>& progress) override {
    progress({"push", 1, 4});
    m_release.wait();
    progress({"pull", 4, 4});
    return SyncResult{true, "Sync finished (test).", 3, 5, 0, 0, false};
  }

 private:
  std::shared_future<void> m_release;
};

}  // namespace

TEST_CASE("a sync in progress does not block input", "[ui]") {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> wakes{0};
  HarnessOptions options;
  options.make_sync_job = [released](Session&) { return std::make_unique<BlockingSync>(released); };
  options.wake = [&wakes] { ++wakes; };
  UiHarness h(options);
  h.unlock();
  h.click("Sync##nav");
  REQUIRE(h.has("Sync now"));
  h.click("Sync now");
  REQUIRE(h.app().sync_busy());
  h.frames(2);
  CHECK(h.has("sync_in_progress"));

  // The officer keeps working while the worker is blocked.
  h.click("Today##nav");
  h.click("case:X100004");
  REQUIRE(h.app().screen() == ScreenId::case_view);
  h.click("Start visit");
  h.click("Yes##person_present.yes");
  CHECK(h.app().visit_screen().draft()->answers.at("person_present") == "yes");
  CHECK(h.app().sync_busy());

  release.set_value();
  for (int i = 0; i < 200 && h.app().sync_busy(); ++i) {
    h.frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE_FALSE(h.app().sync_busy());
  REQUIRE(h.app().last_sync_result().has_value());
  CHECK(h.app().last_sync_result()->ok);
  CHECK(wakes.load() >= 2);  // progress and finish woke the main loop
  CHECK(h.app().session()->store().meta("sync.last_success_at").has_value());
}

TEST_CASE("the caseload puts overdue and urgent first and searches note text", "[ui]") {
  UiHarness h;
  h.unlock();
  const auto rows = h.app().session()->caseload().rows("");
  REQUIRE(rows.size() == 6);
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK((rows[i - 1].overdue || !rows[i].overdue));
  h.type_into("##search", "sofa surfing");
  CHECK(h.has("case:X100006"));
  CHECK(h.labels_with("case:").size() == 1);
  CHECK(h.app().session()->caseload().rows("sofa surfing").front().matched_notes);
}

TEST_CASE("a follow-up is marked done with its outcome", "[ui]") {
  UiHarness h;
  h.unlock();
  h.click("Follow-ups##nav");
  std::string key;  // the first follow-up that is not a check (a check is closed by recording it)
  for (const auto& label : h.labels_with("action:")) {
    const std::string k = label.substr(std::string("action:").size());
    if (key.empty() && h.has("Done...##" + k)) key = k;
  }
  REQUIRE_FALSE(key.empty());
  const auto open_before = h.app().session()->store().list_actions(std::nullopt, true).size();
  h.click("Done...##" + key);
  h.type_into("##followup_text:" + key, "CSC: known, no current plan");
  h.click("Confirm done##" + key);
  const auto open_after = h.app().session()->store().list_actions(std::nullopt, true);
  CHECK(open_after.size() == open_before - 1);
  bool found_done = false;
  for (const auto& a : h.app().session()->store().list_actions(std::nullopt, false)) {
    if (a.outcome && *a.outcome == "CSC: known, no current plan") found_done = a.status == ActionStatus::done;
  }
  CHECK(found_done);
}

TEST_CASE("a follow-up is dismissed with a reason", "[ui]") {
  UiHarness h;
  h.unlock();
  h.click("Follow-ups##nav");
  const auto actions = h.labels_with("action:");
  REQUIRE_FALSE(actions.empty());
  const std::string key = actions.back().substr(std::string("action:").size());
  h.click("Dismiss...##" + key);
  h.type_into("##followup_text:" + key, "Already done by the previous officer");
  h.click("Confirm dismiss##" + key);
  bool found = false;
  for (const auto& a : h.app().session()->store().list_actions(std::nullopt, false)) {
    found = found || (a.status == ActionStatus::dismissed && a.dismiss_reason == "Already done by the previous officer");
  }
  CHECK(found);
}

TEST_CASE("a manager countersigns oversight with a comment", "[ui]") {
  UiHarness h;
  h.unlock();
  h.click("Oversight##nav");
  const auto cases = h.labels_with("oversight:");
  REQUIRE_FALSE(cases.empty());
  const std::string crn = cases.front().substr(std::string("oversight:").size());
  h.type_into("##countersign_comment:" + crn, "Plan agreed; review in 4 weeks");
  h.click("Countersign##" + crn);
  bool signed_off = false;
  for (const auto& a : h.app().session()->store().list_actions(crn, false)) {
    signed_off = signed_off || (a.kind == ActionKind::manager_oversight && a.status == ActionStatus::done &&
                                a.outcome == "countersigned: Plan agreed; review in 4 weeks");
  }
  CHECK(signed_off);
}

TEST_CASE("an officer's device has no oversight screen", "[ui]") {
  HarnessOptions options;
  options.manager = false;
  UiHarness h(options);
  h.unlock();
  CHECK_FALSE(h.has("Oversight##nav"));
}

TEST_CASE("first run creates the encrypted store with the demo caseload", "[ui]") {
  HarnessOptions options;
  options.create_store = false;
  UiHarness h(options);
  REQUIRE(h.app().screen() == ScreenId::first_run);
  h.type_into("##officer", "j.smith");
  h.type_into("##new_passphrase", "short but now long enough 42");
  h.type_into("##confirm_passphrase", "short but now long enough 42");
  CHECK(h.app().recorder().has("Create local store (no office)"));
  h.click("Create local store (no office)");
  INFO(h.app().first_run_error());
  REQUIRE_FALSE(h.app().locked());
  CHECK(h.app().session()->caseload().size() == 6);
  CHECK(h.app().session()->is_demo());
  h.click("Lock##nav");
  CHECK(h.app().screen() == ScreenId::unlock);
}

// The first-run screen applies the core passphrase policy (zxcvbn): the old
// character-class meter rated "Summer2024!!" strong.
TEST_CASE("first run refuses a passphrase the core policy refuses", "[ui]") {
  HarnessOptions options;
  options.create_store = false;
  UiHarness h(options);
  REQUIRE(h.app().screen() == ScreenId::first_run);
  h.type_into("##officer", "j.smith");
  h.type_into("##new_passphrase", "Summer2024!!");
  h.type_into("##confirm_passphrase", "Summer2024!!");
  h.click("Create local store (no office)");
  CHECK(h.app().screen() == ScreenId::first_run);
  CHECK(h.app().locked());
  CHECK_FALSE(std::filesystem::exists(h.app().folder().key_file()));
}

TEST_CASE("settings apply at once and persist", "[ui]") {
  UiHarness h;
  h.unlock();
  h.click("Settings##nav");
  h.click("High contrast##theme");
  h.click("Extra large##text_size");
  h.click("10 min##auto_lock");
  CHECK(h.app().settings().theme == Theme::high_contrast);
  CHECK(h.app().settings().auto_lock_minutes == 10);
  const UiSettings saved = load_settings(h.dir());
  CHECK(saved == h.app().settings());
  CHECK(ImGui::GetFontSize() == Approx(font_px(TextSize::extra_large)));
}

TEST_CASE("the sync screen lists what the tablet holds back from the office, with the reason", "[ui][sync]") {
  UiHarness h;
  h.unlock();
  // A note from the office for a case this tablet does not hold (yet).
  RemoteRecord r;
  r.entity = "note";
  r.id = "01900000-0000-7000-8000-0000000000aa";
  r.crn = "Z999999";
  r.hlc = 1;
  r.officer = "officer-2";
  r.device = "device-2";
  r.at = h.clock().now_utc_ms();
  r.payload = {{"kind", "entry"}, {"category", "general"}, {"text", "held"}};
  const std::vector<RemoteRecord> page = {r};
  h.app().session()->store().apply_remote_page(page, "c1");
  h.click("Sync##nav");
  h.click("Refresh##sync");
  CHECK(h.has("sync_held:1"));
}

TEST_CASE("an officer sees who countersigns manager oversight instead of a button", "[ui][oversight]") {
  HarnessOptions options;
  options.manager = false;
  UiHarness h(options);
  h.unlock();
  Store& store = h.app().session()->store();
  const std::string crn = store.list_cases().front().crn;
  const RaisedAction oversight{ActionKind::manager_oversight, Priority::high, h.app().today(), "R16",
                               "Visit not achieved on a child protection case"};
  store.raise_actions(crn, std::span(&oversight, 1));
  h.app().session()->refresh_summaries(h.app().today());
  h.click("Follow-ups##nav");
  const std::string key = crn + ":manager_oversight";
  CHECK(h.has("manager_only:" + key));
  CHECK_FALSE(h.has("Done...##" + key));
  CHECK_FALSE(h.has("Dismiss...##" + key));
}

TEST_CASE("closing a children's social care follow-up records the check with its result", "[ui][checks]") {
  UiHarness h;
  h.unlock();
  Store& store = h.app().session()->store();
  const std::string crn = store.list_cases().front().crn;
  const RaisedAction csc{ActionKind::csc_check, Priority::high, h.app().today(), "R5a", "New children in the home"};
  store.raise_actions(crn, std::span(&csc, 1));
  h.app().session()->refresh_summaries(h.app().today());
  h.click("Follow-ups##nav");
  const std::string key = crn + ":csc_check";
  CHECK_FALSE(h.has("Done...##" + key));  // no "done" without a check
  const auto checks_before = store.effective_checks(crn).size();
  h.click("Record check...##" + key);
  h.click("Confirm done##" + key);  // disabled until a result is chosen: nothing is written
  CHECK(store.effective_checks(crn).size() == checks_before);
  h.click("Known open##check_result:" + key);
  h.type_into("##followup_text:" + key, "Social worker allocated");
  h.click("Confirm done##" + key);
  const auto checks = store.effective_checks(crn);
  REQUIRE(checks.size() == checks_before + 1);
  CHECK(checks.back().result == CheckResult::known_open);
  CHECK(checks.back().outcome == "Social worker allocated");
  bool closed = false;
  for (const auto& a : store.list_actions(crn, false))
    closed = closed || (a.kind == ActionKind::csc_check && a.rule == "R5a" && a.status == ActionStatus::done &&
                        a.outcome->find("known_open") != std::string::npos);
  CHECK(closed);
}

TEST_CASE("the oversight screen shows the whole visit, and a manager sends the work back", "[ui][oversight]") {
  UiHarness h;
  h.unlock();
  Session& s = *h.app().session();
  std::string crn;
  for (const auto& c : s.store().list_cases())
    if (crn.empty() && is_elevated(s.store().get_case(c.crn))) crn = c.crn;
  REQUIRE_FALSE(crn.empty());
  Visit v;
  v.date = h.app().today();
  v.outcome = VisitOutcome::completed;
  v.answers = {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"children_present", "no"},
               {"new_relationship", "no"}};
  (void)s.casework().finish_visit(crn, v);  // R9: a completed visit to an elevated case
  s.refresh_summaries(h.app().today());
  h.click("Oversight##nav");
  CHECK(h.has("oversight_visit:" + crn));
  CHECK(h.has("Open case##oversight:" + crn));
  h.type_into("##send_back_reason:" + crn, "Say who else lives there");
  h.click("Send back##" + crn);
  bool returned = false;
  for (const auto& a : s.store().list_actions(crn, true))
    returned = returned || (a.kind == ActionKind::oversight_returned && a.reasons.front().find("Say who else lives there") !=
                                                                          std::string::npos);
  CHECK(returned);
  CHECK(h.has("oversight:" + crn));  // still awaiting the countersignature
}
