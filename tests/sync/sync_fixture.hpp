#pragma once
// An office running in-process on loopback (127.0.0.1, ephemeral port, TLS
// with a self-signed certificate) and devices enrolled against it over
// HTTPS, for the sync tests and the benchmark.
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "crypto/kdf_params.hpp"
#include "device/store_folder.hpp"
#include "net/https_server.hpp"
#include "net/https_transport.hpp"
#include "net/tls_identity.hpp"
#include "office/office_service.hpp"
#include "postgres_office_store.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"
#include "sync/sync_engine.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::test {

inline constexpr std::string_view kOfficeKey = "x'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf'";

// One certificate per test process (key generation is the slow part).
inline const net::TlsIdentity& test_tls_identity() {
  static const net::TlsIdentity id = net::make_self_signed_identity({"localhost", "127.0.0.1"}, 30);
  return id;
}

// The sync tests measure protocol behaviour, not the disk's fsync latency
// (durability is the store crash tests' business): keep their temporary
// stores in memory when /dev/shm exists and TMPDIR is not set.
inline bool use_memory_tmpdir() {
  static const bool done = [] {
    if (!std::getenv("TMPDIR") && std::filesystem::is_directory("/dev/shm")) ::setenv("TMPDIR", "/dev/shm", 0);
    return true;
  }();
  return done;
}

// The office key of kOfficeKey as bytes (the PostgreSQL store seals with it).
inline std::vector<std::uint8_t> office_key_bytes() {
  const std::string_view hex = kOfficeKey.substr(2, 64);
  return *from_hex(hex);
}

// The office's store: SQLCipher in the temp folder, or with
// DOORSTEP_TEST_OFFICE_BACKEND=postgres a fresh database on the test
// process's throwaway PostgreSQL cluster (the same suites, both backends).
class TestOffice {
 public:
  // `postgres`: on PostgreSQL whatever the environment says.
  explicit TestOffice(bool log = false, bool postgres = false) : m_log((use_memory_tmpdir(), log)) {
    if (postgres || test_office_on_postgres()) {
      m_database = PostgresCluster::shared().new_database();
      m_store = office::create_postgres_office_store(m_database, office_key_bytes(), m_clock.now_utc_ms());
    } else {
      m_store = office::create_sqlcipher_office_store(m_dir / "office.db", kOfficeKey, m_clock.now_utc_ms());
    }
    m_recovery = make_recovery_key_pair();
    start();
  }
  ~TestOffice() { stop(); }

  void start() {
    if (!m_store)
      m_store = m_database.empty() ? office::open_sqlcipher_office_store(m_dir / "office.db", kOfficeKey)
                                   : office::open_postgres_office_store(m_database, office_key_bytes());
    m_service = std::make_unique<office::OfficeService>(*m_store, m_clock, m_recovery.public_key);
    net::ServerOptions opts;
    opts.log_requests = m_log;
    opts.worker_threads = 8;
    m_server = std::make_unique<net::OfficeHttpsServer>(*m_service, test_tls_identity().cert_pem,
                                                        test_tls_identity().key_pem, opts);
    m_port = m_server->bind("127.0.0.1", 0);
    m_server->start();
  }
  void stop() {
    if (m_server) m_server->stop();
    m_server.reset();
    m_service.reset();
  }
  // Stop serving, close the store, open it again, serve on a new port.
  void restart() {
    stop();
    m_store.reset();
    start();
  }

  [[nodiscard]] office::OfficeStore& store() { return *m_store; }
  [[nodiscard]] office::OfficeService& service() { return *m_service; }
  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] sync::SpkiPin pin() const { return net::spki_pin_of(test_tls_identity().cert_pem); }
  [[nodiscard]] std::unique_ptr<net::HttpsTransport> transport() const {
    return std::make_unique<net::HttpsTransport>("127.0.0.1", m_port, pin(), std::chrono::seconds(10));
  }
  [[nodiscard]] const Clock& clock() const { return m_clock; }

  void add_officer(const std::string& id, bool manager = false, std::optional<std::string> team = std::nullopt) {
    m_store->add_officer({id, "Officer " + id, manager, std::move(team)});
  }

 private:
  bool m_log;
  TempDir m_dir;
  std::string m_database;  // the PostgreSQL URL, or "" for SQLCipher
  SystemClock m_clock;
  RecoveryKeyPair m_recovery;
  std::unique_ptr<office::OfficeStore> m_store;
  std::unique_ptr<office::OfficeService> m_service;
  std::unique_ptr<net::OfficeHttpsServer> m_server;
  int m_port = 0;
};

// A device enrolled for `officer`: its store folder, open store and credentials.
struct TestDevice {
  TempDir dir;
  std::optional<Store> store;
  sync::SyncCredentials creds;
  [[nodiscard]] StoreFolder folder() const { return StoreFolder(dir.path() / "store"); }
};

inline std::string enroll_over_https(TestOffice& office, sync::Transport& t, const std::string& secret,
                                     sync::EnrollResponse& out) {
  const auto res = t.post(sync::kEnrollPath, sync::to_json(sync::EnrollRequest{secret, "test"}).dump(), "");
  if (res.status != 200) return res.body;
  out = sync::decode_enroll_response(res.body);
  (void)office;
  return {};
}

inline std::unique_ptr<TestDevice> enroll_device(TestOffice& office, const std::string& officer) {
  auto dev = std::make_unique<TestDevice>();
  const std::string secret = office.service().issue_enroll_secret(officer, 3600 * 1000);
  auto t = office.transport();
  sync::EnrollResponse reply;
  const auto err = enroll_over_https(office, *t, secret, reply);
  if (!err.empty()) throw Error(ErrorCode::unauthenticated, "enrollment failed: " + err);
  RecoveryPublicKey pk{};
  const auto bytes = from_hex(reply.recovery_public_key);
  std::copy(bytes->begin(), bytes->end(), pk.begin());
  dev->store.emplace(dev->folder().create("test passphrase", KdfParams::fast_for_tests(), pk,
                                          StoreIdentity{reply.officer.id, reply.device_id}, office.clock()));
  dev->creds = {reply.device_id, reply.device_secret};
  sync::save_credentials(*dev->store, dev->creds);
  return dev;
}

inline Case test_case(const std::string& crn, const std::string& name = "Test Person") {
  Case c;
  c.crn = crn;
  c.name = name;
  c.rosh = Rosh::medium;
  c.sentence.type = SentenceType::community_order;
  c.sentence.start = Date::from_ymd(2026, 1, 12);
  return c;
}

}  // namespace doorstep::test
