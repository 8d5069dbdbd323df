// The field app against a real office: an in-process office server on
// loopback TLS (tests/sync/sync_fixture.hpp), the app's real enrollment and
// OfficeSyncJob over the pinned HTTPS transport, driven through the UI.
#include <catch2/catch.hpp>

#include "office_link.hpp"
#include "sync_fixture.hpp"
#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field;
using namespace doorstep::field::test;

namespace {

constexpr int kWaitMs = 15'000;  // bound on each wait for the worker

const Clock& worker_clock() {
  static const SystemClock clock;
  return clock;
}

// An app with no store yet, wired to the office over real HTTPS.
HarnessOptions office_harness_options() {
  HarnessOptions options;
  options.create_store = false;
  options.configure = [](AppConfig& config) {
    connect_to_office(
        config,
        [](const sync::OfficeEndpoint& o) -> std::unique_ptr<sync::Transport> {
          return std::make_unique<net::HttpsTransport>(o.host, o.port, o.pin, std::chrono::seconds(5));
        },
        worker_clock());
  };
  return options;
}

struct OfficeWithCase {
  doorstep::test::TestOffice office;
  OfficeWithCase() {
    office.add_officer("ana");
    office.store().import_case(doorstep::test::test_case("A100001", "Alex Example"), "ana", office.clock().now_utc_ms());
  }
  [[nodiscard]] std::string enroll_code() {
    sync::EnrollCode code;
    code.host = "127.0.0.1";
    code.port = office.port();
    code.pin = office.pin();
    code.secret = office.service().issue_enroll_secret("ana", 3600 * 1000);
    return code.to_string();
  }
  [[nodiscard]] HarnessOptions harness_options() const { return office_harness_options(); }
};

// First run through the UI: passphrase, code, Enroll; waits for the
// enrollment and the first sync to finish.
void enroll_through_ui(UiHarness& h, const std::string& code) {
  REQUIRE(h.app().screen() == ScreenId::first_run);
  h.type_into("##new_passphrase", kPassphrase);
  h.type_into("##confirm_passphrase", kPassphrase);
  h.type_into("##enroll_code", code);
  h.click("Enroll");
  INFO(h.app().first_run_error());
  REQUIRE(h.pump_until([&] { return !h.app().enrolling() && !h.app().sync_busy() && !h.app().locked(); }, kWaitMs));
}

void answer_section(UiHarness& h, const Section& section) {
  for (const auto& item : section.items) {
    const auto& draft = h.app().visit_screen().draft();
    REQUIRE(draft.has_value());
    if (!item.required || !h.app().checklist().is_visible(item, draft->answers)) continue;
    switch (item.type) {
      case FactType::yes_no_unknown: h.click("No##" + item.fact + ".no"); break;
      case FactType::single_choice:
      case FactType::multiple_choice:
        h.click(item.options.front().label + "##" + item.fact + "." + item.options.front().id);
        break;
      case FactType::text: h.type_into("##" + item.fact, "Recorded at the door"); break;
      default: break;
    }
  }
}

void click_sync_now_and_wait(UiHarness& h) {
  h.click("Sync##nav");
  REQUIRE(h.has("Sync now"));
  h.click("Sync now");
  REQUIRE(h.pump_until([&] { return !h.app().sync_busy(); }, kWaitMs));
  REQUIRE(h.app().last_sync_result().has_value());
}

}  // namespace

TEST_CASE("enroll from the first-run screen, download the caseload, record a visit, sync it to the office once",
          "[ui][sync]") {
  OfficeWithCase o;
  UiHarness h(o.harness_options());
  CHECK(h.has("##enroll_code"));
  CHECK(h.has("Create local store (no office)"));  // the demo path stays
  enroll_through_ui(h, o.enroll_code());

  // The first sync ran by itself and brought the caseload.
  REQUIRE(h.app().last_sync_result().has_value());
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().last_sync_result()->pulled >= 1);
  REQUIRE(h.app().session()->is_enrolled());
  CHECK(h.app().session()->store().identity().officer_id == "ana");
  REQUIRE(h.app().screen() == ScreenId::caseload);
  REQUIRE(h.has("case:A100001"));
  // The office knows this device, under the label the app gave it.
  const std::string device_id = h.app().session()->store().identity().device_id;
  REQUIRE(o.office.store().find_device(device_id).has_value());

  // A visit with one note, recorded through the UI.
  h.click("case:A100001");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  const auto& sections = h.app().checklist().sections();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    answer_section(h, sections[i]);
    h.click("Next >");
  }
  const std::string note_text = "Alex answered the door; the flat was tidy and the new job is going well.";
  h.click("Add note");
  h.type_into("##note_text.1", note_text);
  h.click("Next >");
  REQUIRE(h.has("Finish visit"));
  h.click("Finish visit");
  REQUIRE(h.has("visit_recorded"));
  REQUIRE(h.app().session()->store().outbox_pending_count() > 0);

  click_sync_now_and_wait(h);
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().last_sync_result()->pushed > 0);
  CHECK(h.app().session()->store().outbox_pending_count() == 0);
  CHECK(h.has("sync_pending:0"));

  const auto count_note = [&] {
    int n = 0;
    for (const auto& r : o.office.store().records("note", "A100001")) {
      if (r.payload.dump().find(note_text) != std::string::npos) ++n;
    }
    return n;
  };
  CHECK(count_note() == 1);
  CHECK(o.office.store().records("visit", "A100001").size() == 1);

  // Syncing again sends nothing twice.
  click_sync_now_and_wait(h);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().last_sync_result()->pushed == 0);
  CHECK(count_note() == 1);
  CHECK(o.office.store().records("visit", "A100001").size() == 1);
}

TEST_CASE("a revoked device wipes its store and returns to first run", "[ui][sync]") {
  OfficeWithCase o;
  UiHarness h(o.harness_options());
  enroll_through_ui(h, o.enroll_code());
  REQUIRE(h.has("case:A100001"));
  const StoreFolder folder = h.app().folder();
  REQUIRE(folder.exists());
  const std::string device_id = h.app().session()->store().identity().device_id;

  o.office.store().revoke_device(device_id, o.office.clock().now_utc_ms());
  h.click("Sync##nav");
  h.click("Sync now");
  REQUIRE(h.pump_until([&] { return !h.app().sync_busy(); }, kWaitMs));
  h.frames(2);

  CHECK(h.app().locked());
  CHECK(h.app().session() == nullptr);
  CHECK(h.app().screen() == ScreenId::first_run);
  CHECK_FALSE(folder.exists());
  CHECK_FALSE(std::filesystem::exists(folder.key_file()));
  CHECK_FALSE(std::filesystem::exists(folder.store_file()));
  REQUIRE(h.app().last_sync_result().has_value());
  CHECK(h.app().last_sync_result()->revoked);
  CHECK_THAT(h.app().last_sync_result()->message, Catch::Contains("revoked"));
  CHECK(h.has("message_error"));  // the reason is on the first-run screen
  CHECK(h.has("##enroll_code"));  // ready for a new code
}

TEST_CASE("with the office unreachable, sync says so and recording goes on", "[ui][sync]") {
  OfficeWithCase o;
  UiHarness h(o.harness_options());
  enroll_through_ui(h, o.enroll_code());
  o.office.stop();

  click_sync_now_and_wait(h);
  CHECK_FALSE(h.app().last_sync_result()->ok);
  CHECK_FALSE(h.app().last_sync_result()->revoked);
  CHECK_THAT(h.app().last_sync_result()->message, Catch::Contains("could not be reached") &&
                                                      Catch::Contains("safe on this device"));
  REQUIRE_FALSE(h.app().locked());
  CHECK(h.app().folder().exists());
  // Nothing blocks recording: a visit can start and its draft is kept.
  h.click("Today##nav");
  h.click("case:A100001");
  h.click("Start visit");
  REQUIRE(h.app().screen() == ScreenId::visit);
  h.click("Yes##person_present.yes");
  CHECK(h.app().visit_screen().draft()->answers.at("person_present") == "yes");
}

TEST_CASE("a mistyped enrollment code is refused at once and the office is not asked", "[ui][sync]") {
  OfficeWithCase o;
  UiHarness h(o.harness_options());
  h.type_into("##new_passphrase", kPassphrase);
  h.type_into("##confirm_passphrase", kPassphrase);
  h.type_into("##enroll_code", "doorstep1:127.0.0.1:notaport:abc");
  h.click("Enroll");
  CHECK_FALSE(h.app().enrolling());
  CHECK(h.app().screen() == ScreenId::first_run);
  CHECK_THAT(h.app().first_run_error(), Catch::Contains("enrollment code"));
  CHECK_FALSE(h.app().folder().exists());
}

TEST_CASE("a used enrollment code is refused with the office's reason and no store is left", "[ui][sync]") {
  OfficeWithCase o;
  const std::string code = o.enroll_code();
  {
    UiHarness first(o.harness_options());
    enroll_through_ui(first, code);
  }
  UiHarness h(o.harness_options());
  h.type_into("##new_passphrase", kPassphrase);
  h.type_into("##confirm_passphrase", kPassphrase);
  h.type_into("##enroll_code", code);
  h.click("Enroll");
  REQUIRE(h.pump_until([&] { return !h.app().enrolling(); }, kWaitMs));
  h.frame();
  CHECK(h.app().screen() == ScreenId::first_run);
  CHECK_THAT(h.app().first_run_error(), Catch::Contains("refused"));
  CHECK_FALSE(h.app().folder().exists());
}

TEST_CASE("the UI thread keeps writing while the first sync pulls a large caseload", "[ui][sync]") {
  // Another device of the officer filled the office with notes; this
  // device's first sync pulls them in pages (one transaction each) on the
  // worker while the UI thread saves a draft every frame, as typing does.
  constexpr int kCases = 20;
  constexpr int kNotes = 3000;
  doorstep::test::TestOffice office;
  office.add_officer("ana");
  for (int c = 0; c < kCases; ++c)
    office.store().import_case(doorstep::test::test_case("P" + std::to_string(100000 + c)), "ana",
                               office.clock().now_utc_ms());
  {
    auto writer = doorstep::test::enroll_device(office, "ana");
    auto t = office.transport();
    sync::SyncEngine(*writer->store, *t, writer->creds).run();
    for (int i = 0; i < kNotes; ++i)
      writer->store->add_note("P" + std::to_string(100000 + i % kCases),
                              {NoteCategory::general, std::nullopt, "note " + std::to_string(i)});
    sync::SyncOptions wopts;
    wopts.push_batch = 500;
    sync::SyncReport wr;
    sync::SyncEngine(*writer->store, *t, writer->creds, wopts).push(wr);
    REQUIRE(wr.pushed >= kNotes);
  }
  sync::EnrollCode code{"127.0.0.1", office.port(), office.pin(), office.service().issue_enroll_secret("ana", 3600'000)};
  UiHarness h(office_harness_options());
  h.type_into("##new_passphrase", kPassphrase);
  h.type_into("##confirm_passphrase", kPassphrase);
  h.type_into("##enroll_code", code.to_string());
  h.click("Enroll");
  REQUIRE(h.pump_until([&] { return !h.app().enrolling(); }, kWaitMs));
  h.frame();
  REQUIRE_FALSE(h.app().locked());

  double worst_ms = 0;
  int writes = 0;
  bool saw_progress = false;
  REQUIRE(h.pump_until(
      [&] {
        if (!h.app().sync_busy()) return true;
        saw_progress = saw_progress || h.app().sync_progress().has_value();
        const auto t0 = std::chrono::steady_clock::now();
        h.app().session()->store().set_meta("draft.visit.test", "typed " + std::to_string(writes++));
        worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        return false;
      },
      kWaitMs, 1));
  REQUIRE(h.app().last_sync_result().has_value());
  INFO(h.app().last_sync_result()->message);
  REQUIRE(h.app().last_sync_result()->ok);
  CHECK(h.app().last_sync_result()->pulled >= kNotes);
  CHECK(h.app().session()->store().count_notes() == kNotes);
  WARN("UI-thread writes during the first sync: " << writes << ", worst " << worst_ms << " ms; progress seen: "
                                                   << saw_progress);
  CHECK(writes > 0);
  CHECK(saw_progress);  // the Sync screen's progress bar had something to show
  // A write waits for one pull page at most (model/keyed_store.hpp: short
  // busy waits; SQLite's own would sleep a whole second here).
  CHECK(worst_ms < 250);
}
