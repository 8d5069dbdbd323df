#pragma once
// The ConsoleStore contract implemented once over an OfficeSql connection
// (as office/sql_office_store does for OfficeStore): the SQLCipher console
// (office/sqlcipher_console_store.cpp) and the PostgreSQL one
// (platform/office_pg) are this with their own connection and schema.
// The console's tables (console_accounts, console_sessions,
// console_access_log, console_login_failures, console_login_blocks) must
// already exist beside the office's.
//
// `sealer` null: records.payload is JSON text (the SQLCipher file is
// encrypted as a whole) and the dashboard summaries are read with
// json_extract; else payloads are sealed values (office/record_sealer), opened
// and decoded here, and each summary is kept in memory until its record's
// seq changes, so a dashboard load decodes only what changed since the last.
// Passwords (Argon2id strings), session token hashes, officer ids, CRNs,
// page paths, times and sign-in addresses are stored in clear.
#include <memory>

#include "office/console_store.hpp"
#include "office/office_sql.hpp"
#include "office/record_sealer.hpp"

namespace doorstep::office {

std::unique_ptr<ConsoleStore> make_sql_console_store(std::unique_ptr<OfficeSql> sql, std::unique_ptr<RecordSealer> sealer);

}  // namespace doorstep::office
