#pragma once
// Schema migrations, by PRAGMA user_version. Migration n takes a store from
// version n-1 to n inside one transaction: either it all applies or none.
// A store newer than this build is refused (never downgraded).
#include "store/sqlite.hpp"

namespace doorstep {

inline constexpr int kSchemaVersion = 6;

// Brings `db` to kSchemaVersion. Returns the version it found.
int migrate(Database& db);

}  // namespace doorstep
