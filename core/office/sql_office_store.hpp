#pragma once
// The OfficeStore contract implemented once over an OfficeSql connection:
// the SQLCipher store and the PostgreSQL store are this with their own
// connection, schema and migrations. `sealer` null: personal data stored as
// text (the SQLCipher file is encrypted as a whole); else sealed per value.
// The schema must already be at the version this build knows.
#include <memory>

#include "office/office_sql.hpp"
#include "office/office_store.hpp"
#include "office/record_sealer.hpp"

namespace doorstep::office {

std::unique_ptr<OfficeStore> make_sql_office_store(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer);

}  // namespace doorstep::office
