// doorstep-office (with doorstep-cli as the tablet) end to end, as real
// processes: the offline recovery key, recover, and terminal-safe output.
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "support/background_process.hpp"
#include "support/run_process.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep::test;
using nlohmann::json;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

constexpr const char* kPass = "a long and memorable passphrase";
constexpr const char* kNewPass = "seven purple otters juggle quietly";
constexpr char kEsc = '\x1b';

ProcessResult office(const fs::path& data, std::vector<std::string> args,
                     const std::map<std::string, std::string>& env = {}, const std::string& stdin_text = "") {
  std::vector<std::string> argv = {DOORSTEP_OFFICE, "--data", data.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, env, stdin_text);
}

ProcessResult tablet(const fs::path& store, std::vector<std::string> args, const std::string& pass = kPass) {
  std::vector<std::string> argv = {DOORSTEP_CLI, "--store", store.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {{"DOORSTEP_PASSPHRASE", pass}, {"DOORSTEP_NEW_PASSPHRASE", pass}});
}

// The JSON body of a recovery key file (its '#' comment lines dropped).
json recovery_json(const fs::path& file) {
  std::istringstream in(read_file_bytes(file));
  std::string line, body;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') body += line;
  }
  return json::parse(body);
}

void init_office(const fs::path& data, const fs::path& recovery_out) {
  const auto r = office(data, {"init", "--recovery-out", recovery_out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

std::string public_key_hex(const fs::path& data) {
  std::string hex = read_file_bytes(data / "recovery-public.hex");
  while (!hex.empty() && hex.back() == '\n') hex.pop_back();
  return hex;
}

json two_cases() {
  return json::parse(R"([
    {"crn": "D100001", "name": "Douglas Reed", "rosh": "medium",
     "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]}},
    {"crn": "N100008", "name": "Nina Shaw", "rosh": "medium",
     "sentence": {"type": "community_order", "start": "2026-07-06"}}])");
}

// A loopback port nobody listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("office init writes the recovery key once, outside the data folder, and keeps only the public key",
          "[office][e2e]") {
  TempDir dir;
  const fs::path data = dir / "office";
  const fs::path key = dir / "recovery.key";
  const auto r = office(data, {"init", "--recovery-out", key.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("RECOVERY KEY written to " + key.string()) && Contains("OFFLINE") &&
                        Contains("doorstep-office recover --recovery-key"));
  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);

  const json k = recovery_json(key);
  const std::string secret = k.at("secret_key");
  CHECK(secret.size() == 64);
  CHECK(k.at("public_key") == public_key_hex(data));
  CHECK_FALSE(fs::exists(data / "recovery-secret.hex"));
  for (const auto& entry : fs::recursive_directory_iterator(data)) {
    INFO(entry.path());
    CHECK(read_file_bytes(entry.path()).find(secret) == std::string::npos);
  }

  // Never overwritten, and nothing created when refused.
  const std::string before = read_file_bytes(key);
  const auto again = office(dir / "office2", {"init", "--recovery-out", key.string()});
  CHECK(again.exit_code == 67);
  CHECK_THAT(again.err, Contains("already exists"));
  CHECK(read_file_bytes(key) == before);
  CHECK_FALSE(fs::exists(dir / "office2" / "office.db"));

  // Never inside the data folder.
  const auto inside = office(dir / "office3", {"init", "--recovery-out", (dir / "office3" / "r.key").string()});
  CHECK(inside.exit_code == 64);
  CHECK_THAT(inside.err, Contains("inside the data folder"));
  CHECK_FALSE(fs::exists(dir / "office3" / "r.key"));
}

TEST_CASE("serve warns loudly when the data folder still holds the recovery secret", "[office][e2e]") {
  TempDir dir;
  const fs::path data = dir / "office";
  init_office(data, dir / "recovery.key");
  {
    const BackgroundProcess clean({DOORSTEP_OFFICE, "--data", data.string(), "serve", "--listen",
                                   "127.0.0.1:" + std::to_string(free_port())},
                                  dir / "clean.log");
    const auto log = clean.wait_for_stderr("event=listening");
    REQUIRE(log);
    CHECK(log->find("WARNING") == std::string::npos);
  }
  // The layout before the offline key: the secret in the data folder.
  std::ofstream(data / "recovery-secret.hex") << recovery_json(dir / "recovery.key").at("secret_key").get<std::string>()
                                              << "\n";
  const BackgroundProcess legacy({DOORSTEP_OFFICE, "--data", data.string(), "serve", "--listen",
                                  "127.0.0.1:" + std::to_string(free_port())},
                                 dir / "legacy.log");
  const auto log = legacy.wait_for_stderr("event=listening");
  REQUIRE(log);
  CHECK_THAT(*log, Contains("WARNING") && Contains((data / "recovery-secret.hex").string()) &&
                       Contains("RECOVERY SECRET") && Contains("Move it offline"));
}

TEST_CASE("recover: a forgotten passphrase is replaced with the offline key and every record stays",
          "[office][e2e]") {
  TempDir dir;
  const fs::path data = dir / "office";
  const fs::path key = dir / "recovery.key";
  init_office(data, key);
  const fs::path store = dir / "tablet";
  REQUIRE(tablet(store, {"init", "--kdf", "fast", "--recovery-key", public_key_hex(data)}).exit_code == 0);
  std::ofstream(dir / "cases.json") << two_cases().dump();
  REQUIRE(tablet(store, {"case", "import", (dir / "cases.json").string()}).exit_code == 0);
  REQUIRE(tablet(store, {"note", "add", "D100001", "--category", "risk", "Evasive about the address."}).exit_code == 0);
  const std::string store_bytes = read_file_bytes(store / "store.db");
  const std::string key_file_before = read_file_bytes(store / "keyfile.json");

  // A wrong recovery key (another office's) is refused clearly; nothing changes.
  init_office(dir / "other-office", dir / "other.key");
  const auto wrong = office(data, {"recover", "--recovery-key", (dir / "other.key").string(), "--store", store.string()},
                            {{"DOORSTEP_NEW_PASSPHRASE", kNewPass}});
  CHECK(wrong.exit_code == 77);
  CHECK_THAT(wrong.err, Contains("cannot recover") && Contains("sealed to office key") && Contains("Nothing was changed"));
  CHECK(read_file_bytes(store / "keyfile.json") == key_file_before);
  std::ofstream(dir / "garbage.key") << "not a key\n";
  const auto garbage = office(data, {"recover", "--recovery-key", (dir / "garbage.key").string(), "--store", store.string()},
                              {{"DOORSTEP_NEW_PASSPHRASE", kNewPass}});
  CHECK(garbage.exit_code == 65);
  CHECK_THAT(garbage.err, Contains("not a Doorstep recovery key file"));
  // A weak new passphrase is refused by the policy; nothing changes.
  const auto weak = office(data, {"recover", "--recovery-key", key.string(), "--store", store.string()},
                           {{"DOORSTEP_NEW_PASSPHRASE", "password1"}});
  CHECK(weak.exit_code == 65);
  CHECK_THAT(weak.err, Contains("passphrase refused"));
  CHECK(read_file_bytes(store / "keyfile.json") == key_file_before);

  // The officer forgot it (and has even run into the backoff).
  for (int i = 0; i < 3; ++i) CHECK(tablet(store, {"case", "list"}, "what was it again").exit_code == 77);
  const auto rec = office(data, {"recover", "--recovery-key", key.string(), "--store", store.string(), "--kdf", "fast",
                                 "--passphrase-stdin"},
                          {}, std::string(kNewPass) + "\n");
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  CHECK_THAT(rec.out, Contains("New passphrase set"));
  CHECK(read_file_bytes(store / "store.db") == store_bytes);  // not re-encrypted

  const auto listed = tablet(store, {"--json", "case", "list"}, kNewPass);
  INFO(listed.err);
  REQUIRE(listed.exit_code == 0);  // and not locked out: recovery reset the count
  CHECK(json::parse(listed.out)["cases"].size() == 2);
  const auto notes = tablet(store, {"note", "list", "D100001"}, kNewPass);
  CHECK_THAT(notes.out, Contains("Evasive about the address."));
  CHECK(tablet(store, {"case", "list"}, kPass).exit_code == 77);

  // A data folder from before the offline key: its recovery-secret.hex works too.
  std::ofstream(dir / "recovery-secret.hex") << recovery_json(key).at("secret_key").get<std::string>() << "\n";
  const auto legacy = office(data, {"recover", "--recovery-key", (dir / "recovery-secret.hex").string(), "--key-file",
                                    (store / "keyfile.json").string(), "--kdf", "fast"},
                             {{"DOORSTEP_NEW_PASSPHRASE", kPass}});
  INFO(legacy.err);
  CHECK(legacy.exit_code == 0);
  CHECK(tablet(store, {"case", "list"}, kPass).exit_code == 0);
}

TEST_CASE("names, labels and echoed input never send control characters to the terminal", "[office][e2e]") {
  TempDir dir;
  const fs::path data = dir / "office";
  init_office(data, dir / "recovery.key");
  const std::string clear_screen = "\x1b[2J\x1b[H";
  const std::string hostile = clear_screen + "evil\xc2\x9b" "31m\x07";

  const auto added = office(data, {"officer", "add", "ana", "--name", "Ana " + hostile});
  REQUIRE(added.exit_code == 0);
  const auto officers = office(data, {"officer", "list"});
  REQUIRE(officers.exit_code == 0);
  CHECK(officers.out.find(kEsc) == std::string::npos);
  CHECK(officers.out.find('\x07') == std::string::npos);
  CHECK(officers.out.find("\xc2\x9b") == std::string::npos);
  CHECK_THAT(officers.out, Contains("Ana \\x1b[2J\\x1b[Hevil\\u009b31m\\x07"));
  // JSON stays exact (the encoder escapes it).
  const auto officers_json = office(data, {"--json", "officer", "list"});
  CHECK(json::parse(officers_json.out)[0]["name"] == "Ana " + hostile);

  // A device enrolled with a hostile label, through a real server.
  const int port = free_port();
  const BackgroundProcess server({DOORSTEP_OFFICE, "--data", data.string(), "serve", "--listen",
                                  "127.0.0.1:" + std::to_string(port)},
                                 dir / "serve.log");
  REQUIRE(server.wait_for_stderr("event=listening"));
  const auto code = office(data, {"enroll-code", "ana", "--server", "127.0.0.1:" + std::to_string(port)});
  REQUIRE(code.exit_code == 0);
  std::string code_text = code.out;
  while (!code_text.empty() && code_text.back() == '\n') code_text.pop_back();
  const fs::path store = dir / "tablet";
  const auto enrolled = tablet(store, {"enroll", code_text, "--label", hostile + "tablet", "--kdf", "fast"});
  INFO(enrolled.err);
  REQUIRE(enrolled.exit_code == 0);
  const auto devices = office(data, {"device", "list"});
  REQUIRE(devices.exit_code == 0);
  CHECK(devices.out.find(kEsc) == std::string::npos);
  CHECK_THAT(devices.out, Contains("\\x1b[2J\\x1b[Hevil") && Contains("tablet"));

  // Error messages that echo input.
  const auto assign = office(data, {"case", "assign", clear_screen + "X1", "ana"});
  CHECK(assign.exit_code != 0);
  CHECK(assign.err.find(kEsc) == std::string::npos);
  const auto show = tablet(store, {"case", "show", clear_screen + "X1"});
  CHECK(show.exit_code == 66);
  CHECK(show.err.find(kEsc) == std::string::npos);
  CHECK_THAT(show.err, Contains("\\x1b[2J"));
  const auto unknown = tablet(store, {clear_screen + "bogus"});
  CHECK(unknown.exit_code == 64);
  CHECK(unknown.err.find(kEsc) == std::string::npos);

  // Records typed on the tablet, listed there.
  std::ofstream(dir / "cases.json") << two_cases().dump();
  REQUIRE(office(data, {"case", "import", (dir / "cases.json").string(), "--assign", "ana"}).exit_code == 0);
  REQUIRE(tablet(store, {"sync"}).exit_code == 0);
  REQUIRE(tablet(store, {"note", "add", "D100001", "--category", "risk", hostile}).exit_code == 0);
  const auto notes = tablet(store, {"note", "list", "D100001"});
  CHECK(notes.out.find(kEsc) == std::string::npos);
  const auto report = tablet(store, {"export", "D100001", "--format", "md"});
  CHECK(report.out.find(kEsc) == std::string::npos);
  CHECK_THAT(report.out, Contains("\\x1b"));  // the report also escapes Markdown
  REQUIRE(tablet(store, {"sync"}).exit_code == 0);
  const auto office_notes = office(data, {"notes", "D100001"});
  CHECK(office_notes.out.find(kEsc) == std::string::npos);
}
