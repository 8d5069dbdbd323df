// The ConsoleStore contract (core/office/console_store.hpp), one suite run
// against both backends, as the office store's contract is: the console's
// tables in the SQLCipher file, and in the PostgreSQL database (schema
// version 2) with records' payloads sealed.
#include <catch2/catch.hpp>

#include "audit/audit_chain.hpp"
#include "crypto/hash.hpp"
#include "domain/json_codec.hpp"
#include "office/login_throttle.hpp"
#include "office/office_store_backends.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

office::Officer officer(const std::string& id, const std::string& team) {
  office::Officer o;
  o.id = id;
  o.name = "Officer " + id;
  o.team = team;
  return o;
}

Digest256 token(const std::string& seed) { return blake2b_256(seed); }

// A visit as a tablet pushes it: its notes travel as records of their own.
json visit_payload(const Visit& v) {
  json p = to_json(v);
  p.erase("notes");
  return p;
}

// One visit pushed by a device enrolled for `officer_id`, as a tablet would.
void push_visit(office::OfficeStore& store, const std::string& officer_id, const Visit& v) {
  const UtcMillis now = store_now();
  const auto code = blake2b_256(make_uuid_v7(now) + officer_id);
  store.add_enroll_code(code, officer_id, now, now + 3600 * 1000);
  const auto device = store.redeem_enroll_code(code, now, make_uuid_v7(now), blake2b_256("secret"), "tablet");
  const json change = {{"entity", "visit"},
                       {"id", v.id},
                       {"op", "create"},
                       {"hlc", hlc_pack(static_cast<std::uint64_t>(now), 0)},
                       {"payload", visit_payload(v)}};
  const AuditLink link = make_audit_link(std::nullopt, canonical_change(change), officer_id, now, device.id);
  const std::vector<AuditLink> links = {link};
  const auto r = store.apply_push(device, links, now);
  REQUIRE(r.results.size() == 1);
  INFO(r.results.front().reason);
  REQUIRE(r.results.front().status == sync::ChangeStatus::applied);
}

}  // namespace

TEMPLATE_TEST_CASE("Console store contract: passwords and the admin flag, for known officers only", "[console][contract]",
                   SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer(officer("alice", "north"));
  auto console = backend.console();
  CHECK_FALSE(console->password_hash("alice"));
  CHECK_FALSE(console->is_admin("alice"));
  console->set_password_hash("alice", "$argon2id$v=19$m=262144,t=3,p=1$c2FsdA$aGFzaA");
  console->set_admin("alice", true);
  auto other = backend.console();  // another process on the same store
  CHECK(other->password_hash("alice") == "$argon2id$v=19$m=262144,t=3,p=1$c2FsdA$aGFzaA");
  CHECK(other->is_admin("alice"));
  other->set_admin("alice", false);
  CHECK_FALSE(console->is_admin("alice"));
  CHECK(console->password_hash("alice"));  // the flag's change keeps the password
  CHECK(code_of([&] { console->set_password_hash("nobody", "x"); }) == ErrorCode::not_found);
  CHECK(code_of([&] { console->set_admin("nobody", true); }) == ErrorCode::not_found);
  CHECK_FALSE(console->password_hash("nobody"));
}

TEMPLATE_TEST_CASE("Console store contract: sessions by token hash, touched forward only, ended one or all",
                   "[console][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer(officer("alice", "north"));
  auto console = backend.console();
  console->create_session(token("a1"), "alice", 1000);
  console->create_session(token("a2"), "alice", 2000);
  CHECK(code_of([&] { console->create_session(token("x"), "nobody", 1000); }) == ErrorCode::not_found);
  auto other = backend.console();
  const auto s = other->find_session(token("a1"));
  REQUIRE(s);
  CHECK(s->officer_id == "alice");
  CHECK(s->created_at == 1000);
  CHECK(s->last_seen == 1000);
  other->touch_session(token("a1"), 5000);
  other->touch_session(token("a1"), 3000);  // an older clock never moves it back
  CHECK(console->find_session(token("a1"))->last_seen == 5000);
  CHECK_FALSE(console->find_session(token("unknown")));
  console->end_session(token("a1"));
  CHECK_FALSE(other->find_session(token("a1")));
  CHECK(other->find_session(token("a2")));
  console->create_session(token("a3"), "alice", 3000);
  other->end_sessions_of("alice");
  CHECK_FALSE(console->find_session(token("a2")));
  CHECK_FALSE(console->find_session(token("a3")));
}

TEMPLATE_TEST_CASE("Console store contract: five failed sign-ins lock the officer and the address out, for every process",
                   "[console][contract][throttle]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  (void)backend.create();
  auto a = backend.console();
  auto b = backend.console();  // another serve process on the same store
  const UtcMillis now = 1'000'000'000;
  a->record_login_failure("alice", "10.0.0.1", now);
  b->record_login_failure("alice", "10.0.0.1", now + 1);
  a->record_login_failure("alice", "10.0.0.1", now + 2);
  b->record_login_failure("alice", "10.0.0.1", now + 3);
  CHECK(a->login_wait_ms("alice", "10.0.0.9", now + 10) == 0);
  a->record_login_failure("alice", "10.0.0.1", now + 5);
  CHECK(b->login_wait_ms("alice", "10.0.0.9", now + 10) == office::kLoginCooldownMs - 5);  // the officer, anywhere
  CHECK(b->login_wait_ms("bob", "10.0.0.1", now + 10) > 0);   // the address, for anyone
  CHECK(b->login_wait_ms("bob", "10.0.0.2", now + 10) == 0);
  CHECK(a->login_wait_ms("alice", "10.0.0.2", now + 5 + office::kLoginCooldownMs) == 0);

  // Failures older than the window are forgotten; a success clears the count.
  const UtcMillis later = now + 10 * office::kLoginWindowMs;
  for (int i = 0; i < 4; ++i) a->record_login_failure("carol", "10.0.0.3", later + i);
  b->record_login_success("carol", "10.0.0.3");
  a->record_login_failure("carol", "10.0.0.3", later + 10);
  CHECK(a->login_wait_ms("carol", "10.0.0.3", later + 11) == 0);
  for (int i = 0; i < 4; ++i) a->record_login_failure("dave", "10.0.0.4", later + i);
  a->record_login_failure("dave", "10.0.0.4", later + office::kLoginWindowMs + 100);
  CHECK(a->login_wait_ms("dave", "10.0.0.4", later + office::kLoginWindowMs + 101) == 0);
}

TEMPLATE_TEST_CASE("Console store contract: the access log, oldest first, for one case or all", "[console][contract]",
                   SqlcipherBackend, PostgresBackend) {
  TestType backend;
  (void)backend.create();
  auto console = backend.console();
  console->record_access({3000, "alice", "D100002", "/cases/D100002"});
  console->record_accesses({{1000, "bob", "D100001", "/oversight"}, {1000, "bob", "D100002", "/oversight"}});
  console->record_accesses({});
  const auto all = backend.console()->access_log(std::nullopt);
  REQUIRE(all.size() == 3);
  CHECK(all[0].officer_id == "bob");
  CHECK(all[0].crn == "D100001");
  CHECK(all[1].crn == "D100002");
  CHECK(all[1].page == "/oversight");
  CHECK(all[2].at == 3000);
  CHECK(all[2].page == "/cases/D100002");
  const auto one = console->access_log(std::string_view("D100002"));
  REQUIRE(one.size() == 2);
  CHECK(one[0].officer_id == "bob");
  CHECK(one[1].officer_id == "alice");
  CHECK(console->access_log(std::string_view("D999999")).empty());
}

TEMPLATE_TEST_CASE("Console store contract: the case index and the summaries of visits and follow-ups, kept current",
                   "[console][contract]", SqlcipherBackend, PostgresBackend) {
  TestType backend;
  auto store = backend.create();
  store->add_officer(officer("alice", "north"));
  const UtcMillis now = store_now();
  store->import_case(person("D100001", "Ann Example"), "alice", now);
  store->import_case(person("D100002", "Bea Example"), "alice", now);
  auto console = backend.console();
  CHECK(console->visit_summaries().empty());

  Visit v;
  v.id = make_uuid_v7(now);
  v.crn = "D100001";
  v.date = Date::from_ymd(2026, 3, 2);
  v.outcome = VisitOutcome::no_access;
  v.template_id = "home_visit";
  v.template_version = 1;
  push_visit(*store, "alice", v);

  Action a;
  a.id = make_uuid_v7(now + 1);
  a.crn = "D100002";
  a.kind = ActionKind::manager_oversight;
  a.priority = Priority::urgent;
  a.due = Date::from_ymd(2026, 3, 9);
  a.rule = "R7";
  a.reasons = {"elevated case visited"};
  a.visit_id = v.id;
  a.created_at = now;
  a.hlc = hlc_pack(static_cast<std::uint64_t>(now), 1);
  store->write_office_actions("D100002", std::span<const Action>(&a, 1), "office", now);

  const auto index = console->case_index();
  REQUIRE(index.size() == 2);
  CHECK(index[0].crn == "D100001");
  CHECK(index[0].officer_id == "alice");
  CHECK(index[0].hlc != 0);
  CHECK(console->case_officers() == std::vector<std::pair<std::string, std::string>>{{"D100001", "alice"}, {"D100002", "alice"}});

  const auto visits = console->visit_summaries();
  REQUIRE(visits.size() == 1);
  CHECK(visits[0].id == v.id);
  CHECK(visits[0].crn == "D100001");
  CHECK(visits[0].date == v.date);
  CHECK(visits[0].outcome == VisitOutcome::no_access);

  auto actions = console->action_summaries();
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].id == a.id);
  CHECK(actions[0].crn == "D100002");
  CHECK(actions[0].kind == ActionKind::manager_oversight);
  CHECK(actions[0].priority == Priority::urgent);
  CHECK(actions[0].status == ActionStatus::open);
  CHECK(actions[0].due == a.due);
  CHECK(actions[0].rule == "R7");
  CHECK(actions[0].visit_id == v.id);
  CHECK(actions[0].created_on == utc_date(now));

  // Closed at the office: the same console store object sees the change.
  a.status = ActionStatus::done;
  a.outcome = "countersigned";
  a.hlc = hlc_pack(static_cast<std::uint64_t>(now) + 10, 0);
  store->write_office_actions("D100002", std::span<const Action>(&a, 1), "manager", now + 10);
  actions = console->action_summaries();
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].status == ActionStatus::done);
  CHECK(console->visit_summaries().size() == 1);
}
