// bench_office_growth: how one device's sync costs as the office grows.
// For each office size (cases; 10 notes a case) and each backend, an office
// store on disk is seeded through the OfficeStore API: cases imported and
// the notes pushed as audit links by each officer's device in transactions
// of 5,000 links, cases imported 1,000 to a transaction (the seeding time is reported apart, never in the
// figures). The measured officer holds 20 cases with their 200 notes; the
// rest belong to other officers (1,000 cases each). Then, BENCH_RUNS times
// (default 3; medians):
//   - first pull: a newly enrolled device of the measured officer pulls its
//     caseload from nothing, pages of 2,000, at the store (OfficeStore::pull);
//   - incremental sync: that device pushes 10 new notes, then pulls from
//     its cursor.
// Only the device's own caseload should cost: both figures should stay
// flat from the smallest office to the largest.
// The store is called in process: what can grow with the office is the
// store's queries; the network and TLS around them cost the same at every
// size (bench_office measures them).
//   BENCH_GROWTH_CASES: sizes, comma-separated (default 1000,10000,100000)
//   BENCH_GROWTH_BACKENDS: sqlcipher,postgres (default both; postgres is a
//     throwaway cluster, fsync on with DOORSTEP_TEST_PG_FSYNC=1)
//   BENCH_GROWTH_ANALYZE=0: PostgreSQL measured without ANALYZE after the
//     seeding (the planner then scans every record: see README)
//   BENCH_GROWTH_EXPLAIN=1: PostgreSQL's plan of the first pull's query
//   BENCH_GROWTH_LOG=1: PostgreSQL logs every statement's duration during
//     the measured runs (log_min_duration_statement = 0, reset after); the
//     log is printed to stderr
// Writes JSON to argv[1] if given. Exits 1 if a pull misses a record.
#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "audit/audit_chain.hpp"
#include "bench/bench_stats.hpp"
#include "crypto/hash.hpp"
#include "office/office_store.hpp"
#include "postgres_office_store.hpp"
#include "store/sqlite.hpp"
#include "support/postgres_cluster.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

constexpr const char* kKeyHex = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
constexpr int kNotesPerCase = 10;
constexpr int kOwnCases = 20;
constexpr int kCasesPerOtherOfficer = 1000;
constexpr std::size_t kSeedLinksPerTransaction = 5000;
constexpr int kPullPage = 2000;

UtcMillis now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<int> sizes_from_env() {
  const char* env = std::getenv("BENCH_GROWTH_CASES");
  std::string s = env ? env : "1000,10000,100000";
  std::vector<int> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) {
    const int n = std::atoi(part.c_str());
    if (n < kOwnCases) throw Error(ErrorCode::usage, "BENCH_GROWTH_CASES: each size must be at least 20, got '" + part + "'");
    out.push_back(n);
  }
  return out;
}

std::vector<std::string> backends_from_env() {
  const char* env = std::getenv("BENCH_GROWTH_BACKENDS");
  std::string s = env ? env : "sqlcipher,postgres";
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) {
    if (part != "sqlcipher" && part != "postgres")
      throw Error(ErrorCode::usage, "BENCH_GROWTH_BACKENDS: '" + part + "' is neither sqlcipher nor postgres");
    out.push_back(part);
  }
  return out;
}

Case invented_case(const std::string& crn, int i) {
  Case c;
  c.crn = crn;
  c.name = fmt::format("Growth Person {}", i);
  c.rosh = static_cast<Rosh>(i % 4);
  c.sentence.type = SentenceType::community_order;
  c.sentence.start = Date::from_ymd(2026, 1, 12);
  return c;
}

// A device of `officer` writing notes as audit links of its own chain.
class Writer {
 public:
  Writer(office::OfficeStore& store, const std::string& officer, const std::string& label) : m_store(store) {
    const UtcMillis now = now_ms();
    const auto code = blake2b_256(make_uuid_v7(now) + label);
    store.add_enroll_code(code, officer, now, now + 3600 * 1000);
    m_device = store.redeem_enroll_code(code, now, make_uuid_v7(now), blake2b_256("secret " + label), label);
  }
  [[nodiscard]] const office::Device& device() const { return m_device; }

  // One note link on `crn`, queued until flush().
  void note(const std::string& crn, int i) {
    const UtcMillis now = now_ms();
    const auto id = make_uuid_v7(now);
    std::string text = fmt::format("growth note {} on {}: ", i, crn);
    while (text.size() < 400) text += "seen at home, nothing new to report; ";
    text.resize(400);
    const json payload = {{"id", id},         {"crn", crn},   {"kind", "entry"},
                          {"category", "general"}, {"text", text}, {"author", m_device.officer_id},
                          {"device", m_device.id}, {"created_at", "2026-03-02T10:00:00.000Z"}};
    const json change = {{"entity", "note"},
                         {"id", id},
                         {"op", "create"},
                         {"hlc", hlc_pack(static_cast<std::uint64_t>(now), static_cast<std::uint16_t>(m_counter++ & 0xffff))},
                         {"payload", payload}};
    m_pending.push_back(make_audit_link(m_prev, canonical_change(change), m_device.officer_id, now, m_device.id));
    m_prev = m_pending.back();
  }
  // Applies the queued links in transactions of `per_transaction`; returns
  // how many the office applied.
  std::size_t flush(std::size_t per_transaction) {
    std::size_t applied = 0;
    for (std::size_t i = 0; i < m_pending.size(); i += per_transaction) {
      const auto part = std::span<const AuditLink>(m_pending).subspan(i, std::min(per_transaction, m_pending.size() - i));
      const auto r = m_store.apply_push(m_device, part, now_ms());
      for (const auto& c : r.results) applied += c.status == sync::ChangeStatus::applied ? 1 : 0;
      m_device.last_seq = part.back().seq;
    }
    m_pending.clear();
    return applied;
  }

 private:
  office::OfficeStore& m_store;
  office::Device m_device;
  std::optional<AuditLink> m_prev;
  std::vector<AuditLink> m_pending;
  std::uint64_t m_counter = 0;
};

struct Pulled {
  std::size_t notes = 0, records = 0, caseload = 0;
  std::string cursor;
};

Pulled pull_all(office::OfficeStore& store, const office::Device& device, std::string cursor) {
  Pulled out;
  for (;;) {
    const auto page = store.pull(device, cursor, kPullPage);
    for (const auto& r : page.records) {
      ++out.records;
      if (r.entity == "note") ++out.notes;
    }
    cursor = page.cursor;
    if (!page.more) {
      out.caseload = page.caseload.size();
      break;
    }
  }
  out.cursor = cursor;
  return out;
}

struct Office {
  std::unique_ptr<test::TempDir> dir;
  std::unique_ptr<office::OfficeStore> store;
  std::string url;  // PostgreSQL's, else ""
};

// psql on the office's database; its output.
std::string psql(const std::string& url, const std::string& sql) {
  const auto r = test::run_process({test::PostgresCluster::bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                    "-d", url, "-c", sql});
  if (r.exit_code != 0) throw Error(ErrorCode::internal, "psql: " + r.err);
  return r.out;
}

// The plan of the first pull's query (as office/sql_office_store.cpp
// writes it) for the measured officer; SQLite's from the text after EXPLAIN
// (ANALYZE, BUFFERS).
constexpr const char* kPullPlan =
    "EXPLAIN (ANALYZE, BUFFERS) WITH caseload AS (SELECT c.crn, c.assigned_seq FROM cases c"
    " WHERE c.assigned_officer = 'ana'),"
    " page_keys AS ("
    "  SELECT CASE WHEN r.seq > cl.assigned_seq THEN r.seq ELSE cl.assigned_seq END AS eff,"
    "   CASE WHEN r.entity = 'case' THEN 0 ELSE 1 END AS k, r.seq AS seq"
    "  FROM caseload cl JOIN records r ON r.crn = cl.crn"
    "  WHERE cl.assigned_seq >= 0 AND r.entity != 'check'"
    "  UNION ALL"
    "  SELECT r.seq AS eff, CASE WHEN r.entity = 'case' THEN 0 ELSE 1 END AS k, r.seq AS seq"
    "  FROM caseload cl JOIN records r ON r.crn = cl.crn AND r.seq >= 0"
    "  WHERE cl.assigned_seq < 0 AND r.entity != 'check'),"
    " page AS (SELECT eff, k, seq FROM page_keys"
    "  WHERE eff > 0 OR (eff = 0 AND (k > 0 OR (k = 0 AND seq > 0)))"
    "  ORDER BY eff, k, seq LIMIT 2001)"
    " SELECT r.entity, r.id, r.crn, r.hlc, r.officer, r.device, r.at, r.payload, r.received_at,"
    "  p.eff, p.k, p.seq"
    " FROM page p JOIN records r ON r.seq = p.seq ORDER BY p.eff, p.k, p.seq";

Office create_office(const std::string& backend) {
  Office o;
  const auto key = *from_hex(kKeyHex);
  if (backend == "sqlcipher") {
    o.dir = std::make_unique<test::TempDir>();
    o.store = office::create_sqlcipher_office_store(*o.dir / "office.db", std::string("x'") + kKeyHex + "'", now_ms());
  } else {
    o.url = test::PostgresCluster::shared().new_database();
    o.store = office::create_postgres_office_store(o.url, key, now_ms());
  }
  return o;
}

// The measured officer "ana" (team north) with kOwnCases cases, and other
// officers with the rest; every case gets kNotesPerCase notes.
void seed(office::OfficeStore& store, int cases) {
  store.add_officer({"ana", "Ana", false, "north"});
  const int others = cases - kOwnCases;
  const int other_officers = (others + kCasesPerOtherOfficer - 1) / kCasesPerOtherOfficer;
  for (int o = 0; o < other_officers; ++o) store.add_officer({fmt::format("po{:04}", o), "Other", false, "south"});
  const UtcMillis now = now_ms();
  std::vector<std::string> own;
  std::vector<Case> own_cases;
  for (int i = 0; i < kOwnCases; ++i) {
    own.push_back(fmt::format("A{:06}", i));
    own_cases.push_back(invented_case(own.back(), i));
  }
  store.import_cases(own_cases, "ana", now);
  double cases_ms = 0, notes_ms = 0;
  for (int o = 0; o < other_officers; ++o) {
    const std::string officer = fmt::format("po{:04}", o);
    Writer w(store, officer, "seed " + officer);
    std::vector<Case> batch;
    for (int i = o * kCasesPerOtherOfficer; i < std::min(others, (o + 1) * kCasesPerOtherOfficer); ++i) {
      batch.push_back(invented_case(fmt::format("B{:06}", i), i));
      for (int n = 0; n < kNotesPerCase; ++n) w.note(batch.back().crn, n);
    }
    bench::Stopwatch c;
    store.import_cases(batch, officer, now);
    cases_ms += c.ms();
    bench::Stopwatch n;
    w.flush(kSeedLinksPerTransaction);
    notes_ms += n.ms();
  }
  fmt::print(stderr, "  seeding: {} other cases in {:.1f} s, their notes in {:.1f} s\n", others, cases_ms / 1000,
             notes_ms / 1000);
  Writer w(store, "ana", "seed ana");
  for (const auto& crn : own)
    for (int n = 0; n < kNotesPerCase; ++n) w.note(crn, n);
  if (w.flush(kSeedLinksPerTransaction) != own.size() * kNotesPerCase)
    throw Error(ErrorCode::internal, "seeding: the office did not apply every note of the measured caseload");
}

struct Row {
  std::string backend;
  int cases = 0;
  double seed_s = 0, first_pull_ms = 0, incremental_ms = 0;
  std::size_t first_pull_records = 0;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto sizes = sizes_from_env();
    const auto backends = backends_from_env();
    const int runs = std::getenv("BENCH_RUNS") ? std::max(1, std::atoi(std::getenv("BENCH_RUNS"))) : 3;
    std::vector<Row> rows;
    bool missed = false;
    for (const auto& backend : backends) {
      for (const int cases : sizes) {
        auto office = create_office(backend);
        bench::Stopwatch seeding;
        seed(*office.store, cases);
        Row row{backend, cases, seeding.ms() / 1000, 0, 0, 0};
        if (std::getenv("BENCH_GROWTH_EXPLAIN")) {
          if (!office.url.empty()) {
            fmt::print(stderr, "{}", psql(office.url, kPullPlan));
          } else {
            Database db = Database::open(*office.dir / "office.db", std::string("x'") + kKeyHex + "'",
                                         Database::Mode::open_existing);
            auto st = db.prepare(std::string("EXPLAIN QUERY PLAN ") + (kPullPlan + std::string_view(kPullPlan).find("WITH")));
            while (st.step()) fmt::print(stderr, "  {}\n", st.text(3));
          }
        }
        // Statistics as autovacuum leaves them within a minute of a bulk
        // load (and as an operator's ANALYZE after one would): measured
        // straight after seeding, the planner still believes the tables
        // empty and scans all of records (BENCH_GROWTH_ANALYZE=0 shows it).
        const char* analyze = std::getenv("BENCH_GROWTH_ANALYZE");
        if (!office.url.empty() && !(analyze && std::string(analyze) == "0")) {
          psql(office.url, "ANALYZE");
          if (std::getenv("BENCH_GROWTH_EXPLAIN")) {
            fmt::print(stderr, "after ANALYZE:\n{}", psql(office.url, kPullPlan));
            // The store runs it as a prepared statement: after five runs
            // PostgreSQL may keep a generic plan, made without 'ana'.
            std::string generic = std::string(kPullPlan).substr(std::string_view(kPullPlan).find("WITH"));
            for (const auto& [from, to] :
                 {std::pair<std::string, std::string>{"'ana'", "$1"}, {">= 0", ">= $2"}, {"< 0", "< $2"},
                  {">= 0", ">= $2"}, {"eff > 0", "eff > $2"}, {"eff = 0", "eff = $2"}, {"k > 0", "k > $3"},
                  {"k = 0", "k = $3"}, {"seq > 0", "seq > $4"}, {"LIMIT 2001", "LIMIT $5"}})
              generic.replace(generic.find(from), from.size(), to);
            fmt::print(stderr, "generic plan:\n{}",
                       psql(office.url, "SET plan_cache_mode = force_generic_plan; PREPARE p(text, bigint, int, bigint, "
                                        "bigint) AS " + generic + "; EXPLAIN (ANALYZE) EXECUTE p('ana', 0, 0, 0, 2001)"));
          }
        }
        const bool log_statements = std::getenv("BENCH_GROWTH_LOG") && !office.url.empty();
        const auto server_log =
            std::filesystem::path(test::PostgresCluster::shared().data_dir()).parent_path() / "server.log";
        const auto log_from = log_statements ? std::filesystem::file_size(server_log) : 0;
        if (log_statements)
          for (const char* sql : {"ALTER SYSTEM SET log_min_duration_statement = 0", "SELECT pg_reload_conf()"})
            psql(office.url, sql);
        std::vector<double> first, incremental;
        for (int r = 0; r < runs; ++r) {
          Writer device(*office.store, "ana", fmt::format("measured {}", r));
          bench::Stopwatch w1;
          const auto pulled = pull_all(*office.store, device.device(), "");
          first.push_back(w1.ms());
          row.first_pull_records = pulled.records;
          // Every note of the caseload (earlier runs' devices added 10 each).
          const std::size_t want_notes = static_cast<std::size_t>(kOwnCases * kNotesPerCase + 10 * r);
          if (pulled.notes != want_notes || pulled.caseload != kOwnCases) {
            fmt::print(stderr, "{} {} cases: first pull brought {} notes and a caseload of {} (want {} and {})\n",
                       backend, cases, pulled.notes, pulled.caseload, want_notes, kOwnCases);
            missed = true;
          }
          for (int n = 0; n < 10; ++n) device.note(fmt::format("A{:06}", n), 100 + n);
          bench::Stopwatch w2;
          const auto applied = device.flush(kSeedLinksPerTransaction);
          (void)pull_all(*office.store, device.device(), pulled.cursor);
          incremental.push_back(w2.ms());
          if (applied != 10) {
            fmt::print(stderr, "{} {} cases: the incremental push applied {} of 10 notes\n", backend, cases, applied);
            missed = true;
          }
        }
        if (log_statements) {
          for (const char* sql : {"ALTER SYSTEM RESET log_min_duration_statement", "SELECT pg_reload_conf()"})
            psql(office.url, sql);
          std::ifstream in(server_log);
          in.seekg(static_cast<std::streamoff>(log_from));
          fmt::print(stderr, "{}", std::string(std::istreambuf_iterator<char>(in), {}));
        }
        row.first_pull_ms = bench::median(first);
        row.incremental_ms = bench::median(incremental);
        rows.push_back(row);
        fmt::print(stderr, "{} {} cases: seeded in {:.1f} s, first pull {:.1f} ms, incremental {:.1f} ms\n", backend,
                   cases, row.seed_s, row.first_pull_ms, row.incremental_ms);
      }
    }
    fmt::print("\nbench_office_growth: one device (20 cases, 200 notes) in offices of growing size; 10 notes a case;\n"
               "store on disk, called in process; medians of {}; seeding time shown apart\n",
               runs);
    fmt::print("{:<10} {:>9} {:>10} {:>9} {:>16} {:>9} {:>16} {:>9}\n", "backend", "cases", "notes", "seed s",
               "first pull ms", "x smallest", "incremental ms", "x smallest");
    json out = json::array();
    std::map<std::string, const Row*> smallest;
    for (const auto& r : rows) {
      if (!smallest.count(r.backend)) smallest[r.backend] = &r;
      const Row& s = *smallest[r.backend];
      fmt::print("{:<10} {:>9} {:>10} {:>9.1f} {:>16.2f} {:>8.2f}x {:>16.2f} {:>8.2f}x\n", r.backend, r.cases,
                 r.cases * kNotesPerCase, r.seed_s, r.first_pull_ms, r.first_pull_ms / s.first_pull_ms,
                 r.incremental_ms, r.incremental_ms / s.incremental_ms);
      out.push_back({{"backend", r.backend},
                     {"cases", r.cases},
                     {"notes", r.cases * kNotesPerCase},
                     {"seed_s", r.seed_s},
                     {"first_pull_ms", r.first_pull_ms},
                     {"first_pull_records", r.first_pull_records},
                     {"incremental_ms", r.incremental_ms},
                     {"runs", runs}});
    }
    if (argc > 1) std::ofstream(argv[1]) << out.dump(2) << "\n";
    return missed ? 1 : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_office_growth: {}\n", e.what());
    return 1;
  }
}
