// The sync engine's pull loop against a scripted office (a unit test: the
// engine's paging alone, no server). Pages are pipelined: the next page is
// asked for while the device applies the one in hand, so what a request
// reports as held back may be a page late. The office must still end with
// the device's current list, and every page must be applied in order.
#include <catch2/catch.hpp>

#include <mutex>

#include "store/store.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"
#include "sync/transport.hpp"
#include "util/clock.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

// Answers pull requests with scripted pages, page N for cursor "pN"; keeps
// every request it was sent.
class ScriptedOffice final : public sync::Transport {
 public:
  explicit ScriptedOffice(std::vector<std::vector<RemoteRecord>> pages) : m_pages(std::move(pages)) {}

  sync::TransportResponse post(std::string_view path, const std::string& body, const std::string&) override {
    if (path != sync::kPullPath) return {404, ""};  // no Catch assertions here: called from the engine's fetch thread
    const sync::PullRequest req = sync::decode_pull_request(body);
    std::lock_guard lock(m_mutex);
    m_requests.push_back(req);
    const std::size_t at = req.cursor.empty() ? 0 : std::stoul(req.cursor.substr(1));
    sync::PullResponse res;
    if (at < m_pages.size()) res.records = m_pages[at];
    res.cursor = "p" + std::to_string(std::min(at + 1, m_pages.size()));
    res.more = at + 1 < m_pages.size();
    res.caseload = {};
    return {200, to_json(res).dump()};
  }
  std::vector<sync::PullRequest> requests() {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }

 private:
  std::vector<std::vector<RemoteRecord>> m_pages;
  std::mutex m_mutex;
  std::vector<sync::PullRequest> m_requests;
};

// A note on a case the device does not hold: applying it holds it back.
RemoteRecord orphan_note(const std::string& id) {
  RemoteRecord r;
  r.entity = "note";
  r.id = id;
  r.crn = "Z999999";
  r.hlc = 1;
  r.officer = "officer-2";
  r.device = "device-2";
  r.at = kMarch2;
  r.payload = {{"kind", "entry"}, {"category", "general"}, {"text", "held"}};
  return r;
}

}  // namespace

TEST_CASE("pipelined pull pages are applied in order and the office's last held report is the device's",
          "[sync][pull]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store store = Store::create(dir / "store.db", kTestKey, clock, {"officer-1", "device-1"});
  const std::string held_id = "01900000-0000-7000-8000-0000000000aa";
  SECTION("the last page holds a record back") {
    ScriptedOffice office({{}, {}, {orphan_note(held_id)}});
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}).pull(report);
    CHECK(store.meta("sync.pull_cursor") == "p3");
    REQUIRE(store.list_pull_held().size() == 1);
    const auto reqs = office.requests();
    REQUIRE(reqs.size() >= 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(reqs[i].cursor == (i == 0 ? "" : "p" + std::to_string(i)));
    REQUIRE(reqs.back().held.size() == 1);
    CHECK(reqs.back().held.front().id == held_id);
    CHECK(reqs.back().cursor == "p3");
  }
  SECTION("a middle page holds a record back") {
    ScriptedOffice office({{}, {orphan_note(held_id)}, {}, {}});
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}).pull(report);
    CHECK(store.meta("sync.pull_cursor") == "p4");
    const auto reqs = office.requests();
    REQUIRE(reqs.back().held.size() == 1);
    CHECK(reqs.back().held.front().id == held_id);
  }
  SECTION("nothing held: one request a page") {
    ScriptedOffice office({{}, {}, {}});
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}).pull(report);
    CHECK(office.requests().size() == 3);
    CHECK(office.requests().back().held.empty());
  }
}
