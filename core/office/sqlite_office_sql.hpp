#pragma once
// OfficeSql on an open SQLCipher database (store/sqlite.hpp): the SQLite side
// of the shared store logic (office/sql_office_store, office/sql_console_store).
// begin() is BEGIN IMMEDIATE, so writers take turns on the file's write lock,
// across processes too; lock_sequence() then has nothing more to do.
#include <memory>

#include "office/office_sql.hpp"
#include "store/sqlite.hpp"

namespace doorstep::office {

std::unique_ptr<OfficeSql> make_sqlite_office_sql(Database db);

}  // namespace doorstep::office
