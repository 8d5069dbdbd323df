// The sync engine's push loop against a scripted office (a unit test: the
// engine's batching alone, no server). Batches are pipelined: the next is
// read and encoded while the office works, and sent as soon as the one
// before is acknowledged in full. The office must still receive the chain in
// order, each link applied once, whatever it answers: a partial
// acknowledgement, a gap, or a failure with the next batch already read.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>

#include "store/store.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"
#include "sync/transport.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

// Holds the links it applied, by seq, as the office does: a repeated link
// is answered with its stored result, a link past the head + 1 is a gap.
// Scripted faults, by request number (1-based): fail with a 503, take only
// the first `partial` links, or answer a gap at a lower head.
class ScriptedOffice final : public sync::Transport {
 public:
  std::map<int, int> fail_calls;                  // call -> HTTP status
  std::map<int, int> partial_calls;               // call -> links taken
  std::map<int, std::int64_t> forget_head_calls;  // call -> head the office claims (as after a restore)

  sync::TransportResponse post(std::string_view path, const std::string& body, const std::string&) override {
    // No Catch assertions here: called from the engine's send thread.
    if (path != sync::kPushPath) return {404, ""};
    std::lock_guard lock(m_mutex);
    const int call = ++m_calls;
    const sync::PushRequest req = sync::decode_push_request(body);
    m_batches.emplace_back(req.links.front().seq, req.links.back().seq);
    if (const auto f = fail_calls.find(call); f != fail_calls.end()) return {f->second, ""};
    if (const auto h = forget_head_calls.find(call); h != forget_head_calls.end()) {
      m_applied.erase(m_applied.upper_bound(h->second), m_applied.end());
      m_head = h->second;
    }
    sync::PushResponse res;
    res.acked_seq = m_head;
    std::size_t take = req.links.size();
    if (const auto p = partial_calls.find(call); p != partial_calls.end()) take = static_cast<std::size_t>(p->second);
    for (std::size_t i = 0; i < take; ++i) {
      const auto& link = req.links[i];
      if (link.seq <= m_head) {
        res.results.push_back({link.seq, sync::ChangeStatus::applied, ""});
        continue;
      }
      if (link.seq != m_head + 1) {
        sync::ErrorBody gap{"gap", "expected link " + std::to_string(m_head + 1), m_head + 1, false};
        return {409, to_json(gap).dump()};
      }
      ++m_applied[link.seq];
      m_head = link.seq;
      res.results.push_back({link.seq, sync::ChangeStatus::applied, ""});
    }
    res.acked_seq = std::min(m_head, req.links.back().seq);  // as the office: never past what was sent
    return {200, to_json(res).dump()};
  }

  // How many times each seq was applied.
  std::map<std::int64_t, int> applied() {
    std::lock_guard lock(m_mutex);
    return m_applied;
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> batches() {
    std::lock_guard lock(m_mutex);
    return m_batches;
  }

 private:
  std::mutex m_mutex;
  int m_calls = 0;
  std::int64_t m_head = 0;
  std::map<std::int64_t, int> m_applied;
  std::vector<std::pair<std::int64_t, std::int64_t>> m_batches;  // first and last seq of every request
};

Store device_with_notes(const TempDir& dir, ManualClock& clock, int notes) {
  Store store = Store::create(dir / "store.db", kTestKey, clock, {"officer-1", "device-1"});
  store.upsert_case(sample_case());
  for (int i = 0; i < notes; ++i) {
    clock.advance(1000);
    store.add_note("D100001", {NoteCategory::general, std::nullopt, "note " + std::to_string(i)});
  }
  return store;
}

std::int64_t acked_seq(Store& store) { return std::stoll(store.meta("sync.acked_seq").value_or("0")); }

// Every link from 1 to `last` applied exactly once, and nothing else.
void check_applied_once(ScriptedOffice& office, std::int64_t last) {
  const auto applied = office.applied();
  CHECK(static_cast<std::int64_t>(applied.size()) == last);
  for (const auto& [seq, times] : applied) {
    INFO("link " << seq);
    CHECK(seq >= 1);
    CHECK(seq <= last);
    CHECK(times == 1);
  }
}

}  // namespace

TEST_CASE("pipelined push batches reach the office in order, each link once, whatever it answers", "[sync][push]") {
  TempDir dir;
  ManualClock clock(kMarch2);
  Store store = device_with_notes(dir, clock, 23);
  const std::int64_t last = store.audit_links(0, 1000).back().seq;
  REQUIRE(last >= 23);
  sync::SyncOptions opts;
  opts.push_batch = 5;
  ScriptedOffice office;

  SECTION("every batch acknowledged: one request a batch, in order") {
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(report);
    CHECK(report.pushed == last);
    CHECK(acked_seq(store) == last);
    CHECK(store.outbox_pending_count() == 0);
    const auto batches = office.batches();
    REQUIRE(static_cast<std::int64_t>(batches.size()) == (last + 4) / 5);
    for (std::size_t i = 0; i < batches.size(); ++i) CHECK(batches[i].first == static_cast<std::int64_t>(i) * 5 + 1);
    check_applied_once(office, last);
  }
  SECTION("a batch taken in part: the rest is sent from what was taken, not the batch read ahead") {
    office.partial_calls[2] = 2;  // links 6 and 7 of 6..10
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(report);
    CHECK(report.pushed == last);
    CHECK(acked_seq(store) == last);
    const auto batches = office.batches();
    REQUIRE(batches.size() >= 3);
    CHECK(batches[2].first == 8);
    check_applied_once(office, last);
  }
  SECTION("the office answers a gap: the device resends from the office's head") {
    office.forget_head_calls[3] = 4;  // the third batch (11..15) finds the office back at link 4
    sync::SyncReport report;
    sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(report);
    CHECK(acked_seq(store) == last);
    CHECK(store.outbox_pending_count() == 0);
    const auto batches = office.batches();
    REQUIRE(batches.size() >= 4);
    CHECK(batches[3].first == 5);
    check_applied_once(office, last);
  }
  SECTION("a failure with the next batch read ahead: what was acknowledged is recorded, the rest kept and sent later") {
    office.fail_calls[3] = 503;
    sync::SyncReport report;
    CHECK_THROWS_AS(sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(report), Error);
    CHECK(acked_seq(store) == 10);
    CHECK(store.outbox_pending_count() > 0);
    sync::SyncReport again;
    sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(again);
    CHECK(acked_seq(store) == last);
    CHECK(store.outbox_pending_count() == 0);
    check_applied_once(office, last);
  }
  SECTION("acknowledged by the office but not recorded by the device: the repeat is answered, not applied twice") {
    office.fail_calls[4] = 500;
    sync::SyncReport report;
    CHECK_THROWS_AS(sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(report), Error);
    store.record_push_result(5, {});  // as if the device stopped before recording links 6..15
    sync::SyncReport again;
    sync::SyncEngine(store, office, {"device-1", "secret"}, opts).push(again);
    CHECK(acked_seq(store) == last);
    check_applied_once(office, last);
  }
}
