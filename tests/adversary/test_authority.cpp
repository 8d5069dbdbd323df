// The authority model against a real `doorstep-office serve` process: a
// hand-written protocol client (an enrolled device turned hostile) and real
// tablets (`doorstep-cli`). Each TEST_CASE is one row of issue 8's table;
// docs/security.md names them.
#include <catch2/catch.hpp>

#include <limits>

#include "hostile_device.hpp"
#include "support/office_process.hpp"
#include "team_office.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;


TEST_CASE("row 4: a device cannot decide another officer's follow-up by claiming a CRN of its own caseload",
          "[adversary][authority]") {
  Team t;
  HostileDevice bo(t.office.enroll_code("bo"));
  const std::string action_id = make_uuid_v7(wall_ms());
  REQUIRE(bo.push(HostileDevice::change("action", action_id, "upsert",
                                        HostileDevice::action(action_id, "B100001", "rosh_review", "open")))
              .status == sync::ChangeStatus::applied);

  HostileDevice ana(t.office.enroll_code("ana"));
  const auto r = ana.push(HostileDevice::change("action", action_id, "upsert",
                                                HostileDevice::action(action_id, "A100001", "rosh_review", "dismissed")));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("does not match the case"));
  const auto action = action_with_id(t.office_json({"actions"}), action_id);
  CHECK(action.at("status") == "open");
  CHECK(action.at("crn") == "B100001");
}

TEST_CASE("row 5: a device cannot change office-owned case facts, and other tablets keep the office's",
          "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  const auto records = ana.pull_all();
  json kase;
  for (const auto& rec : records)
    if (rec.entity == "case" && rec.id == "A100001") kase = rec.payload;
  REQUIRE(kase.is_object());
  kase["rosh"] = "low";
  kase["child_protection"] = "none";
  kase.erase("cp_next_meeting");
  kase["alerts"] = json::array();
  const auto r = ana.push(HostileDevice::change("case", "A100001", "upsert", kase));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("kept by the office"));

  // Adding an alert (device-owned) is fine; removing one is not possible.
  json added = records.front().payload;
  for (const auto& rec : records)
    if (rec.entity == "case" && rec.id == "A100001") added = rec.payload;
  added["alerts"] = json::array({"officer safety: partner hostile to staff"});
  CHECK(ana.push(HostileDevice::change("case", "A100001", "upsert", added)).status == sync::ChangeStatus::applied);

  const auto tablet = enrolled_tablet(t, "ana", "other");
  REQUIRE(tablet.sync().exit_code == 0);
  const auto shown = cli_json(tablet, {"case", "show", "A100001"});
  const auto& facts = shown.contains("case") ? shown.at("case") : shown;
  CHECK(facts.at("rosh") == "high");
  CHECK(facts.at("child_protection") == "cp_plan");
  CHECK(facts.at("alerts") ==
        json::array({"officer safety: dog at the address", "officer safety: partner hostile to staff"}));
}

TEST_CASE("row 6: a change from far in the future is refused and no clock wraps", "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  auto r = ana.push(HostileDevice::change("note", "", "create", {}, std::numeric_limits<HlcValue>::max()));
  // (an empty note is refused for its payload; the clock check comes first)
  CHECK(r.status == sync::ChangeStatus::rejected);
  json note = ana.note("A100001", "from the future");
  r = ana.push(HostileDevice::change("note", note.at("id"), "create", note, std::numeric_limits<HlcValue>::max()));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::StartsWith("clock_skew"));
  const auto ahead = hlc_pack(static_cast<std::uint64_t>(wall_ms() + 10 * 60 * 1000), 0);
  note = ana.note("A100001", "ten minutes ahead");
  r = ana.push(HostileDevice::change("note", note.at("id"), "create", note, ahead));
  CHECK_THAT(r.reason, Catch::StartsWith("clock_skew"));
  CHECK(t.office_json({"notes", "A100001"}).empty());

  // A real tablet syncs, writes and syncs again: its clock did not wrap.
  const auto tablet = enrolled_tablet(t, "ana", "real");
  REQUIRE(tablet.sync().exit_code == 0);
  REQUIRE(tablet.run({"note", "add", "A100001", "--category", "general", "an ordinary note"}).exit_code == 0);
  REQUIRE(tablet.sync().exit_code == 0);
  CHECK(t.office_json({"notes", "A100001"}).size() == 1);
}

TEST_CASE("row 7: records other devices could not apply are refused, so every device keeps syncing",
          "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  const std::string aid = make_uuid_v7(wall_ms());
  json action = HostileDevice::action(aid, "A100001", "rosh_review", "open");
  action["visit_id"] = make_uuid_v7(wall_ms());
  auto r = ana.push(HostileDevice::change("action", aid, "upsert", action));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("no such visit"));

  const std::string vid = make_uuid_v7(wall_ms());
  json visit = {{"id", vid}, {"crn", "A100001"}, {"date", "2026-03-02"}, {"outcome", "completed"}, {"notes", 7}};
  r = ana.push(HostileDevice::change("visit", vid, "create", visit));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("visit.notes"));

  const std::string nid = make_uuid_v7(wall_ms());
  json amend = ana.note("A100001", "amends nothing");
  amend["id"] = nid;
  amend["kind"] = "amendment";
  amend["refers_to"] = make_uuid_v7(wall_ms());
  r = ana.push(HostileDevice::change("note", nid, "create", amend));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("no such note"));

  const auto tablet = enrolled_tablet(t, "ana", "real");
  const auto s = tablet.sync();
  INFO(s.err);
  CHECK(s.exit_code == 0);
}

TEST_CASE("row 8: the office stamps its own receipt time beside the device's", "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  json note = ana.note("A100001", "claims to be old");
  const UtcMillis y2020 = 1'583'020'800'000;  // 2020-03-01
  REQUIRE(ana.push(HostileDevice::change("note", note.at("id"), "create", note), y2020).status ==
          sync::ChangeStatus::applied);
  const auto notes = t.office_json({"notes", "A100001"});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].at("recorded_at").get<std::string>().starts_with("2020-03-01"));
  const auto received = notes[0].at("received_at").get<std::string>();
  CHECK(received.substr(0, 4) != "2020");
  CHECK(received.substr(0, 10) == format_utc(wall_ms()).substr(0, 10));
  const auto plain = t.office.must({"notes", "A100001"});
  CHECK_THAT(plain, Catch::Contains("received " + received.substr(0, 10)));
  // The chain's own time going backwards is flagged in the audit.
  json second = ana.note("A100001", "earlier still");
  REQUIRE(ana.push(HostileDevice::change("note", second.at("id"), "create", second), y2020 - 1000).status ==
          sync::ChangeStatus::applied);
  const auto audit = t.office_json({"audit", "verify"});
  bool flagged = false;
  for (const auto& d : audit)
    for (const auto& f : d.value("flagged", json::array())) flagged = flagged || f.at("flags") == "at_backwards";
  CHECK(flagged);
}

TEST_CASE("row 9: work written before a reassignment is accepted and reaches the new owner",
          "[adversary][authority]") {
  Team t;
  const auto ana = enrolled_tablet(t, "ana", "ana");
  REQUIRE(ana.sync().exit_code == 0);
  REQUIRE(ana.run({"note", "add", "A100002", "--category", "general", "written before the move"}).exit_code == 0);
  t.office.must({"case", "assign", "A100002", "bo"});
  const auto s = ana.sync();
  INFO(s.out << s.err);
  CHECK(s.exit_code == 0);
  const auto bo = enrolled_tablet(t, "bo", "bo");
  REQUIRE(bo.sync().exit_code == 0);
  const auto notes = cli_json(bo, {"note", "list", "A100002"}).at("notes");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].at("text") == "written before the move");
}

TEST_CASE("row 10: an unknown CRN and another officer's CRN get the same answer", "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  json mine_not = ana.note("B100001", "probe");
  json unknown = ana.note("Z999999", "probe");
  const auto a = ana.push(HostileDevice::change("note", mine_not.at("id"), "create", mine_not));
  const auto b = ana.push(HostileDevice::change("note", unknown.at("id"), "create", unknown));
  CHECK(a.status == sync::ChangeStatus::rejected);
  CHECK(b.status == sync::ChangeStatus::rejected);
  std::string ra = a.reason, rb = b.reason;
  ra.replace(ra.find("B100001"), 7, "CRN");
  rb.replace(rb.find("Z999999"), 7, "CRN");
  CHECK(ra == rb);
}

TEST_CASE("a second tablet enrolled later receives every note written before it, however the case changed since",
          "[adversary][convergence]") {
  Team t;
  const auto first = enrolled_tablet(t, "ana", "first");
  REQUIRE(first.sync().exit_code == 0);
  for (int i = 0; i < 5; ++i)
    REQUIRE(first.run({"note", "add", "A100001", "--category", "general", "note " + std::to_string(i)}).exit_code == 0);
  REQUIRE(first.sync().exit_code == 0);
  // The office rewrites the case afterwards (a re-import), so it sorts
  // after its notes in the change order.
  t.office.import_cases(kCases, "ana");
  const auto second = enrolled_tablet(t, "ana", "second");
  const auto s = second.run({"--json", "sync"});
  INFO(s.err);
  CHECK(s.exit_code == 0);
  CHECK(cli_json(second, {"note", "list", "A100001"}).at("notes").size() == 5);
}

TEST_CASE("only a manager of the case officer's team decides manager oversight", "[adversary][authority]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  const std::string id = make_uuid_v7(wall_ms());
  REQUIRE(ana.push(HostileDevice::change("action", id, "upsert",
                                         HostileDevice::action(id, "A100001", "manager_oversight", "open")))
              .status == sync::ChangeStatus::applied);
  auto r = ana.push(HostileDevice::change("action", id, "upsert",
                                          HostileDevice::action(id, "A100001", "manager_oversight", "done")));
  CHECK(r.status == sync::ChangeStatus::rejected);
  CHECK_THAT(r.reason, Catch::Contains("only a manager"));
  HostileDevice bo(t.office.enroll_code("bo"));  // same team, not a manager
  r = bo.push(HostileDevice::change("action", id, "upsert",
                                    HostileDevice::action(id, "A100001", "manager_oversight", "done")));
  CHECK(r.status == sync::ChangeStatus::rejected);
  HostileDevice mo(t.office.enroll_code("mo"));
  // A manager writes oversight decisions and notes, nothing else.
  json visit = {{"id", make_uuid_v7(wall_ms())}, {"crn", "A100001"}, {"date", "2026-03-02"}, {"outcome", "completed"}};
  CHECK(mo.push(HostileDevice::change("visit", visit.at("id"), "create", visit)).status ==
        sync::ChangeStatus::rejected);
  r = mo.push(HostileDevice::change("action", id, "upsert",
                                    HostileDevice::action(id, "A100001", "manager_oversight", "done")));
  CHECK(r.status == sync::ChangeStatus::applied);
  CHECK(action_with_id(t.office_json({"actions"}), id).at("status") == "done");
}

TEST_CASE("admin commands beside a running server never break pushes or hide records from pulls",
          "[adversary][convergence]") {
  Team t;
  const auto tablet = enrolled_tablet(t, "ana", "ana");
  REQUIRE(tablet.sync().exit_code == 0);
  for (int round = 0; round < 3; ++round) {
    // Another process writes to the office store while serve runs.
    t.office.import_cases(kCases, "ana");
    t.office.must({"case", "assign", "B100001", round % 2 == 0 ? "ana" : "bo"});
    REQUIRE(tablet.run({"note", "add", "A100001", "--category", "general", "round " + std::to_string(round)})
                .exit_code == 0);
    const auto s = tablet.sync();
    INFO(s.out << s.err);
    REQUIRE(s.exit_code == 0);
  }
  CHECK(t.office_json({"notes", "A100001"}).size() == 3);
  const auto second = enrolled_tablet(t, "ana", "second");
  REQUIRE(second.sync().exit_code == 0);
  CHECK(cli_json(second, {"note", "list", "A100001"}).at("notes").size() == 3);
}

TEST_CASE("case facts change at the office, with history, and reach tablets, and bad values change nothing",
          "[office][case-update]") {
  Team t;
  const auto tablet = enrolled_tablet(t, "ana", "ana");
  REQUIRE(tablet.sync().exit_code == 0);
  // Bad input names the option and writes nothing.
  auto bad = t.office.admin({"case", "update", "A100002", "--rosh", "extreme"});
  CHECK(bad.exit_code == 65);
  CHECK_THAT(bad.err, Catch::Contains("--rosh"));
  bad = t.office.admin({"case", "update", "A100002", "--cp-next-meeting", "2026-02-30"});
  CHECK(bad.exit_code == 65);
  CHECK_THAT(bad.err, Catch::Contains("--cp-next-meeting"));
  CHECK(t.office.admin({"case", "update", "Z999999", "--rosh", "high"}).exit_code == 66);
  CHECK(t.office_json({"case", "history", "A100002"}).empty());

  const auto changed = t.office_json({"case", "update", "A100002", "--rosh", "very_high", "--cp", "cp_plan",
                                      "--cp-next-meeting", "2026-04-02", "--add-restriction", "curfew",
                                      "--add-alert", "officer safety: two staff", "--by", "mo"});
  CHECK(changed.at("changed") == json::array({"alerts", "child_protection", "cp_next_meeting", "restrictions", "rosh"}));
  const auto history = t.office_json({"case", "history", "A100002"});
  REQUIRE(history.size() == 1);
  CHECK(history[0].at("changed_by") == "mo");
  CHECK(history[0].at("facts").at("rosh") == "medium");

  REQUIRE(tablet.sync().exit_code == 0);
  const auto shown = cli_json(tablet, {"case", "show", "A100002"});
  const auto& facts = shown.contains("case") ? shown.at("case") : shown;
  CHECK(facts.at("rosh") == "very_high");
  CHECK(facts.at("child_protection") == "cp_plan");
  CHECK(facts.at("restrictions") == json::array({"curfew"}));
}

TEST_CASE("an officer's countersign is refused on the tablet with its own exit code, and the team manager's lands",
          "[adversary][oversight]") {
  Team t;
  HostileDevice raiser(t.office.enroll_code("ana"));  // stands in for the rules on Ana's other tablet
  const std::string id = make_uuid_v7(wall_ms());
  REQUIRE(raiser.push(HostileDevice::change("action", id, "upsert",
                                            HostileDevice::action(id, "A100001", "manager_oversight", "open")))
              .status == sync::ChangeStatus::applied);
  const auto ana = enrolled_tablet(t, "ana", "ana");
  REQUIRE(ana.sync().exit_code == 0);
  const auto refused = ana.run({"action", "done", id, "--outcome", "I approve my own work"});
  CHECK(refused.exit_code == 79);
  CHECK_THAT(refused.err, Catch::Contains("only a manager"));
  CHECK(ana.sync().exit_code == 0);  // nothing was written, so nothing is refused either

  const auto mo = enrolled_tablet(t, "mo", "mo");
  REQUIRE(mo.sync().exit_code == 0);
  const auto signed_off = mo.run({"action", "done", id, "--outcome", "Countersigned: plan agreed"});
  INFO(signed_off.err);
  CHECK(signed_off.exit_code == 0);
  CHECK(mo.sync().exit_code == 0);
  const auto action = action_with_id(t.office_json({"actions"}), id);
  CHECK(action.at("status") == "done");
  CHECK(action.at("outcome") == "Countersigned: plan agreed");
  REQUIRE(ana.sync().exit_code == 0);
  const auto on_ana = cli_json(ana, {"actions", "--all"});
  CHECK(on_ana.dump().find("Countersigned: plan agreed") != std::string::npos);
}

TEST_CASE("a check requested on one tablet and answered later reaches the office and every tablet with its result",
          "[office][checks]") {
  Team t;
  const auto ana = enrolled_tablet(t, "ana", "ana");
  REQUIRE(ana.sync().exit_code == 0);
  const auto requested = cli_json(ana, {"check", "record", "A100002", "csc_check", "--date", "2026-03-02"});
  const std::string id = requested.at("id");
  auto s = ana.sync();
  INFO(s.out << s.err);
  REQUIRE(s.exit_code == 0);
  REQUIRE(ana.run({"check", "reply", id, "--date", "2026-03-06", "--result", "known_open", "--outcome",
                   "Open to children's social care; social worker allocated"})
              .exit_code == 0);
  s = ana.sync();
  INFO(s.out << s.err);
  REQUIRE(s.exit_code == 0);
  CHECK(t.office_json({"quarantine"}).at("refused_by_office").empty());

  const auto other = enrolled_tablet(t, "ana", "other");
  REQUIRE(other.sync().exit_code == 0);
  const auto shown = cli_json(other, {"case", "show", "A100002"});
  const auto& facts = shown.contains("case") ? shown.at("case") : shown;
  REQUIRE(facts.at("checks").size() == 1);
  const auto& check = facts.at("checks")[0];
  CHECK(check.at("id") == id);
  CHECK(check.at("result") == "known_open");
  CHECK(check.at("replied_on") == "2026-03-06");
}

TEST_CASE("the office records a check and its reply, tablets see them, and bad values write nothing",
          "[office][checks]") {
  Team t;
  CHECK(t.office.admin({"check", "record", "A100002", "csc_check", "--date", "2026-13-01"}).exit_code == 65);
  CHECK(t.office.admin({"check", "record", "A100002", "csc_check", "--date", "2026-03-01", "--result", "maybe"})
            .exit_code == 65);
  CHECK(t.office.admin({"check", "reply", "A100002", "01900000-0000-7000-8000-000000000009", "--date", "2026-03-02",
                        "--result", "known_open"})
            .exit_code == 66);
  const auto made = t.office_json({"check", "record", "A100002", "police_da_check", "--date", "2026-03-01"});
  CHECK(made.at("awaiting_reply") == true);
  const std::string id = made.at("id");
  REQUIRE(t.office.admin({"check", "reply", "A100002", id, "--date", "2026-03-04", "--result", "callouts_found",
                          "--outcome", "Two callouts in 2025"})
              .exit_code == 0);
  const auto tablet = enrolled_tablet(t, "ana", "ana");
  REQUIRE(tablet.sync().exit_code == 0);
  const auto shown = cli_json(tablet, {"case", "show", "A100002"});
  const auto& facts = shown.contains("case") ? shown.at("case") : shown;
  REQUIRE(facts.at("checks").size() == 1);
  CHECK(facts.at("checks")[0].at("kind") == "police_da_check");
  CHECK(facts.at("checks")[0].at("result") == "callouts_found");
}

TEST_CASE("people met at the door: a malformed or oversized person is refused with nothing written, a valid one "
          "joins the household and reaches the officer's other tablet",
          "[adversary][authority][people]") {
  Team t;
  HostileDevice ana(t.office.enroll_code("ana"));
  json kase;
  for (const auto& rec : ana.pull_all())
    if (rec.entity == "case" && rec.id == "A100001") kase = rec.payload;
  REQUIRE(kase.is_object());
  const auto with_person = [&](json person) {
    json c = kase;
    c["household"].push_back(std::move(person));
    return c;
  };
  const json sam = {{"name", "Sam Jones"}, {"relationship", "partner"}, {"date_of_birth", "1990-05-01"},
                    {"residence", "stays_over"}, {"address_elsewhere", "4 Quay Street, Cardigan"}};
  const auto refused = [&](json c, const std::string& says) {
    const auto r = ana.push(HostileDevice::change("case", "A100001", "upsert", std::move(c)));
    INFO(says);
    CHECK(r.status == sync::ChangeStatus::rejected);
    CHECK_THAT(r.reason, Catch::Contains(says));
  };
  json p = sam;
  p["name"] = std::string(10'000, 'x');
  refused(with_person(p), "case.household[1].name: longer than 200 bytes");
  p = sam;
  p["name"] = "   ";
  refused(with_person(p), "case.household[1].name: write the person's name");
  p = sam;
  p["date_of_birth"] = "2999-01-01";
  refused(with_person(p), "case.household[1].date_of_birth: is in the future");
  p = sam;
  p["date_of_birth"] = "1900-01-01";
  refused(with_person(p), "case.household[1].date_of_birth: is more than 120 years ago");
  p = sam;
  p["date_of_birth"] = "1990-02-30";
  refused(with_person(p), "case.household[1].date_of_birth");
  p = sam;
  p["age"] = 150;
  refused(with_person(p), "case.household[1].age");
  p = sam;
  p["residence"] = "lives_here";
  refused(with_person(p), "case.household[1].address_elsewhere: someone who lives here has no address elsewhere");
  p = sam;
  p["address_elsewhere"] = std::string(600, 'a');
  refused(with_person(p), "case.household[1].address_elsewhere");
  p = sam;
  p["residence"] = "under_the_stairs";
  refused(with_person(p), "case.household[1].residence");
  p = sam;
  p["shoe_size"] = 9;
  refused(with_person(p), "case.household[1].shoe_size");
  json crowd = kase;
  for (int i = 0; i < 101; ++i) crowd["household"].push_back({{"name", "P" + std::to_string(i)}, {"relationship", "other_adult"}});
  refused(crowd, "case.household: more than 100 people");

  // A visit carrying a bad person present is refused the same way.
  const std::string visit_id = make_uuid_v7(wall_ms());
  json bad_dob = sam;
  bad_dob["date_of_birth"] = "2026-12-31";
  const json visit = {{"id", visit_id},      {"crn", "A100001"}, {"date", "2026-03-02"}, {"outcome", "completed"},
                      {"answers", json::object()}, {"people_present", json::array({bad_dob})}};
  const auto rv = ana.push(HostileDevice::change("visit", visit_id, "create", visit));
  CHECK(rv.status == sync::ChangeStatus::rejected);
  CHECK_THAT(rv.reason, Catch::Contains("visit.people_present[0].date_of_birth: is in the future"));

  // Nothing was written: another tablet of Ana's sees the household as imported.
  const auto tablet = enrolled_tablet(t, "ana", "other");
  REQUIRE(tablet.sync().exit_code == 0);
  auto brief = cli_json(tablet, {"briefing", "A100001"});
  REQUIRE(brief.at("expected_household").size() == 1);
  CHECK(brief.at("expected_household")[0].at("name") == "Kim");

  // The valid person joins the household at the office and reaches the other tablet.
  REQUIRE(ana.push(HostileDevice::change("case", "A100001", "upsert", with_person(sam))).status ==
          sync::ChangeStatus::applied);
  REQUIRE(tablet.sync().exit_code == 0);
  brief = cli_json(tablet, {"briefing", "A100001"});
  json found;
  for (const auto& q : brief.at("expected_household"))
    if (q.at("name") == "Sam Jones") found = q;
  REQUIRE(found.is_object());
  CHECK(found.at("residence") == "stays_over");
  CHECK(found.at("address_elsewhere") == "4 Quay Street, Cardigan");
}
