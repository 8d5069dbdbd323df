#pragma once
// The field app under the headless harness, auto-sync on, talking HTTPS to a
// real `doorstep-office serve` (tests/support/office_process.hpp) once
// enrolled: shared by the UI tests that sync through an office.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include "net/https_transport.hpp"
#include "office_link.hpp"
#include "support/office_process.hpp"
#include "ui_harness.hpp"
#include "util/clock.hpp"

namespace doorstep::field::test {

// How long a UI test waits for the app to reach a state (sync, unlock...).
inline constexpr int kWaitMs = 20'000;

// No store yet (the test enrolls through the UI), auto-sync on, the real
// HTTPS transport with a 3 s timeout.
inline HarnessOptions office_synced_harness() {
  HarnessOptions options;
  options.create_store = false;
  options.auto_sync = true;
  options.configure = [](AppConfig& config) {
    static const SystemClock worker_clock;
    connect_to_office(
        config,
        [](const sync::OfficeEndpoint& o) -> std::unique_ptr<sync::Transport> {
          return std::make_unique<net::HttpsTransport>(o.host, o.port, o.pin, std::chrono::seconds(3));
        },
        worker_clock);
  };
  return options;
}

// Enrolls the app as a tablet of officer "ana" through the first-run screen,
// then waits for the first sync, which must succeed.
inline void enroll_through_ui(UiHarness& h, const doorstep::test::OfficeProcess& office) {
  h.type_into("##new_passphrase", kPassphrase);
  h.type_into("##confirm_passphrase", kPassphrase);
  h.type_into("##enroll_code", office.enroll_code("ana"));
  h.click("Enroll");
  REQUIRE(h.pump_until([&] { return !h.app().enrolling() && !h.app().sync_busy() && !h.app().locked(); }, kWaitMs));
  REQUIRE(h.app().last_sync_result().has_value());
  REQUIRE(h.app().last_sync_result()->ok);
}

// Waits for one sync run to start and to end (whatever its result).
inline void wait_for_sync_run(UiHarness& h) {
  REQUIRE(h.pump_until([&] { return h.app().sync_busy(); }, kWaitMs));
  REQUIRE(h.pump_until([&] { return !h.app().sync_busy(); }, kWaitMs));
}

}  // namespace doorstep::field::test
