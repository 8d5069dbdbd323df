// The OfficeStore contract (core/office/office_store.hpp), one suite run
// against both backends: the embedded SQLCipher store and PostgreSQL (a
// throwaway cluster, tests/support/postgres_cluster.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "audit/audit_chain.hpp"
#include "crypto/hash.hpp"
#include "domain/json_codec.hpp"
#include "office/office_store.hpp"
#include "office/office_store_backends.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;
using namespace doorstep::test;
using office::OfficeStore;
using nlohmann::json;

namespace {

// A device enrolled directly in the store, writing a correctly hashed chain.
struct ChainWriter {
  office::Device device;
  std::optional<AuditLink> prev;

  static ChainWriter enroll(OfficeStore& store, const std::string& officer) {
    const UtcMillis now = store_now();
    const auto code = blake2b_256(make_uuid_v7(now) + officer);
    store.add_enroll_code(code, officer, now, now + 3600 * 1000);
    return {store.redeem_enroll_code(code, now, make_uuid_v7(now), blake2b_256("secret"), "tablet of " + officer), {}};
  }

  json note(const std::string& crn, const std::string& text) const {
    return {{"id", make_uuid_v7(store_now())}, {"crn", crn},       {"kind", "entry"},
            {"category", "general"},           {"text", text},     {"author", device.officer_id},
            {"device", device.id},             {"created_at", "2026-03-02T10:00:00.000Z"}};
  }
  static json change(const std::string& entity, const json& payload) {
    return {{"entity", entity},
            {"id", payload.at("id")},
            {"op", "create"},
            {"hlc", hlc_pack(static_cast<std::uint64_t>(store_now()), 0)},
            {"payload", payload}};
  }
  AuditLink link(const json& change_json) {
    AuditLink l = make_audit_link(prev, canonical_change(change_json), device.officer_id, store_now(), device.id);
    prev = l;
    return l;
  }
  sync::PushResponse push(OfficeStore& store, std::vector<AuditLink> links) {
    return store.apply_push(device, links, store_now());
  }
  sync::ChangeResult push_note(OfficeStore& store, const std::string& crn, const std::string& text) {
    const auto r = push(store, {link(change("note", note(crn, text)))});
    REQUIRE(r.results.size() == 1);
    return r.results.front();
  }
};

std::vector<RemoteRecord> pull_all(OfficeStore& store, const office::Device& d, std::string& cursor, int limit = 3) {
  std::vector<RemoteRecord> out;
  for (int page = 0; page < 10000; ++page) {
    const auto r = store.pull(d, cursor, limit);
    out.insert(out.end(), r.records.begin(), r.records.end());
    cursor = r.cursor;
    if (!r.more) break;
  }
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("Office store contract: officers are added once, found and listed", "[office][contract]",
                   SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, "north"});
  store->add_officer({"m1", "Grace Hopper", true, "north"});
  CHECK(code_of([&] { store->add_officer({"o1", "Someone Else", false, std::nullopt}); }) == ErrorCode::conflict);
  const auto o1 = store->find_officer("o1");
  REQUIRE(o1);
  CHECK(o1->name == "Ada Lovelace");
  CHECK(o1->team == std::optional<std::string>("north"));
  CHECK_FALSE(store->find_officer("nobody"));
  const auto all = store->list_officers();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "m1");
  CHECK(all[0].is_manager);
}

TEMPLATE_TEST_CASE("Office store contract: an enrollment code is redeemed once and before it expires",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  const UtcMillis now = store_now();
  const auto code = blake2b_256("code-1");
  CHECK(code_of([&] { store->add_enroll_code(code, "nobody", now, now + 1000); }) == ErrorCode::not_found);
  store->add_enroll_code(code, "o1", now, now + 1000);
  const auto dev = store->redeem_enroll_code(code, now, "dev-1", blake2b_256("s"), "Ada's tablet");
  CHECK(dev.officer_id == "o1");
  CHECK(code_of([&] { (void)store->redeem_enroll_code(code, now, "dev-2", blake2b_256("s"), "x"); }) ==
        ErrorCode::unauthenticated);
  const auto late = blake2b_256("code-2");
  store->add_enroll_code(late, "o1", now, now + 1000);
  CHECK(code_of([&] { (void)store->redeem_enroll_code(late, now + 1000, "dev-3", blake2b_256("s"), "x"); }) ==
        ErrorCode::unauthenticated);
  CHECK(code_of([&] { (void)store->redeem_enroll_code(blake2b_256("unknown"), now, "d", blake2b_256("s"), "x"); }) ==
        ErrorCode::unauthenticated);

  const auto found = store->find_device("dev-1");
  REQUIRE(found);
  CHECK(found->label == "Ada's tablet");
  CHECK(found->secret_hash == blake2b_256("s"));
  CHECK_FALSE(found->revoked_at);
  store->revoke_device("dev-1", now + 5);
  store->revoke_device("dev-1", now + 9);  // harmless, the first time stays
  CHECK(store->find_device("dev-1")->revoked_at == std::optional<UtcMillis>(now + 5));
  CHECK(code_of([&] { store->revoke_device("dev-x", now); }) == ErrorCode::not_found);
  CHECK(store->list_devices().size() == 1);
}

TEMPLATE_TEST_CASE("Office store contract: cases are imported, reassigned and updated with their history",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->add_officer({"o2", "Alan Turing", false, std::nullopt});
  const UtcMillis now = store_now();
  CHECK(code_of([&] { store->import_case(person("X123456", "Jo Bloggs"), "nobody", now); }) == ErrorCode::not_found);
  CHECK(code_of([&] { store->import_case(person("not a crn", "Jo Bloggs"), "o1", now); }) == ErrorCode::bad_input);
  store->import_case(person("X123456", "Jo Bloggs"), "o1", now);
  auto row = store->find_case("X123456");
  REQUIRE(row);
  CHECK(row->facts.name == "Jo Bloggs");
  CHECK(row->assigned_officer == "o1");

  store->assign_case("X123456", "o2");
  CHECK(store->find_case("X123456")->assigned_officer == "o2");
  CHECK(code_of([&] { store->assign_case("X999999", "o2"); }) == ErrorCode::not_found);
  CHECK(code_of([&] { store->assign_case("X123456", "nobody"); }) == ErrorCode::not_found);

  office::CaseUpdate u;
  u.rosh = Rosh::high;
  const Case after = store->update_case("X123456", u, "manager m1", now + 10);
  CHECK(after.rosh == Rosh::high);
  CHECK(store->find_case("X123456")->facts.rosh == Rosh::high);
  const auto history = store->case_history("X123456");
  REQUIRE(history.size() >= 1);
  CHECK(history.back().facts.rosh == Rosh::medium);
  CHECK(history.back().changed_by == "manager m1");
  CHECK(code_of([&] { (void)store->update_case("X999999", u, "x", now); }) == ErrorCode::not_found);

  // A check requested at the office, then its reply.
  office::CheckRecord request;
  request.id = make_uuid_v7(now);
  request.check.kind = CheckKind::csc_check;
  request.check.date = Date::from_ymd(2026, 3, 2);
  store->record_office_check("X123456", request, now + 20);
  office::CheckRecord reply;
  reply.id = make_uuid_v7(now + 1);
  reply.reply_to = request.id;
  reply.check.date = Date::from_ymd(2026, 3, 4);
  reply.check.result = CheckResult::known_open;
  store->record_office_check("X123456", reply, now + 30);
  const auto checks = store->records("check", std::string_view("X123456"));
  REQUIRE(checks.size() == 2);
  CHECK(checks[1].payload.at("kind") == "csc_check");
  office::CheckRecord stray = reply;
  stray.id = make_uuid_v7(now + 2);
  stray.reply_to = "no-such-check";
  CHECK(code_of([&] { store->record_office_check("X123456", stray, now); }) == ErrorCode::not_found);

  // Reopened (another process): all of it is there.
  store.reset();
  auto again = backend.open();
  CHECK(again->find_case("X123456")->facts.rosh == Rosh::high);
  CHECK(again->case_history("X123456").size() == history.size());
}

TEMPLATE_TEST_CASE("Office store contract: many cases are imported in one transaction, all or none",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  const UtcMillis now = store_now();
  const std::vector<Case> bad = {person("X100001", "Jo Bloggs"), person("X100002", "Sam Smith"),
                                 person("X10000", "Short Crn")};
  CHECK(code_of([&] { store->import_cases(bad, "o1", now); }) == ErrorCode::bad_input);
  CHECK_FALSE(store->find_case("X100001"));
  CHECK(code_of([&] { store->import_cases(std::span<const Case>(bad).first(2), "nobody", now); }) ==
        ErrorCode::not_found);
  CHECK_FALSE(store->find_case("X100001"));

  store->import_cases(std::span<const Case>(bad).first(2), "o1", now);
  CHECK(store->find_case("X100001")->facts.name == "Jo Bloggs");
  CHECK(store->find_case("X100002")->assigned_officer == "o1");
  // Both are in the officer's caseload, each once.
  const auto cases = store->records("case", std::nullopt);
  CHECK(cases.size() == 2);
}

TEMPLATE_TEST_CASE("Office store contract: a push is applied once, replays answer the same, gaps and altered links are refused",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X123456", "Jo Bloggs"), "o1", store_now());
  auto w = ChainWriter::enroll(*store, "o1");
  const auto l1 = w.link(ChainWriter::change("note", w.note("X123456", "first visit went well")));
  const auto l2 = w.link(ChainWriter::change("note", w.note("X999999", "not my case")));
  const auto first = w.push(*store, {l1, l2});
  CHECK(first.acked_seq == 2);
  REQUIRE(first.results.size() == 2);
  INFO(first.results[0].reason);
  REQUIRE(first.results[0].status == sync::ChangeStatus::applied);
  CHECK(first.results[1].status == sync::ChangeStatus::rejected);
  // The replay is answered from what was stored.
  const auto replay = w.push(*store, {l1, l2});
  REQUIRE(replay.results.size() == 2);
  CHECK(replay.results[1].status == sync::ChangeStatus::rejected);
  CHECK(replay.results[1].reason == first.results[1].reason);
  CHECK(store->records("note", std::string_view("X123456")).size() == 1);
  CHECK(store->records("note", std::string_view("X123456"))[0].payload.at("text") == "first visit went well");
  CHECK(store->find_device(w.device.id)->last_seq == 2);

  // A gap: link 4 without link 3.
  const auto l3 = w.link(ChainWriter::change("note", w.note("X123456", "third")));
  const auto l4 = w.link(ChainWriter::change("note", w.note("X123456", "fourth")));
  try {
    (void)w.push(*store, {l4});
    FAIL("a gap was accepted");
  } catch (const office::SyncRefusal& e) {
    CHECK(e.kind() == "gap");
    CHECK(e.expected_seq() == std::optional<std::int64_t>(3));
  }
  // An altered earlier link.
  AuditLink altered = l1;
  altered.change = canonical_change(ChainWriter::change("note", w.note("X123456", "rewritten history")));
  altered.hash = audit_link_hash(altered.prev_hash, altered.seq, altered.change, altered.actor, altered.at, altered.device);
  try {
    (void)w.push(*store, {altered});
    FAIL("an altered link was accepted");
  } catch (const office::SyncRefusal& e) {
    CHECK(e.kind() == "chain_broken");
  }
  CHECK(w.push(*store, {l3, l4}).acked_seq == 4);
  // A replay of an earlier batch is acknowledged within that batch, not up
  // to the office's head: a device that sent its next batch before
  // recording this one's answer resends it, and may forget only what it sent.
  const auto old_batch = w.push(*store, {l1, l2});
  CHECK(old_batch.acked_seq == 2);
  CHECK(old_batch.results.size() == 2);

  // Refused changes are listed; the chain verifies as stored.
  const auto refused = store->refused_changes();
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].entity == "note");
  CHECK(refused[0].seq == 2);
  CHECK(refused[0].reason == first.results[1].reason);
  const auto audit = store->verify_audit();
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].result.ok());
  CHECK(audit[0].result.links == 4);

  // A revoked device's push is refused.
  store->revoke_device(w.device.id, store_now());
  const auto l5 = w.link(ChainWriter::change("note", w.note("X123456", "after revocation")));
  CHECK(code_of([&] { (void)w.push(*store, {l5}); }) == ErrorCode::revoked);
}

TEMPLATE_TEST_CASE("Office store contract: a pull pages through the caseload in order and lists it",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, "north"});
  store->add_officer({"o2", "Alan Turing", false, "north"});
  store->add_officer({"m1", "Grace Hopper", true, "north"});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  store->import_case(person("X100002", "Sam Smith"), "o2", store_now());
  auto w1 = ChainWriter::enroll(*store, "o1");
  auto w2 = ChainWriter::enroll(*store, "o2");
  auto manager = ChainWriter::enroll(*store, "m1");
  for (int i = 0; i < 5; ++i) {
    CHECK(w1.push_note(*store, "X100001", "o1 note " + std::to_string(i)).status == sync::ChangeStatus::applied);
    CHECK(w2.push_note(*store, "X100002", "o2 note " + std::to_string(i)).status == sync::ChangeStatus::applied);
  }
  std::string cursor;
  const auto mine = pull_all(*store, w1.device, cursor);
  CHECK(mine.size() == 6);  // the case and its 5 notes
  for (const auto& r : mine) CHECK(r.crn == "X100001");
  CHECK(mine.front().entity == "case");
  const auto last = store->pull(w1.device, cursor, 3);
  CHECK(last.records.empty());
  CHECK(last.caseload == std::vector<std::string>{"X100001"});
  CHECK(code_of([&] { (void)store->pull(w1.device, "not-a-cursor", 3); }) == ErrorCode::bad_input);

  std::string mcursor;
  CHECK(pull_all(*store, manager.device, mcursor).size() == 12);  // the team's cases

  // Reassigning moves the case and its records into the new holder's pulls.
  store->assign_case("X100002", "o1");
  const auto moved = pull_all(*store, w1.device, cursor);
  CHECK(moved.size() == 6);
  std::string fresh;
  CHECK(pull_all(*store, w2.device, fresh).empty());
}

TEMPLATE_TEST_CASE("Office store contract: what devices hold back is replaced on every report",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  auto w = ChainWriter::enroll(*store, "o1");
  const std::vector<sync::HeldReport> held = {{"note", "n1", "X100001", "refers to a visit not yet pulled", true},
                                              {"action", "a1", "X100001", "unknown kind", false}};
  store->record_device_held(w.device.id, held, 1000);
  auto listed = store->device_held();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].record == held[0]);
  CHECK(listed[1].record.reason == "unknown kind");
  CHECK(listed[0].officer_id == "o1");
  store->record_device_held(w.device.id, std::vector<sync::HeldReport>{held[1]}, 2000);
  listed = store->device_held();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].reported_at == 2000);
  store->record_device_held(w.device.id, {}, 3000);
  CHECK(store->device_held().empty());
}

TEMPLATE_TEST_CASE("Office store contract: two store objects on one database never reuse a seq and see each other",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto a = backend.create();
  auto b = backend.open();  // another process's store on the same data
  a->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  b->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  auto wa = ChainWriter::enroll(*a, "o1");
  auto wb = ChainWriter::enroll(*b, "o1");
  std::set<std::string> texts;
  for (int i = 0; i < 10; ++i) {
    const std::string ta = "via a " + std::to_string(i), tb = "via b " + std::to_string(i);
    CHECK(wa.push_note(*a, "X100001", ta).status == sync::ChangeStatus::applied);
    CHECK(wb.push_note(*b, "X100001", tb).status == sync::ChangeStatus::applied);
    texts.insert(ta);
    texts.insert(tb);
  }
  std::string cursor;
  const auto seen = pull_all(*b, wa.device, cursor);
  std::set<std::string> pulled;
  for (const auto& r : seen)
    if (r.entity == "note") pulled.insert(r.payload.at("text").template get<std::string>());
  CHECK(pulled == texts);
  CHECK(a->records("note", std::nullopt).size() == 20);
}

TEMPLATE_TEST_CASE("Office store contract: pushes from many devices at once are each answered as if alone, and a refused one undoes only itself",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  constexpr int kDevices = 6, kPushes = 8, kNotes = 5;
  std::vector<ChainWriter> writers;
  for (int d = 0; d < kDevices; ++d) writers.push_back(ChainWriter::enroll(*store, "o1"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int d = 0; d < kDevices; ++d) {
    threads.emplace_back([&, d] {
      auto& w = writers[static_cast<std::size_t>(d)];
      for (int p = 0; p < kPushes; ++p) {
        std::vector<AuditLink> links;
        for (int n = 0; n < kNotes; ++n)
          links.push_back(w.link(ChainWriter::change(
              "note", w.note("X100001", "device " + std::to_string(d) + " push " + std::to_string(p) + " note " +
                                            std::to_string(n)))));
        if (d % 2 == 0) {
          // First a push that applies two links, then skips one: refused
          // whole, its two applied links undone, the others' pushes kept.
          const auto before = store->find_device(w.device.id)->last_seq;
          try {
            (void)w.push(*store, {links[0], links[1], links[3]});
            ++wrong;
          } catch (const office::SyncRefusal& e) {
            if (e.kind() != "gap" || e.expected_seq() != std::optional<std::int64_t>(links[2].seq)) ++wrong;
          }
          if (store->find_device(w.device.id)->last_seq != before) ++wrong;
        }
        const auto r = w.push(*store, links);
        if (r.acked_seq != links.back().seq || r.results.size() != links.size()) ++wrong;
        for (const auto& c : r.results)
          if (c.status != sync::ChangeStatus::applied) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
  CHECK(store->records("note", std::nullopt).size() == kDevices * kPushes * kNotes);
  for (const auto& w : writers) CHECK(store->find_device(w.device.id)->last_seq == kPushes * kNotes);
  for (const auto& a : store->verify_audit()) CHECK(a.result.ok());
  // Every record once, in a pull that never skips one.
  std::string cursor;
  std::set<std::string> ids;
  for (const auto& r : pull_all(*store, writers[0].device, cursor, 17))
    if (r.entity == "note") ids.insert(r.id);
  CHECK(ids.size() == static_cast<std::size_t>(kDevices * kPushes * kNotes));
}

// Several copies of one push in one group commit: the first applies it, the
// others must see its chain head (not the device's row as read before the
// batch) and answer it as a replay, so no link is stored twice. The copies
// are sent while another device's larger push holds the turn, so they
// queue and mostly share the next batch.
TEMPLATE_TEST_CASE("Office store contract: one device's push sent from several threads at once is applied once and each copy is answered in full",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  auto w = ChainWriter::enroll(*store, "o1");
  auto other = ChainWriter::enroll(*store, "o1");
  constexpr int kRounds = 8, kCopies = 4, kNotes = 3, kOtherNotes = 150;
  std::atomic<int> wrong{0};
  for (int round = 0; round < kRounds; ++round) {
    std::vector<AuditLink> links, others;
    for (int n = 0; n < kNotes; ++n)
      links.push_back(w.link(ChainWriter::change("note", w.note("X100001", "round " + std::to_string(round)))));
    for (int n = 0; n < kOtherNotes; ++n)
      others.push_back(other.link(ChainWriter::change("note", other.note("X100001", "other " + std::to_string(round)))));
    std::vector<std::thread> threads;
    threads.emplace_back([&] {  // holds the turn while the copies queue
      try {
        if (other.push(*store, others).acked_seq != others.back().seq) ++wrong;
      } catch (const std::exception&) {
        ++wrong;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (int c = 0; c < kCopies; ++c)
      threads.emplace_back([&] {
        try {
          const auto r = w.push(*store, links);
          if (r.acked_seq != links.back().seq || r.results.size() != links.size()) ++wrong;
          for (const auto& x : r.results)
            if (x.status != sync::ChangeStatus::applied) ++wrong;
        } catch (const std::exception&) {
          ++wrong;
        }
      });
    for (auto& t : threads) t.join();
  }
  CHECK(wrong == 0);
  CHECK(store->records("note", std::nullopt).size() == static_cast<std::size_t>(kRounds * (kNotes + kOtherNotes)));
  CHECK(store->find_device(w.device.id)->last_seq == kRounds * kNotes);
  for (const auto& a : store->verify_audit()) CHECK(a.result.ok());
}

TEMPLATE_TEST_CASE("Office store contract: a push naming the same note twice, or one already stored, keeps it once",
                   "[office][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer({"o1", "Ada Lovelace", false, std::nullopt});
  store->import_case(person("X100001", "Jo Bloggs"), "o1", store_now());
  auto w = ChainWriter::enroll(*store, "o1");
  const json first = w.note("X100001", "the first words");
  REQUIRE(w.push(*store, {w.link(ChainWriter::change("note", first))}).results.at(0).status ==
          sync::ChangeStatus::applied);
  json again = first;
  again["text"] = "other words under the same id";
  json twice = w.note("X100001", "said twice in one push");
  json amendment = w.note("X100001", "an amendment of the first");
  amendment["kind"] = "amendment";
  amendment["refers_to"] = first.at("id");
  amendment["reason"] = "typo";
  const auto r = w.push(*store, {w.link(ChainWriter::change("note", again)), w.link(ChainWriter::change("note", twice)),
                                 w.link(ChainWriter::change("note", twice)), w.link(ChainWriter::change("note", amendment))});
  REQUIRE(r.results.size() == 4);
  for (const auto& c : r.results) {
    INFO(c.reason);
    CHECK(c.status == sync::ChangeStatus::applied);
  }
  std::map<std::string, std::string> text_of;
  for (const auto& n : store->records("note", std::string_view("X100001")))
    text_of[n.id] = n.payload.at("text").template get<std::string>();
  CHECK(text_of.size() == 3);
  CHECK(text_of[first.at("id").template get<std::string>()] == "the first words");
  CHECK(text_of[twice.at("id").template get<std::string>()] == "said twice in one push");
  // A reference to a note that is not stored is refused (the prefetch found nothing).
  json dangling = w.note("X100001", "refers to nothing stored");
  dangling["kind"] = "amendment";
  dangling["refers_to"] = make_uuid_v7(store_now());
  dangling["reason"] = "typo";
  const auto d = w.push(*store, {w.link(ChainWriter::change("note", dangling))});
  CHECK(d.results.at(0).status == sync::ChangeStatus::rejected);
}

TEMPLATE_TEST_CASE("Office store contract: pulls in small pages between pushes and reassignments miss nothing",
                   "[office][contract][pull]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  const std::vector<std::string> officers = {"o1", "o2", "o3"};
  for (const auto& o : officers) store->add_officer({o, "Officer " + o, false, "north"});
  std::map<std::string, ChainWriter> writers;
  for (const auto& o : officers) writers.emplace(o, ChainWriter::enroll(*store, o));
  auto reader = ChainWriter::enroll(*store, "o1");
  std::map<std::string, std::string> holder;  // crn -> officer
  for (int i = 0; i < 8; ++i) {
    const std::string crn = "X2000" + std::to_string(10 + i);
    holder[crn] = officers[static_cast<std::size_t>(i) % officers.size()];
    store->import_case(person(crn, "Person " + std::to_string(i)), holder[crn], store_now());
  }
  // What the reader's device holds: (entity, id) -> the record's payload as pulled last.
  std::map<std::pair<std::string, std::string>, std::string> held;
  std::string cursor;
  std::vector<std::string> caseload;
  const auto pull_to_end = [&](int limit) {
    for (int page = 0; page < 10000; ++page) {
      const auto r = store->pull(reader.device, cursor, limit);
      for (const auto& rec : r.records) held[{rec.entity, rec.id}] = rec.payload.dump();
      REQUIRE((r.more || !r.records.empty() || r.cursor == cursor));
      cursor = r.cursor;
      if (!r.more) {
        caseload = r.caseload;
        return;
      }
    }
    FAIL("the pull never ended");
  };
  // Everything in the reader's caseload, as the office holds it now, is held as pulled.
  const auto check_converged = [&] {
    std::vector<std::string> mine;
    for (const auto& [crn, o] : holder)
      if (o == "o1") mine.push_back(crn);
    CHECK(caseload == mine);
    for (const auto& crn : mine)
      for (const char* entity : {"case", "note"})
        for (const auto& rec : store->records(entity, std::string_view(crn))) {
          const auto it = held.find({rec.entity, rec.id});
          REQUIRE(it != held.end());
          CHECK(it->second == rec.payload.dump());
        }
  };
  std::uint32_t rng = 12345;
  const auto next = [&rng](std::uint32_t n) {
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
  };
  for (int round = 0; round < 30; ++round) {
    const int events = 1 + static_cast<int>(next(6));
    for (int e = 0; e < events; ++e) {
      auto it = holder.begin();
      std::advance(it, next(static_cast<std::uint32_t>(holder.size())));
      if (next(4) == 0) {  // a reassignment: the case's old records must arrive with it
        it->second = officers[next(static_cast<std::uint32_t>(officers.size()))];
        store->assign_case(it->first, it->second);
      } else {
        CHECK(writers.at(it->second).push_note(*store, it->first, "round " + std::to_string(round)).status ==
              sync::ChangeStatus::applied);
      }
    }
    // Sometimes a partial pull between events: the cursor then sits mid-caseload.
    if (next(3) == 0) {
      const auto r = store->pull(reader.device, cursor, 1);
      for (const auto& rec : r.records) held[{rec.entity, rec.id}] = rec.payload.dump();
      cursor = r.cursor;
    }
    pull_to_end(1 + static_cast<int>(next(4)));
    check_converged();
  }
  // A fresh device pulling in one page gets exactly what the paged one holds for its caseload.
  auto fresh = ChainWriter::enroll(*store, "o1");
  std::string fresh_cursor;
  std::set<std::pair<std::string, std::string>> fresh_keys;
  for (const auto& rec : pull_all(*store, fresh.device, fresh_cursor, 2000)) {
    CHECK(fresh_keys.insert({rec.entity, rec.id}).second);  // never sent twice in one pull
    CHECK(std::find(caseload.begin(), caseload.end(), rec.crn) != caseload.end());
  }
  std::size_t expected = 0;
  for (const auto& crn : caseload)
    for (const char* entity : {"case", "note"}) expected += store->records(entity, std::string_view(crn)).size();
  CHECK(fresh_keys.size() == expected);
}
