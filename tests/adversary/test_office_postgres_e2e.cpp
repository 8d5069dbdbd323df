// The office on PostgreSQL end to end: `doorstep-office init --database`,
// two `serve` processes on one database with many writers through both and
// many readers converging on every record, serve's exit code when the
// database is down at start, and init refusing a bad database having
// written nothing.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "hostile_device.hpp"
#include "support/office_process.hpp"

using namespace doorstep;
using namespace doorstep::test;
using nlohmann::json;

namespace {

std::string case_json(const std::string& crn, const std::string& name) {
  return json{{"crn", crn},
              {"name", name},
              {"rosh", "medium"},
              {"mappa_level", "none"},
              {"child_protection", "none"},
              {"domestic_abuse_perpetrator", false},
              {"sentence", {{"type", "community_order"}, {"start", "2026-01-12"}, {"requirements", {"supervision"}}}},
              {"household", json::array()},
              {"victims", json::array()},
              {"restrictions", json::array()},
              {"alerts", json::array()},
              {"checks", json::array()}}
      .dump();
}

std::string enroll_code_for(const OfficeProcess& admin, const std::string& officer, const OfficeProcess& server) {
  auto code = admin.must({"enroll-code", officer, "--advertise", "127.0.0.1:" + std::to_string(server.port())});
  while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.pop_back();
  return code;
}

// One link pushed without Catch macros (called from worker threads):
// the applied note's id, or "" when the office did not apply it.
std::string push_note(HostileDevice& d, std::optional<AuditLink>& prev, const std::string& crn, int n) {
  json note = d.note(crn, "note " + std::to_string(n) + " from " + d.id());
  const json change = HostileDevice::change("note", note.at("id"), "create", note);
  AuditLink link = make_audit_link(prev, canonical_change(change), d.officer(), wall_ms(), d.id());
  const std::vector<AuditLink> links{link};
  for (int attempt = 0; attempt < 20; ++attempt) {
    const auto res = d.post(sync::kPushPath, sync::to_json(sync::PushRequest{links}).dump());
    if (res.status == 200) {
      prev = link;
      const auto reply = sync::decode_push_response(res.body);
      return reply.results.at(0).status == sync::ChangeStatus::applied ? note.at("id").get<std::string>() : "";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "";
}

}  // namespace

TEST_CASE("two serve processes on one PostgreSQL database: writers through both, every reader converges",
          "[e2e][postgres]") {
  OfficeProcess first{OfficeProcess::OnPostgres{}};
  constexpr int kWriters = 6, kNotes = 25, kReaders = 4;
  first.add_officer("mo", "north", true);
  for (int i = 0; i < kWriters; ++i) {
    const std::string officer = "o" + std::to_string(i);
    first.add_officer(officer, "north");
    first.import_cases(case_json("A10000" + std::to_string(i), "Person " + std::to_string(i)), officer);
  }
  OfficeProcess second = OfficeProcess::beside(first);
  first.start();
  second.start();

  // Devices enrolled through either process (codes point at one or the other).
  std::vector<std::unique_ptr<HostileDevice>> writers, readers;
  for (int i = 0; i < kWriters; ++i)
    writers.push_back(std::make_unique<HostileDevice>(
        enroll_code_for(first, "o" + std::to_string(i), i % 2 == 0 ? first : second), "writer"));
  for (int r = 0; r < kReaders; ++r)
    readers.push_back(std::make_unique<HostileDevice>(enroll_code_for(first, "mo", r % 2 == 0 ? second : first), "reader"));

  std::mutex mu;
  std::set<std::string> written;
  std::atomic<int> failed{0}, writers_done{0}, pull_errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      std::optional<AuditLink> prev;
      for (int n = 0; n < kNotes; ++n) {
        const std::string id = push_note(*writers[static_cast<std::size_t>(i)], prev, "A10000" + std::to_string(i), n);
        if (id.empty()) {
          ++failed;
          continue;
        }
        std::lock_guard lock(mu);
        written.insert(id);
      }
      ++writers_done;
    });
  }
  std::vector<std::set<std::string>> seen(kReaders);
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      std::string cursor;
      auto& mine = seen[static_cast<std::size_t>(r)];
      const auto pull_to_end = [&] {
        for (int page = 0; page < 1000; ++page) {
          const auto res = readers[static_cast<std::size_t>(r)]->post(
              sync::kPullPath, sync::to_json(sync::PullRequest{cursor, 5, {}}).dump());
          if (res.status != 200) {
            ++pull_errors;
            return;
          }
          const auto reply = sync::decode_pull_response(res.body);
          for (const auto& rec : reply.records)
            if (rec.entity == "note") mine.insert(rec.id);
          cursor = reply.cursor;
          if (!reply.more) return;
        }
      };
      while (writers_done.load() < kWriters) pull_to_end();
      pull_to_end();  // after the last write: from the cursor it already holds
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed.load() == 0);
  CHECK(pull_errors.load() == 0);
  REQUIRE(written.size() == static_cast<std::size_t>(kWriters * kNotes));
  for (int r = 0; r < kReaders; ++r) {
    INFO("reader " << r);
    CHECK(seen[static_cast<std::size_t>(r)] == written);
  }
  // Both processes served: each log has pushes in it.
  CHECK(first.server_log().find("/v1/push") != std::string::npos);
  CHECK(second.server_log().find("/v1/push") != std::string::npos);
  CHECK(first.must({"audit", "verify"}).find("BROKEN") == std::string::npos);
}

TEST_CASE("serve exits 80 with a clear message when the office database is down at start", "[e2e][postgres]") {
  OfficeProcess office{OfficeProcess::OnPostgres{}};
  TempDir nowhere;
  const auto r = run_process({DOORSTEP_OFFICE, "--data", office.data().string(), "serve", "--listen",
                              "127.0.0.1:" + std::to_string(office.port())},
                             {{"DOORSTEP_OFFICE_KEY", kOfficeKeyHex},
                              {"DOORSTEP_OFFICE_DATABASE",
                               "postgresql:///office?host=" + nowhere.path().string() + "&user=postgres"}});
  CHECK(r.exit_code == 80);
  CHECK(r.err.find("the office database cannot be reached") != std::string::npos);
  CHECK_FALSE(port_accepts(office.port()));
  // The office's own database is fine: serve starts on it.
  office.start();
  CHECK(port_accepts(office.port()));
}

TEST_CASE("init --database refuses a wrong URL, an unreachable server or a database holding an office, writing nothing",
          "[e2e][postgres]") {
  TempDir dir;
  const auto init = [&](const std::string& database) {
    return run_process({DOORSTEP_OFFICE, "--data", (dir / "office").string(), "init", "--database", database,
                        "--recovery-out", (dir / "recovery.key").string()},
                       {{"DOORSTEP_OFFICE_KEY", kOfficeKeyHex}});
  };
  const auto nothing_written = [&] {
    return !std::filesystem::exists(dir / "office") && !std::filesystem::exists(dir / "recovery.key");
  };
  auto r = init("mysql://localhost/office");
  CHECK(r.exit_code == 64);
  CHECK(r.err.find("postgresql://") != std::string::npos);
  CHECK(nothing_written());
  r = init("postgresql:///office?host=" + (dir / "no-server").string() + "&user=postgres");
  CHECK(r.exit_code == 69);
  CHECK(r.err.find("cannot reach the office database") != std::string::npos);
  CHECK(nothing_written());
  OfficeProcess existing{OfficeProcess::OnPostgres{}};
  r = init(existing.database());
  CHECK(r.exit_code == 67);
  CHECK(r.err.find("already holds an office") != std::string::npos);
  CHECK(nothing_written());
  r = init(PostgresCluster::shared().new_database());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(dir / "office" / "database.url"));
  CHECK_FALSE(std::filesystem::exists(dir / "office" / "office.db"));
}
