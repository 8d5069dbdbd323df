// Closing the safeguarding loop, end to end: the standing rules run by
// themselves at the office and on tablets, one action per (case, rule,
// kind) everywhere, standing actions close themselves, and oversight is
// decided (or sent back) by the team manager. A real `doorstep-office serve`
// and real tablets (`doorstep-cli`); today is the machine's date.
#include <catch2/catch.hpp>

#include <fstream>

#include "hostile_device.hpp"
#include "support/office_process.hpp"
#include "team_office.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

std::string today() { return utc_date(wall_ms()).to_string(); }
std::string days_ago(int n) { return utc_date(wall_ms() - static_cast<UtcMillis>(n) * 86'400'000).to_string(); }

// The actions in `list` (office `actions --json`, or a tablet's `actions`)
// of this case, rule and kind, with this status ("" for any).
std::vector<json> matching(const json& list, const std::string& crn, const std::string& rule, const std::string& kind,
                           const std::string& status) {
  std::vector<json> out;
  for (const auto& a : list)
    if (a.at("crn") == crn && a.at("rule") == rule && a.at("kind") == kind && (status.empty() || a.at("status") == status))
      out.push_back(a);
  return out;
}

json tablet_actions(const CliDevice& d) { return cli_json(d, {"actions", "--all"}).at("actions"); }

void sync_ok(const CliDevice& d) {
  const auto r = d.sync();
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

// A completed, purposeful visit to A100001 today (its child seen), in which
// the DA perpetrator has a new partner with a young child.
std::string visit_file(const TempDir& dir) {
  const json visit = {
      {"date", today()},
      {"kind", "repeat"},
      {"outcome", "completed"},
      {"answers",
       {{"person_present", "yes"}, {"purpose_explained", "yes"}, {"children_live_at_address", "yes"},
        {"children_present", "yes"}, {"children_seen", "yes"}, {"new_child_contact", "yes"},
        {"child_welfare_concern", "no"}, {"new_relationship", "yes"},
        {"new_relationship_details", "New partner, her son is 2"}, {"partner_pregnant", "no"},
        {"accommodation_status", "settled"}, {"accommodation_change", "no"}, {"employment_lost", "no"},
        {"substance_misuse_increase", "no"}, {"home_conditions", "adequate"}, {"home_conditions_concern", "no"},
        {"signs_of_domestic_abuse", "no"}, {"victim_present", "no"}, {"restriction_breach_suspected", "no"},
        {"officer_safety_concern", "no"}}},
      {"notes", json::array({{{"category", "relationships"}, {"severity", "concern"},
                               {"text", "New partner and her toddler live here now."}}})}};
  const auto path = dir / "visit.json";
  std::ofstream(path) << visit.dump();
  return path.string();
}

}  // namespace

TEST_CASE("an imported elevated case shows its R1 on a new tablet, the office holds one, and a visit closes it",
          "[loop][e2e]") {
  Team t;
  // The office ran the standing rules at import: no command needed.
  auto office = t.office_json({"actions"});
  const auto office_r1 = matching(office, "A100001", "R1", "home_visit", "open");
  REQUIRE(office_r1.size() == 1);

  const auto ana = enrolled_tablet(t, "ana", "ana");
  sync_ok(ana);
  const auto on_tablet = matching(tablet_actions(ana), "A100001", "R1", "home_visit", "open");
  REQUIRE(on_tablet.size() == 1);
  CHECK(on_tablet[0].at("id") == office_r1[0].at("id"));  // one action, the same everywhere
  sync_ok(ana);  // the tablet's own review after the pull raised nothing new
  CHECK(matching(t.office_json({"actions"}), "A100001", "R1", "home_visit", "open").size() == 1);

  // Another of Ana's tablets pushes its own R1 under another id (raised
  // offline from older facts): the office keeps one open, the other merged.
  HostileDevice other(t.office.enroll_code("ana"), "ana's old tablet");
  const std::string dup = make_uuid_v7(wall_ms());
  json dup_action = HostileDevice::action(dup, "A100001", "home_visit", "open");
  dup_action["rule"] = "R1";
  dup_action["reasons"] = {"An initial home visit is due (raised offline)"};
  REQUIRE(other.push(HostileDevice::change("action", dup, "upsert", dup_action)).status ==
          sync::ChangeStatus::applied);
  office = t.office_json({"actions"});
  const auto open_r1 = matching(office, "A100001", "R1", "home_visit", "open");
  REQUIRE(open_r1.size() == 1);
  CHECK(open_r1[0].at("id") == office_r1[0].at("id"));
  CHECK(open_r1[0].at("reasons").dump().find("raised offline") != std::string::npos);
  const auto merged = matching(office, "A100001", "R1", "home_visit", "dismissed");
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].at("id") == dup);
  CHECK_THAT(merged[0].at("dismiss_reason").get<std::string>(), Catch::Contains("Merged into action"));
  sync_ok(ana);
  CHECK(matching(tablet_actions(ana), "A100001", "R1", "home_visit", "open").size() == 1);

  // A purposeful visit closes R1 by itself, on the tablet and at the office.
  const auto recorded = ana.run({"visit", "record", "A100001", visit_file(t.office.dir())});
  INFO(recorded.err);
  REQUIRE(recorded.exit_code == 0);
  const auto closed = matching(tablet_actions(ana), "A100001", "R1", "home_visit", "done");
  REQUIRE(closed.size() == 1);
  CHECK_THAT(closed[0].at("outcome").get<std::string>(),
             Catch::StartsWith("Closed by itself: purposeful home visit on " + today()));
  sync_ok(ana);
  CHECK(matching(t.office_json({"actions"}), "A100001", "R1", "home_visit", "open").empty());
  CHECK(matching(t.office_json({"actions"}), "A100001", "R1", "home_visit", "done").size() == 1);
}

TEST_CASE("a new child in a DA case raises R18 oversight: the officer cannot countersign, the manager sends back "
          "and then countersigns",
          "[loop][oversight][e2e]") {
  Team t;
  const auto ana = enrolled_tablet(t, "ana", "ana");
  sync_ok(ana);
  REQUIRE(ana.run({"visit", "record", "A100001", visit_file(t.office.dir())}).exit_code == 0);
  const auto r18 = matching(tablet_actions(ana), "A100001", "R18", "manager_oversight", "open");
  REQUIRE(r18.size() == 1);
  const std::string id = r18[0].at("id");
  sync_ok(ana);

  const auto own = ana.run({"action", "done", id, "--outcome", "I approve my own work"});
  CHECK(own.exit_code == 79);
  CHECK_THAT(own.err, Catch::Contains("only a manager"));
  CHECK(ana.run({"oversight", "send-back", id, "--reason", "x"}).exit_code == 79);

  const auto mo = enrolled_tablet(t, "mo", "mo");
  sync_ok(mo);
  const auto back = mo.run({"oversight", "send-back", id, "--reason", "Name the partner and ask CSC about her son"});
  INFO(back.err);
  REQUIRE(back.exit_code == 0);
  CHECK(mo.run({"oversight", "send-back", id, "--reason", "   "}).exit_code == 65);
  sync_ok(mo);
  sync_ok(ana);
  const auto returned = matching(tablet_actions(ana), "A100001", "oversight", "oversight_returned", "open");
  REQUIRE(returned.size() == 1);
  CHECK_THAT(returned[0].at("reasons").dump(), Catch::Contains("Name the partner and ask CSC about her son") &&
                                                   Catch::Contains("Sent back by mo"));
  CHECK(matching(tablet_actions(ana), "A100001", "R18", "manager_oversight", "open").size() == 1);  // still awaiting

  REQUIRE(mo.run({"action", "done", id, "--outcome", "Countersigned: partner named, CSC check requested"}).exit_code ==
          0);
  sync_ok(mo);
  const auto office = matching(t.office_json({"actions"}), "A100001", "R18", "manager_oversight", "done");
  REQUIRE(office.size() == 1);
  CHECK(office[0].at("recorded_by") == "mo");
  CHECK(office[0].at("outcome") == "Countersigned: partner named, CSC check requested");
}

TEST_CASE("a callouts result at the office raises R20 and a RoSH review closes it, and a RoSH increase raises R9 once",
          "[loop][office][e2e]") {
  Team t;
  const auto ana = enrolled_tablet(t, "ana", "ana");
  sync_ok(ana);
  t.office.must({"check", "record", "A100002", "police_da_check", "--date", today(), "--result", "callouts_found",
                 "--outcome", "Two callouts in October"});
  auto office = t.office_json({"actions"});
  REQUIRE(matching(office, "A100002", "R20", "rosh_review", "open").size() == 1);
  sync_ok(ana);
  CHECK(matching(tablet_actions(ana), "A100002", "R20", "rosh_review", "open").size() == 1);

  t.office.must({"case", "update", "A100002", "--rosh-reviewed", today()});
  office = t.office_json({"actions"});
  const auto closed = matching(office, "A100002", "R20", "rosh_review", "done");
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].at("outcome") == "Closed by itself: RoSH reviewed on " + today());
  sync_ok(ana);
  CHECK(matching(tablet_actions(ana), "A100002", "R20", "rosh_review", "done").size() == 1);

  // RoSH medium -> high at the office: R9 asks for oversight, once.
  t.office.must({"case", "update", "A100002", "--rosh", "high"});
  t.office.must({"rules", "run"});
  t.office.must({"rules", "run", "--today", days_ago(-1)});
  const auto r9 = matching(t.office_json({"actions"}), "A100002", "R9", "manager_oversight", "");
  REQUIRE(r9.size() == 1);
  CHECK_THAT(r9[0].at("reasons").dump(), Catch::Contains("RoSH increased to high"));
  sync_ok(ana);
  CHECK(matching(tablet_actions(ana), "A100002", "R9", "manager_oversight", "open").size() == 1);
}

TEST_CASE("an unanswered check is chased by R19, and the reply closes the chase", "[loop][checks][e2e]") {
  Team t;
  const auto ana = enrolled_tablet(t, "ana", "ana");
  sync_ok(ana);
  const auto requested = cli_json(ana, {"check", "record", "A100002", "csc_check", "--date", days_ago(14)});
  const auto chase = matching(tablet_actions(ana), "A100002", "R19", "csc_check", "open");
  REQUIRE(chase.size() == 1);
  sync_ok(ana);
  CHECK(matching(t.office_json({"actions"}), "A100002", "R19", "csc_check", "open").size() == 1);

  const auto reply = ana.run({"check", "reply", requested.at("id"), "--date", today(), "--result", "no_information"});
  INFO(reply.err);
  REQUIRE(reply.exit_code == 0);
  const auto done = matching(tablet_actions(ana), "A100002", "R19", "csc_check", "done");
  REQUIRE(done.size() == 1);
  CHECK_THAT(done[0].at("outcome").get<std::string>(), Catch::Contains("children's social care check answered on"));
  sync_ok(ana);
  CHECK(matching(t.office_json({"actions"}), "A100002", "R19", "csc_check", "done").size() == 1);
}
