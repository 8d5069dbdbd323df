#include "store/migrations.hpp"

#include <functional>
#include <vector>

#include "util/error.hpp"

namespace doorstep {
namespace {

constexpr const char* kSchemaV1 =
#include "store/schema_v1.sql.inc"
    ;

constexpr const char* kSchemaV2 =
#include "store/schema_v2.sql.inc"
    ;

constexpr const char* kSchemaV3 =
#include "store/schema_v3.sql.inc"
    ;

constexpr const char* kSchemaV4 =
#include "store/schema_v4.sql.inc"
    ;

constexpr const char* kSchemaV5 =
#include "store/schema_v5.sql.inc"
    ;

constexpr const char* kSchemaV6 =
#include "store/schema_v6.sql.inc"
    ;

void to_v1(Database& db) { db.exec(kSchemaV1); }
void to_v2(Database& db) { db.exec(kSchemaV2); }
void to_v3(Database& db) { db.exec(kSchemaV3); }
void to_v4(Database& db) { db.exec(kSchemaV4); }
void to_v5(Database& db) { db.exec(kSchemaV5); }
void to_v6(Database& db) { db.exec(kSchemaV6); }

// migrations()[i] takes the schema from version i to i + 1.
const std::vector<std::function<void(Database&)>>& migrations() {
  static const std::vector<std::function<void(Database&)>> steps = {to_v1, to_v2, to_v3, to_v4, to_v5, to_v6};
  return steps;
}

}  // namespace

int migrate(Database& db) {
  const int found = db.user_version();
  if (found > kSchemaVersion)
    throw Error(ErrorCode::damaged, db.path().string() + ": store schema version " + std::to_string(found) +
                                        " is newer than this program (" + std::to_string(kSchemaVersion) +
                                        "): update Doorstep");
  for (int v = found; v < kSchemaVersion; ++v) {
    Transaction txn(db);
    migrations()[static_cast<std::size_t>(v)](db);
    db.set_user_version(v + 1);
    txn.commit();
  }
  return found;
}

}  // namespace doorstep
