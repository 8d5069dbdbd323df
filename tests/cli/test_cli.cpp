// doorstep-cli end to end, run as a user or a script would run it: real
// processes, real store folders, exit codes and messages checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "support/run_process.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep::test;
using nlohmann::json;

namespace {

constexpr const char* kPass = "a long and memorable passphrase";

class CliUser {
 public:
  explicit CliUser(const TempDir& dir) : m_store((dir / "tablet").string()) {}

  ProcessResult run(std::vector<std::string> args, const std::string& passphrase = kPass,
                    const std::string& stdin_text = "") const {
    std::vector<std::string> argv = {DOORSTEP_CLI, "--store", m_store};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"DOORSTEP_PASSPHRASE", passphrase}, {"DOORSTEP_NEW_PASSPHRASE", passphrase}},
                       stdin_text);
  }
  json run_json(std::vector<std::string> args) const {
    args.insert(args.begin(), "--json");
    const auto r = run(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
  [[nodiscard]] std::filesystem::path store_file() const { return std::filesystem::path(m_store) / "store.db"; }

 private:
  std::string m_store;
};

std::string write_file(const TempDir& dir, const std::string& name, const json& j) {
  const auto path = (dir / name).string();
  std::ofstream(path) << j.dump(2);
  return path;
}

json two_cases() {
  return json::parse(R"([
    {"crn": "D100001", "name": "Douglas Reed", "rosh": "medium", "domestic_abuse_perpetrator": true,
     "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
     "checks": [{"kind": "csc_check", "date": "2026-01-20", "outcome": "not known"},
                {"kind": "police_da_check", "date": "2026-01-20", "outcome": "two callouts 2024"}]},
    {"crn": "N100008", "name": "Nina Shaw", "rosh": "medium", "child_protection": "concerns",
     "sentence": {"type": "community_order", "start": "2026-07-06"},
     "household": [{"name": "Tia Shaw", "relationship": "child", "age": 6, "lives_at_address": true}]}
  ])");
}

// A completed visit that answers every required item of home-visit v1.
json complete_visit() {
  return json::parse(R"({"date": "2026-03-02", "kind": "repeat", "outcome": "completed",
    "answers": {"person_present": "yes", "children_live_at_address": "no", "children_present": "no",
      "new_child_contact": "yes", "child_welfare_concern": "no", "new_relationship": "yes",
      "new_relationship_details": "New partner with four children", "partner_pregnant": "no",
      "accommodation_status": "settled", "accommodation_change": "no", "employment_lost": "no",
      "substance_misuse_increase": "no", "home_conditions": "adequate", "home_conditions_concern": "no",
      "signs_of_domestic_abuse": "no", "victim_present": "no", "restriction_breach_suspected": "no",
      "officer_safety_concern": "no", "purpose_explained": "yes"},
    "notes": [{"category": "relationships", "severity": "concern", "text": "Moved in with a new partner."}]})");
}

}  // namespace

TEST_CASE("an officer records a visit, closes a follow-up and exports the case", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--officer", "ana", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  CHECK(cli.run_json({"case", "list"})["cases"].size() == 2);

  const auto visit = cli.run({"visit", "record", "D100001", write_file(dir, "visit.json", complete_visit())});
  INFO(visit.err);
  REQUIRE(visit.exit_code == 0);
  CHECK_THAT(visit.out, Catch::Contains("police_da_check") && Catch::Contains("R5b"));

  const json actions = cli.run_json({"actions", "D100001"})["actions"];
  std::string da_check;
  for (const auto& a : actions) {
    if (a["kind"] == "police_da_check") da_check = a["id"];
  }
  REQUIRE_FALSE(da_check.empty());
  // A check follow-up is closed by recording the check: not without one.
  const auto checks_before = cli.run_json({"case", "show", "D100001"})["checks"].size();
  const auto no_check = cli.run({"action", "done", da_check});
  CHECK(no_check.exit_code == 64);
  CHECK_THAT(no_check.err, Catch::Contains("closed by recording the check"));
  CHECK(cli.run({"action", "done", da_check, "--result", "maybe"}).exit_code == 65);
  CHECK(cli.run_json({"case", "show", "D100001"})["checks"].size() == checks_before);  // nothing written
  CHECK(cli.run({"action", "done", da_check, "--result", "no_information", "--outcome", "no callouts since January"})
            .exit_code == 0);
  const json after = cli.run_json({"case", "show", "D100001"});
  REQUIRE(after["checks"].size() == checks_before + 1);
  CHECK(after["checks"].back()["result"] == "no_information");
  CHECK(cli.run({"action", "done", da_check, "--outcome", "again"}).exit_code == 67);  // already closed
  CHECK(cli.run_json({"case", "show", "D100001"})["checks"].size() == checks_before + 1);

  const json note = cli.run_json({"note", "add", "D100001", "--category", "risk", "Evasive about the address."});
  CHECK(cli.run({"note", "retract", note["id"], "--reason", "entered on the wrong case"}).exit_code == 0);
  const auto report = cli.run({"export", "D100001", "--format", "md"});
  CHECK_THAT(report.out, Catch::Contains("Moved in with a new partner.") && Catch::Contains("RETRACTED") &&
                             Catch::Contains("no callouts since January"));
  const auto audit = cli.run({"audit", "verify"});
  CHECK(audit.exit_code == 0);
  CHECK_THAT(audit.out, Catch::Contains("intact"));
}

TEST_CASE("a wrong passphrase gets its own exit code and changes nothing", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  const auto before = read_file_bytes(cli.store_file());
  for (int i = 0; i < 3; ++i) {
    const auto r = cli.run({"case", "list"}, "not my passphrase");
    CHECK(r.exit_code == 77);
    CHECK_THAT(r.err, Catch::Contains("wrong passphrase"));
  }
  // The fourth attempt must wait: locked out, with a time to wait.
  const auto locked = cli.run({"case", "list"}, "not my passphrase");
  CHECK(locked.exit_code == 75);
  CHECK_THAT(locked.err, Catch::Contains("try again in"));
  CHECK(read_file_bytes(cli.store_file()) == before);
}

TEST_CASE("bad input names the field and value and writes nothing", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  auto import_with = [&](const char* pointer, json value) {
    json cases = two_cases();
    cases[json::json_pointer(pointer)] = std::move(value);
    return cli.run({"case", "import", write_file(dir, "bad.json", cases)});
  };
  const auto bad_crn = import_with("/1/crn", "N10008");
  CHECK(bad_crn.exit_code == 65);
  CHECK_THAT(bad_crn.err, Catch::Contains("case[1].crn") && Catch::Contains("N10008"));
  const auto bad_enum = import_with("/0/rosh", "severe");
  CHECK(bad_enum.exit_code == 65);
  CHECK_THAT(bad_enum.err, Catch::Contains("case[0].rosh") && Catch::Contains("severe"));
  const auto bad_date = import_with("/1/sentence/start", "2026-02-30");
  CHECK(bad_date.exit_code == 65);
  CHECK_THAT(bad_date.err, Catch::Contains("case[1].sentence.start"));
  const auto bad_type = import_with("/0/domestic_abuse_perpetrator", "yes");
  CHECK(bad_type.exit_code == 65);
  std::ofstream(dir / "broken.json") << "[{\"crn\": ";
  CHECK(cli.run({"case", "import", (dir / "broken.json").string()}).exit_code == 65);
  // The first case of each bad file was valid: none of it was stored.
  CHECK(cli.run_json({"case", "list"})["cases"].empty());

  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  const json standing = cli.run_json({"actions", "--all"})["actions"];  // what the import's review raised
  json incomplete = complete_visit();
  incomplete["answers"].erase("officer_safety_concern");
  const auto missing = cli.run({"visit", "record", "D100001", write_file(dir, "visit.json", incomplete)});
  CHECK(missing.exit_code == 65);
  CHECK_THAT(missing.err, Catch::Contains("officer_safety_concern"));
  json wrong_option = complete_visit();
  wrong_option["answers"]["home_conditions"] = "palatial";
  const auto option = cli.run({"visit", "record", "D100001", write_file(dir, "visit.json", wrong_option)});
  CHECK(option.exit_code == 65);
  CHECK_THAT(option.err, Catch::Contains("palatial"));
  CHECK(cli.run_json({"actions", "--all"})["actions"] == standing);  // nothing written
  CHECK(cli.run({"visit", "record", "Z999999", write_file(dir, "visit.json", complete_visit())}).exit_code == 66);
}

TEST_CASE("a damaged store is reported with its file name and exit code 74", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  {
    std::fstream f(cli.store_file(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.write("garbage bytes over the first page", 33);
  }
  const auto r = cli.run({"case", "list"});
  CHECK(r.exit_code == 74);
  CHECK_THAT(r.err, Catch::Contains(cli.store_file().string()) && Catch::Contains("damaged"));
}

TEST_CASE("passphrase change re-wraps the key: the old one stops working, the data stays", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  const auto store_before = read_file_bytes(cli.store_file());
  // --passphrase-stdin: the current passphrase, then the new one.
  const auto change = cli.run({"--passphrase-stdin", "passphrase", "change"}, "",
                              std::string(kPass) + "\nan even longer new passphrase\n");
  INFO(change.err);
  REQUIRE(change.exit_code == 0);
  CHECK(read_file_bytes(cli.store_file()) == store_before);  // not re-encrypted
  CHECK(cli.run({"case", "list"}).exit_code == 77);
  const auto after = cli.run({"--json", "case", "list"}, "an even longer new passphrase");
  REQUIRE(after.exit_code == 0);
  CHECK(json::parse(after.out)["cases"].size() == 2);
}

TEST_CASE("with --passphrase-stdin the rest of stdin is the input file", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  const auto r = cli.run({"--passphrase-stdin", "case", "import", "-"}, "", std::string(kPass) + "\n" + two_cases().dump());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(cli.run_json({"case", "list"})["cases"].size() == 2);
}

// Security review: parallel wrong passphrases all ran and moved the count
// by 1. Now every process that tried a passphrase is counted, and the ones
// after the third meet the backoff.
TEST_CASE("parallel wrong passphrases from many processes are all counted", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  constexpr int kProcesses = 8;
  std::vector<int> codes(kProcesses, -1);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kProcesses; ++i) {
      threads.emplace_back([&, i] { codes[static_cast<std::size_t>(i)] = cli.run({"case", "list"}, "not my passphrase").exit_code; });
    }
  }
  const auto wrong = std::count(codes.begin(), codes.end(), 77);
  const auto locked = std::count(codes.begin(), codes.end(), 75);
  CHECK(wrong + locked == kProcesses);
  const json state = json::parse(read_file_bytes(dir / "tablet" / "unlock-state.json"));
  CHECK(state["failures"] == wrong);
  CHECK(wrong >= 3);
  CHECK(locked >= 1);
}

TEST_CASE("a weak new passphrase is refused with a reason, and no store is created", "[cli][e2e]") {
  TempDir dir;
  const CliUser cli(dir);
  for (const char* weak : {"short", "password123", "qwertyuiop1", "aaaaaaaaaaaaaaaa"}) {
    const auto r = cli.run({"init", "--kdf", "fast"}, weak);
    INFO(weak);
    CHECK(r.exit_code == 65);
    CHECK_THAT(r.err, Catch::Contains("passphrase refused") &&
                          (Catch::Contains("too short") || Catch::Contains("too easy to guess")));
    CHECK_FALSE(std::filesystem::exists(dir / "tablet" / "keyfile.json"));
  }
  REQUIRE(cli.run({"init", "--kdf", "fast"}).exit_code == 0);
  const auto change = cli.run({"--passphrase-stdin", "passphrase", "change"}, "", std::string(kPass) + "\nletmein2024\n");
  CHECK(change.exit_code == 65);
  CHECK_THAT(change.err, Catch::Contains("passphrase refused"));
  CHECK(cli.run({"case", "list"}).exit_code == 0);  // the old passphrase still works
}

TEST_CASE("a check is requested, listed with its id, replied to and shown in the briefing", "[cli][e2e][checks]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--officer", "ana", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);

  // Requested ten days ago (real clock: the briefing counts to today).
  const auto now_days = std::chrono::duration_cast<std::chrono::days>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  const std::chrono::sys_days asked_day{std::chrono::days(now_days - 10)};
  const std::chrono::year_month_day ymd{asked_day};
  char asked[16];
  std::snprintf(asked, sizeof asked, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  const json req = cli.run_json({"check", "record", "N100008", "csc_check", "--date", asked});
  REQUIRE(req["id"].is_string());
  CHECK(req["awaiting_reply"] == true);
  const std::string id = req["id"];

  const auto listed = cli.run({"check", "list", "N100008"});
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("requested, awaiting reply") && Catch::Contains("[id " + id + "]"));

  const json brief = cli.run_json({"briefing", "N100008"});
  REQUIRE(brief["checks"].size() == 1);
  CHECK(brief["checks"][0]["id"] == id);
  CHECK(brief["checks"][0]["awaiting_reply"] == true);
  CHECK(brief["checks"][0]["days_awaited"] == 10);
  CHECK_THAT(cli.run({"briefing", "N100008"}).out, Catch::Contains("AWAITING REPLY for 10 days"));

  // Bad replies: the field is named, nothing is written.
  const auto outbox_before = cli.run({"check", "list", "N100008"}).out;
  const auto unknown = cli.run({"check", "reply", "no-such-check", "--date", asked, "--result", "known_open"});
  CHECK(unknown.exit_code == 66);
  CHECK_THAT(unknown.err, Catch::Contains("check id") && Catch::Contains("no-such-check"));
  const auto bad_result = cli.run({"check", "reply", id, "--date", asked, "--result", "open_case"});
  CHECK(bad_result.exit_code == 65);
  CHECK_THAT(bad_result.err, Catch::Contains("--result") && Catch::Contains("open_case") &&
                                 Catch::Contains("concerns_shared"));
  const auto bad_record = cli.run({"check", "record", "N100008", "csc_check", "--date", asked, "--result", "yes"});
  CHECK(bad_record.exit_code == 65);
  CHECK_THAT(bad_record.err, Catch::Contains("--result") && Catch::Contains("'yes'"));
  const auto early = cli.run({"check", "reply", id, "--date", "2020-01-01", "--result", "known_open"});
  CHECK(early.exit_code == 65);
  CHECK_THAT(early.err, Catch::Contains("date") && Catch::Contains("before the check was requested"));
  CHECK(cli.run({"check", "list", "N100008"}).out == outbox_before);

  // Awaiting for 10 days (at least 6 working days): the review after the
  // write chased it (R19), and `review` finds nothing more to raise.
  bool chased = false;
  const json open_actions = cli.run_json({"actions", "N100008"});  // named: a temporary's member would dangle
  for (const auto& a : open_actions["actions"]) chased = chased || (a["rule"] == "R19" && a["status"] == "open");
  CHECK(chased);
  CHECK(cli.run_json({"review", "N100008"})["actions"].empty());

  // The reply: the case's check is now answered; `review` asks for a RoSH review (R20).
  const json replied = cli.run_json({"check", "reply", id, "--date", asked, "--result", "known_open", "--outcome",
                                     "child in need plan, social worker allocated"});
  CHECK(replied["id"] == id);
  CHECK(replied["result"] == "known_open");
  CHECK(replied["awaiting_reply"] == false);
  const json shown = cli.run_json({"case", "show", "N100008"});
  REQUIRE(shown["checks"].size() == 1);
  CHECK(shown["checks"][0]["result"] == "known_open");
  CHECK(shown["checks"][0]["replied_on"] == asked);
  const auto brief2 = cli.run({"briefing", "N100008"});
  CHECK_THAT(brief2.out, Catch::Contains("known open (child in need plan, social worker allocated)"));
  CHECK_THAT(brief2.out, !Catch::Contains("AWAITING REPLY"));
  // The review after the reply closed the chase by itself and asks for a RoSH review (R20).
  bool rosh_review = false, chase_closed = false;
  const json after_reply = cli.run_json({"actions", "N100008", "--all"});  // named: a temporary's member would dangle
  for (const auto& a : after_reply["actions"]) {
    rosh_review = rosh_review || (a["rule"] == "R20" && a["kind"] == "rosh_review" && a["status"] == "open");
    chase_closed = chase_closed || (a["rule"] == "R19" && a["status"] == "done");
  }
  CHECK(rosh_review);
  CHECK(chase_closed);

  // Recorded with a result at once.
  const json direct = cli.run_json({"check", "record", "D100001", "police_da_check", "--date", asked, "--result",
                                    "callouts_found", "--outcome", "three callouts"});
  CHECK(direct["awaiting_reply"] == false);
  CHECK(direct["result"] == "callouts_found");
}

TEST_CASE("export keeps every answer, 'no' included, in md, json and html, and a conference report", "[cli][e2e][report]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--officer", "ana", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  json visit = complete_visit();
  visit["notes"][0]["text"] = "He said <script>alert(1)</script> & left";
  REQUIRE(cli.run({"visit", "record", "D100001", write_file(dir, "visit.json", visit)}).exit_code == 0);

  // The question text the officer saw, from the shipped checklist.
  std::ifstream in(std::string(DOORSTEP_SOURCE_DIR) + "/assets/checklists/home-visit-v1.json");
  const json checklist = json::parse(in);
  std::map<std::string, std::string> label;
  for (const auto& s : checklist["sections"])
    for (const auto& i : s["items"]) label[i["fact"]] = i["label"];

  const auto md = cli.run({"export", "D100001", "--format", "md"});
  const auto html = cli.run({"export", "D100001", "--format", "html"});
  const auto js = cli.run({"export", "D100001", "--format", "json"});
  REQUIRE(md.exit_code == 0);
  REQUIRE(html.exit_code == 0);
  REQUIRE(js.exit_code == 0);
  const json report = json::parse(js.out);
  auto html_escaped = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else if (c == '"') out += "&quot;";
      else if (c == '\'') out += "&#39;";
      else out += c;
    }
    return out;
  };
  int noes = 0;
  for (const auto& [fact, value] : visit["answers"].items()) {
    REQUIRE(label.count(fact) == 1);
    const std::string answer = value.get<std::string>();
    noes += answer == "no";
    INFO(fact << " = " << answer);
    std::string md_line = label[fact] + ": " + answer;
    std::string md_inert;  // Markdown-escaped as the report prints it
    for (char c : md_line) {
      if (c == '*' || c == '_' || c == '`' || c == '#' || c == '|' || c == '<' || c == '>' || c == '[' || c == '\\')
        md_inert += '\\';
      md_inert += c;
    }
    CHECK_THAT(md.out, Catch::Contains(md_inert));
    CHECK_THAT(html.out, Catch::Contains(html_escaped(md_line)));
    bool found = false;
    for (const auto& q : report["visits"][0]["questions"])
      found = found || (q["fact"] == fact && q["question"] == label[fact] && q["answer"] == answer);
    CHECK(found);
  }
  CHECK(noes >= 10);
  CHECK_THAT(html.out, !Catch::Contains("<script>"));
  CHECK_THAT(html.out, Catch::Contains("He said &lt;script&gt;alert(1)&lt;/script&gt; &amp; left"));
  CHECK_THAT(md.out, Catch::Contains("csc check: result not coded; outcome: not known"));
  CHECK_THAT(md.out, Catch::Contains("Rule R5b: "));

  const auto cp = cli.run({"export", "D100001", "--for", "cp-conference"});
  REQUIRE(cp.exit_code == 0);
  CHECK_THAT(cp.out, Catch::StartsWith("# Child protection conference report: Douglas Reed (D100001)"));
  CHECK_THAT(cp.out, Catch::Contains("## Children") && Catch::Contains("## Who lives at the address") &&
                         Catch::Contains("## Who visits") && Catch::Contains("## Checks and results") &&
                         Catch::Contains("## Concerns") && Catch::Contains("## Open actions"));
  const auto cp_html = cli.run({"export", "D100001", "--for", "cp-conference", "--format", "html"});
  REQUIRE(cp_html.exit_code == 0);
  CHECK_THAT(cp_html.out, Catch::Contains("<h2>Children</h2>"));
  CHECK(cli.run({"export", "D100001", "--for", "cp-conference", "--format", "json"}).exit_code == 64);
  CHECK(cli.run({"export", "D100001", "--for", "court"}).exit_code != 0);
}

TEST_CASE("visit show gives a manager the whole visit: every answer, no included, people, notes and follow-ups",
          "[cli][e2e][oversight]") {
  TempDir dir;
  const CliUser cli(dir);
  REQUIRE(cli.run({"init", "--officer", "ana", "--kdf", "fast"}).exit_code == 0);
  REQUIRE(cli.run({"case", "import", write_file(dir, "cases.json", two_cases())}).exit_code == 0);
  const json rec = cli.run_json({"visit", "record", "D100001", write_file(dir, "visit.json", complete_visit())});
  const std::string id = rec.at("visit_id");
  const json shown = cli.run_json({"visit", "show", id});
  CHECK(shown.at("id") == id);
  int noes = 0;
  for (const auto& a : shown.at("every_answer")) noes += a.at("answer") == "no";
  CHECK(noes > 0);
  CHECK_FALSE(shown.at("follow_ups").empty());
  CHECK(shown.at("notes").size() == rec.at("notes").get<std::size_t>());
  const auto md = cli.run({"visit", "show", id});
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("## Every answer") && Catch::Contains("**no**") &&
                         Catch::Contains("## Follow-ups raised") && Catch::Contains("Rule R"));
  CHECK(cli.run({"visit", "show", "01900000-0000-7000-8000-00000000dead"}).exit_code == 66);
}
