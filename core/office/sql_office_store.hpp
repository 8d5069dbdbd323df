#pragma once
// The OfficeStore contract implemented once over OfficeSql connections:
// the SQLCipher store and the PostgreSQL store are this with their own
// connection, schema and migrations. `sealer` null: personal data stored as
// text (the SQLCipher file is encrypted as a whole); else sealed per value.
// The schema must already be at the version this build knows.
#include <functional>
#include <memory>

#include "office/office_sql.hpp"
#include "office/office_store.hpp"
#include "office/record_sealer.hpp"

namespace doorstep::office {

// Opens one more connection to the same database (for a pool).
using SqlConnector = std::function<std::unique_ptr<OfficeSql>()>;

// `sql` is the first connection. With `connect`, calls on several threads
// run at once on up to `max_connections` connections (opened as needed);
// without, they take turns on `sql`. Each call runs on one connection.
std::unique_ptr<OfficeStore> make_sql_office_store(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer,
                                                   SqlConnector connect = nullptr, int max_connections = 1);

}  // namespace doorstep::office
