#pragma once
// The two office store backends behind one factory shape, so one contract
// suite runs against both: create() makes a new store, open() opens
// another store object on the same data (another process would).
#include <memory>
#include <string>
#include <vector>

#include "office/office_store.hpp"
#include "postgres_office_store.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"
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
};

struct PostgresBackend {
  static constexpr const char* kName = "postgres";
  std::string url = PostgresCluster::shared().new_database();
  std::unique_ptr<office::OfficeStore> create() {
    return office::create_postgres_office_store(url, store_key_bytes(), store_now());
  }
  std::unique_ptr<office::OfficeStore> open() { return office::open_postgres_office_store(url, store_key_bytes()); }
};

}  // namespace doorstep::test
