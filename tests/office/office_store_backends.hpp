#pragma once
// The two office store backends behind one factory shape, so one contract
// suite runs against both: create() makes a new store, open() opens
// another store object on the same data (another process would), console()
// the console's store beside it.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "office/console_store.hpp"
#include "office/office_store.hpp"
#include "postgres_office_store.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::test {

inline constexpr const char* kStoreKeyHex = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

inline std::vector<std::uint8_t> store_key_bytes() { return *from_hex(kStoreKeyHex); }

inline UtcMillis store_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct SqlcipherBackend {
  static constexpr const char* kName = "sqlcipher";
  TempDir dir;
  std::unique_ptr<office::OfficeStore> create() {
    return office::create_sqlcipher_office_store(dir / "office.db", std::string("x'") + kStoreKeyHex + "'", store_now());
  }
  std::unique_ptr<office::OfficeStore> open() {
    return office::open_sqlcipher_office_store(dir / "office.db", std::string("x'") + kStoreKeyHex + "'");
  }
  std::unique_ptr<office::ConsoleStore> console() {
    return office::open_sqlcipher_console_store(dir / "office.db", std::string("x'") + kStoreKeyHex + "'");
  }
};

struct PostgresBackend {
  static constexpr const char* kName = "postgres";
  std::string url = PostgresCluster::shared().new_database();
  std::unique_ptr<office::OfficeStore> create() {
    return office::create_postgres_office_store(url, store_key_bytes(), store_now());
  }
  std::unique_ptr<office::OfficeStore> open() { return office::open_postgres_office_store(url, store_key_bytes()); }
  std::unique_ptr<office::ConsoleStore> console() {
    return office::open_postgres_console_store(url, store_key_bytes());
  }
};

// A minimal case for store tests (invented person).
inline Case person(const std::string& crn, const std::string& name) {
  Case c;
  c.crn = crn;
  c.name = name;
  c.rosh = Rosh::medium;
  c.sentence.type = SentenceType::community_order;
  c.sentence.start = Date::from_ymd(2026, 1, 12);
  return c;
}

// The code of the doorstep::Error `fn` throws; fails the test if none.
inline ErrorCode code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no error was thrown");
  return ErrorCode::internal;
}

}  // namespace doorstep::test
