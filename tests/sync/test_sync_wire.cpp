// The wire format: golden files (tests/sync/golden/), every endpoint's
// answer to bad input, and a bounded mutation loop over the request
// decoders (the same code the libFuzzer target drives, so gcc CI covers it).
#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "support/store_fixtures.hpp"
#include "sync_fixture.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

std::filesystem::path golden(const std::string& name) {
  return std::filesystem::path(DOORSTEP_SOURCE_DIR) / "tests" / "sync" / "golden" / name;
}

nlohmann::json read_golden(const std::string& name) {
  return nlohmann::json::parse(read_file_bytes(golden(name)));
}

AuditLink sample_link() {
  AuditLink l;
  l.seq = 1;
  l.change = R"({"entity":"note","hlc":1,"id":"x","op":"create","payload":{}})";
  l.actor = "ana";
  l.at = 1772446500000;
  l.device = "01a217c0-117e-7306-a6e4-56da750176b2";
  l.hash = audit_link_hash(l.prev_hash, l.seq, l.change, l.actor, l.at, l.device);
  return l;
}

sync::EnrollResponse sample_enroll_response() {
  sync::EnrollResponse r;
  r.device_id = "01a217c0-117e-7306-a6e4-56da750176b2";
  r.device_secret = "ab";
  r.officer.id = "ana";
  r.officer.name = "Ana Lee";
  r.officer.team = "north";
  r.recovery_public_key = std::string(64, 'c');
  return r;
}

}  // namespace

TEST_CASE("wire format matches the golden files", "[sync][golden]") {
  // To regenerate after a deliberate protocol change (bump kProtocolVersion
  // and document it): DOORSTEP_UPDATE_GOLDEN=1 test_sync "[golden]".
  const bool update = std::getenv("DOORSTEP_UPDATE_GOLDEN") != nullptr;
  const std::vector<std::pair<std::string, nlohmann::json>> messages = {
      {"enroll_request.json", sync::to_json(sync::EnrollRequest{"0123456789abcdef0123456789abcdef", "tablet 7"})},
      {"enroll_response.json", sync::to_json(sample_enroll_response())},
      {"push_request.json", sync::to_json(sync::PushRequest{{sample_link()}})},
      {"push_response.json",
       sync::to_json(sync::PushResponse{3,
                                        {{1, sync::ChangeStatus::applied, ""},
                                         {2, sync::ChangeStatus::superseded, "a later change won"},
                                         {3, sync::ChangeStatus::rejected, "case B100001 is not in your caseload"}}})},
      {"pull_request.json", sync::to_json(sync::PullRequest{"12.1.40", 500, {}})},
      {"pull_request_held.json",
       sync::to_json(sync::PullRequest{"12.1.40", 500,
                                       {{"note", "01900000-0000-7000-8000-000000000001", "D100001",
                                         "waiting for case D100001 to arrive from the office", true}}})},
      {"pull_response.json",
       sync::to_json(sync::PullResponse{{RemoteRecord{"note", "01a217c0-6a4e-7081-b528-96a4cf6bf1a8", "D100001",
                                                      123456789, "ana", "dev", 1772446500000,
                                                      {{"text", "seen"}}}},
                                        "12.1.41",
                                        false,
                                        {"D100001"}})},
      {"error_gap.json", sync::to_json(sync::ErrorBody{"gap", "expected link 4, got 7", 4, false})},
  };
  for (const auto& [name, j] : messages) {
    if (update) std::ofstream(golden(name)) << j.dump(2) << "\n";
    INFO(name);
    CHECK(read_golden(name) == j);
  }
  // And the decoders accept what the encoders write.
  CHECK(sync::decode_push_request(read_golden("push_request.json").dump()).links.at(0).hash == sample_link().hash);
  CHECK(sync::decode_pull_response(read_golden("pull_response.json").dump()).caseload.at(0) == "D100001");
  CHECK(sync::decode_pull_request(read_golden("pull_request_held.json").dump()).held.at(0).waiting);
  CHECK(sync::decode_push_response(read_golden("push_response.json").dump()).results.at(2).status ==
        sync::ChangeStatus::rejected);
}

TEST_CASE("the push body written straight to text is byte for byte the JSON encoder's", "[sync][golden]") {
  sync::PushRequest m;
  m.links.push_back(sample_link());
  // Every escape nlohmann writes, a run of plain text between them, non-ASCII
  // text (through nlohmann itself), DEL and an empty string.
  AuditLink odd = sample_link();
  odd.seq = 2;
  odd.prev_hash = m.links[0].hash;
  odd.change = std::string(R"({"payload":{"text":"a \"quoted\" C:\\path\n\ttab"}})") + "\b\f\r\x01\x1f\x7f.";
  odd.actor = "";
  odd.at = 0;
  odd.device = "dev\"ice\\ Zo\xc3\xab \xe2\x82\xac";
  m.links.push_back(odd);
  AuditLink big = sample_link();
  big.seq = 9223372036854775807;
  big.at = 9223372036854775807;
  big.change = std::string(5000, 'x') + "\"";
  m.links.push_back(big);
  CHECK(sync::encode_push_request(m) == sync::to_json(m).dump());
  CHECK(sync::encode_push_request(sync::PushRequest{{sample_link()}}) == read_golden("push_request.json").dump());
  // Not UTF-8: refused as the JSON encoder refuses it, never sent.
  AuditLink broken = sample_link();
  broken.change = "\xc3(";
  CHECK_THROWS(sync::encode_push_request(sync::PushRequest{{broken}}));
  AuditLink escaped = sample_link();
  escaped.change = odd.change;
  CHECK(sync::decode_push_request(sync::encode_push_request(sync::PushRequest{{escaped}})).links.at(0).change ==
        odd.change);
}

TEST_CASE("the pull response written straight to text is byte for byte the JSON encoder's", "[sync][golden]") {
  // The office keeps each payload as dump() wrote it; the page also carries
  // payload texts in other forms (as a store written another way might),
  // which are parsed and written again.
  const std::vector<std::string> payloads = {
      R"({"text":"seen"})",
      nlohmann::json{{"text", "a \"quoted\" C:\\path\n\ttab\b\f\r\x01\x1f\x7f. Zo\xc3\xab \xe2\x82\xac"},
                     {"n", -9223372036854775807LL - 1},
                     {"u", 18446744073709551615ULL},
                     {"list", {1, nullptr, true, false, nlohmann::json::object(), nlohmann::json::array()}},
                     {"deep", {{"a", {{"b", {{"c", "d"}}}}}}}}
          .dump(),
      "{}",
      R"({ "b": 1, "a": [ 2.5, 1e3, -0 ], "s": "\/\u00e9\u000A" })",  // not canonical: parsed and dumped
      R"({"a":1,"a":2})",
  };
  sync::PullPageText text;
  sync::PullResponse tree;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    sync::RecordText r{"note", "01a217c0-6a4e-7081-b528-96a4cf6bf1a" + std::to_string(i), "D100001",
                       i == 0 ? 18446744073709551615ULL : 123456789 + i, i == 1 ? "o\"ff\\icer \xc3\xab" : "ana",
                       "dev", i == 2 ? 0 : 1772446500000, payloads[i]};
    tree.records.push_back(RemoteRecord{r.entity, r.id, r.crn, r.hlc, r.officer, r.device, r.at,
                                        nlohmann::json::parse(r.payload)});
    text.records.push_back(std::move(r));
  }
  for (const bool more : {false, true}) {
    INFO("more " << more);
    text.more = tree.more = more;
    text.cursor = tree.cursor = more ? "12.1.41" : "";
    text.caseload = tree.caseload = {"D100001", "A\"1"};
    CHECK(sync::encode_pull_response(text) == sync::to_json(tree).dump());
    const auto back = sync::decode_pull_response(sync::encode_pull_response(text));
    REQUIRE(back.records.size() == tree.records.size());
    for (std::size_t i = 0; i < back.records.size(); ++i) CHECK(back.records[i] == tree.records[i]);
  }
  // An empty last page, and the golden file.
  CHECK(sync::encode_pull_response({}) == sync::to_json(sync::PullResponse{}).dump());
  sync::PullPageText golden_page;
  golden_page.records.push_back({"note", "01a217c0-6a4e-7081-b528-96a4cf6bf1a8", "D100001", 123456789, "ana", "dev",
                                 1772446500000, R"({"text":"seen"})"});
  golden_page.cursor = "12.1.41";
  golden_page.caseload = {"D100001"};
  CHECK(sync::encode_pull_response(golden_page) == read_golden("pull_response.json").dump());
  // A stored text that is not JSON is never sent: an internal error naming
  // the record, not a broken page.
  for (const std::string bad : {"", "{", R"({"text":"seen")", "{\"text\":\"\xff\"}", R"({"a":1}{"b":2})"}) {
    INFO(bad);
    sync::PullPageText page = golden_page;
    page.records[0].payload = bad;
    try {
      (void)sync::encode_pull_response(page);
      FAIL("encoded a page with a payload that is not JSON");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::internal);
      CHECK_THAT(e.what(), Catch::Contains("note 01a217c0-6a4e-7081-b528-96a4cf6bf1a8"));
    }
  }
}

TEST_CASE("every endpoint answers bad input with a 4xx and a message, and keeps serving", "[sync][bad-input]") {
  TestOffice office;
  office.add_officer("ana");
  office.store().import_case(test_case("A100001"), "ana", office.clock().now_utc_ms());
  auto dev = enroll_device(office, "ana");
  const std::string auth = office::auth_header(dev->creds.device_id, dev->creds.device_secret);
  auto t = office.transport();
  struct Case4xx {
    std::string what, path, body;
    int status;
  };
  const std::string link = sync::link_to_json(sample_link()).dump();
  const std::vector<Case4xx> cases = {
      {"malformed JSON", "/v1/push", R"({"protocol":2,"kind":"push","links":[)", 400},
      {"not an object", "/v1/pull", "[1,2]", 400},
      {"wrong type", "/v1/pull", R"({"protocol":2,"kind":"pull","cursor":5,"limit":10})", 400},
      {"limit out of range", "/v1/pull", R"({"protocol":2,"kind":"pull","cursor":"","limit":99999})", 400},
      {"bad cursor", "/v1/pull", R"({"protocol":2,"kind":"pull","cursor":"zz","limit":10})", 400},
      {"unknown field", "/v1/pull", R"({"protocol":2,"kind":"pull","cursor":"","limit":10,"x":1})", 400},
      {"unknown kind", "/v1/push", R"({"protocol":2,"kind":"delete","links":[]})", 400},
      {"wrong protocol", "/v1/pull", R"({"protocol":9,"kind":"pull","cursor":"","limit":10})", 400},
      {"invalid UTF-8", "/v1/pull", "{\"protocol\":2,\"kind\":\"pull\",\"cursor\":\"\xff\xfe\",\"limit\":10}", 400},
      {"empty push", "/v1/push", R"({"protocol":2,"kind":"push","links":[]})", 400},
      {"bad hash", "/v1/push", R"({"protocol":2,"kind":"push","links":[{"seq":1,"prev_hash":"00","hash":"00","change":"{}","actor":"a","at":1,"device":"d"}]})", 400},
      {"oversize", "/v1/push", std::string(sync::kMaxRequestBytes + 10, ' '), 413},
      {"unknown endpoint", "/v1/nothing", "{}", 404},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto res = t->post(c.path, c.body, auth);
    CHECK(res.status == c.status);
    const auto err = sync::decode_error_body(res.body);
    REQUIRE(err);
    CHECK_FALSE(err->message.empty());
  }
  // Enroll: the same checks without credentials.
  CHECK(t->post(sync::kEnrollPath, "{", "").status == 400);
  CHECK(t->post(sync::kEnrollPath, R"({"protocol":2,"kind":"enroll","code":7,"label":""})", "").status == 400);
  // Missing auth on the authenticated endpoints.
  CHECK(t->post(sync::kPushPath, "{}", "").status == 401);
  CHECK(t->post(sync::kPullPath, "{}", "").status == 401);
  // Unknown entity kinds inside a valid chain are rejected per change
  // (quarantined on the device), not fatal to the push.
  AuditLink odd;
  odd.seq = 1;
  odd.change = R"({"entity":"spaceship","hlc":1,"id":"x","op":"create","payload":{"crn":"A100001","id":"x"}})";
  odd.actor = "ana";
  odd.at = 1;
  odd.device = dev->creds.device_id;
  odd.hash = audit_link_hash(odd.prev_hash, 1, odd.change, odd.actor, odd.at, odd.device);
  const auto res = t->post(sync::kPushPath, sync::to_json(sync::PushRequest{{odd}}).dump(), auth);
  REQUIRE(res.status == 200);
  const auto push = sync::decode_push_response(res.body);
  CHECK(push.results.at(0).status == sync::ChangeStatus::rejected);
  CHECK_THAT(push.results.at(0).reason, Catch::Contains("not a known kind"));
  // Still serving.
  CHECK(t->post(sync::kPullPath, sync::to_json(sync::PullRequest{"", 10, {}}).dump(), auth).status == 200);
}

TEST_CASE("request decoders survive a bounded mutation corpus", "[sync][fuzz]") {
  std::vector<std::string> seeds;
  for (const auto* name : {"enroll_request.json", "push_request.json", "pull_request.json", "pull_response.json"})
    seeds.push_back(read_golden(name).dump());
  std::mt19937_64 rng(20260302);
  const int iterations = 20000;
  int accepted = 0;
  for (int i = 0; i < iterations; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      const std::size_t pos = rng() % s.size();
      switch (rng() % 5) {
        case 0: s[pos] = static_cast<char>(rng() % 256); break;
        case 1: s.erase(pos, 1 + rng() % 8); break;
        case 2: s.insert(pos, 1, "{}[]\",:0-e\\"[rng() % 11]); break;
        case 3: s.insert(pos, s.substr(rng() % s.size(), rng() % 32)); break;
        default: s.resize(pos); break;
      }
    }
    const std::string_view body = s;
    try { (void)sync::decode_enroll_request(body); ++accepted; } catch (const Error& e) { CHECK(e.code() == ErrorCode::bad_input); }
    try { (void)sync::decode_push_request(body); ++accepted; } catch (const Error& e) { CHECK(e.code() == ErrorCode::bad_input); }
    try { (void)sync::decode_pull_request(body); ++accepted; } catch (const Error& e) { CHECK(e.code() == ErrorCode::bad_input); }
    try { (void)sync::decode_pull_response(body); ++accepted; } catch (const Error& e) { CHECK(e.code() == ErrorCode::bad_input); }
    (void)sync::decode_error_body(body);
  }
  CHECK(accepted >= 0);
}
