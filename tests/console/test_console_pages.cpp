// The console's pages through ConsoleApp::handle on a real office store, on
// both backends (SQLCipher, and PostgreSQL with sealed payloads): the
// oversight queue in pages of 50, oldest first, logging only the cases
// shown; a bad page number refused.
#include <catch2/catch.hpp>

#include <regex>

#include "audit/audit_chain.hpp"
#include "console/console_app.hpp"
#include "crypto/hash.hpp"
#include "domain/json_codec.hpp"
#include "office/console_session.hpp"
#include "office/office_store_backends.hpp"
#include "rules/assets_dir.hpp"
#include "util/clock.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

constexpr int kWaiting = 120;

std::string crn_of(int i) { return "D" + std::to_string(200000 + i); }

// kWaiting visits by alice (visit i on day i, so visit 0 is the oldest),
// each with an open manager_oversight follow-up, as a tablet would push them.
// Returns the visits' ids, oldest first.
std::vector<std::string> seed_waiting_visits(office::OfficeStore& store, UtcMillis now) {
  std::vector<std::string> ids;
  store.add_officer({"alice", "Alice", false, "t1"});
  store.add_officer({"mary", "Mary", true, "t1"});
  const auto code = blake2b_256(make_uuid_v7(now) + "alice");
  store.add_enroll_code(code, "alice", now, now + 3600 * 1000);
  const auto device = store.redeem_enroll_code(code, now, make_uuid_v7(now), blake2b_256("secret"), "tablet");
  std::vector<AuditLink> links;
  std::optional<AuditLink> prev;
  const Date first_day = utc_date(now).plus_days(-200);
  for (int i = 0; i < kWaiting; ++i) {
    store.import_case(person(crn_of(i), "Person " + std::to_string(i)), "alice", now);
    Visit v;
    v.id = make_uuid_v7(now + i);
    ids.push_back(v.id);
    v.crn = crn_of(i);
    v.date = first_day.plus_days(i);
    v.template_id = "home_visit";
    v.template_version = 1;
    json payload = to_json(v);
    payload.erase("notes");
    const json change = {{"entity", "visit"}, {"id", v.id}, {"op", "create"},
                         {"hlc", hlc_pack(static_cast<std::uint64_t>(now), static_cast<std::uint32_t>(i))},
                         {"payload", payload}};
    prev = make_audit_link(prev, canonical_change(change), "alice", now, device.id);
    links.push_back(*prev);
  }
  const auto pushed = store.apply_push(device, links, now);
  for (const auto& r : pushed.results) {
    INFO(r.reason);
    REQUIRE(r.status == sync::ChangeStatus::applied);
  }
  for (int i = 0; i < kWaiting; ++i) {
    Action a;
    a.id = make_uuid_v7(now + 1000 + i);
    a.crn = crn_of(i);
    a.kind = ActionKind::manager_oversight;
    a.due = first_day.plus_days(i + 5);
    a.rule = "R9";
    a.reasons = {"elevated case visited"};
    a.visit_id = ids[static_cast<std::size_t>(i)];
    a.created_at = now;
    a.hlc = hlc_pack(static_cast<std::uint64_t>(now) + 1, static_cast<std::uint32_t>(i));
    store.write_office_actions(a.crn, std::span<const Action>(&a, 1), "office", now);
  }
  return ids;
}

// The visit ids linked from a page, in order.
std::vector<std::string> visit_links(const std::string& body) {
  std::vector<std::string> out;
  static const std::regex link(R"re(href="/oversight/([0-9a-f-]+)")re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), link); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("Console pages: the oversight queue shows 50 visits a page, oldest first, and logs only those",
                   "[console][paging]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  SystemClock clock;
  auto store = backend.create();
  const auto ids = seed_waiting_visits(*store, clock.now_utc_ms());
  auto console = backend.console();
  const std::string token = office::new_session_token();
  console->create_session(office::session_token_hash(token), "mary", clock.now_utc_ms());
  office_app::ConsoleApp app(*store, *console, clock, default_assets_dir(),
                             [](const std::string&) -> std::string { throw std::runtime_error("no codes here"); });
  auto get = [&](const std::string& target) {
    return app.handle({"GET", target, "", std::string(office::kSessionCookie) + "=" + token, "127.0.0.1"});
  };

  const auto first = get("/oversight");
  REQUIRE(first.status == 200);
  const auto page1 = visit_links(first.body);
  REQUIRE(page1.size() == 50);
  CHECK(page1.front() == ids[0]);  // the oldest
  CHECK(page1.back() == ids[49]);
  CHECK(first.body.find("Showing visits 1 to 50 of 120 (page 1 of 3)") != std::string::npos);
  CHECK(first.body.find("href=\"/oversight?page=2\"") != std::string::npos);
  CHECK(first.body.find("rel=\"prev\"") == std::string::npos);
  CHECK(console->access_log(std::nullopt).size() == 50);
  CHECK(console->access_log(std::string_view(crn_of(50))).empty());

  const auto second = get("/oversight?page=2");
  REQUIRE(second.status == 200);
  const auto page2 = visit_links(second.body);
  REQUIRE(page2.size() == 50);
  CHECK(page2.front() == ids[50]);
  CHECK(second.body.find("href=\"/oversight?page=1\"") != std::string::npos);
  CHECK(second.body.find("href=\"/oversight?page=3\"") != std::string::npos);

  const auto last = get("/oversight?page=9");  // past the end: the last page
  REQUIRE(last.status == 200);
  const auto page3 = visit_links(last.body);
  REQUIRE(page3.size() == 20);
  CHECK(page3.back() == ids[119]);
  CHECK(last.body.find("rel=\"next\"") == std::string::npos);
  CHECK(console->access_log(std::nullopt).size() == 120);

  for (const std::string bad : {"0", "-1", "two", "1%3Cb%3E", "12345678"}) {
    const auto r = get("/oversight?page=" + bad);
    INFO(bad);
    CHECK(r.status == 400);
    CHECK(r.body.find("page: a whole number from 1") != std::string::npos);
  }
  CHECK(console->access_log(std::nullopt).size() == 120);  // nothing shown, nothing logged
}
