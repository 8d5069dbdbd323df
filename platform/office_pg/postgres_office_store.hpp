#pragma once
// The office store on PostgreSQL 15: the shared store logic
// (office/sql_office_store) on a libpq connection, with personal data
// sealed per value by a RecordSealer keyed from the office key. Several
// processes may open one database at once (see docs/office-postgres.md).
//
// Schema versions live in the schema_version table and are applied in
// order, each in its own transaction. A database holding a newer version
// than this program knows is refused (Error(damaged)) and left unchanged.
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "office/console_store.hpp"
#include "office/office_store.hpp"

namespace doorstep::office {

// The schema version this program writes.
inline constexpr int kPostgresOfficeSchemaVersion = 4;
// 2: the console's tables; 3: the pull's index; 4: no foreign keys on records.crn, device_links.device_id

// Creates the schema in an empty database. Error(conflict) if the database
// already holds an office (nothing changed); Error(usage) for a URL that is
// not postgresql://; Error(network) if it cannot be reached.
std::unique_ptr<OfficeStore> create_postgres_office_store(std::string_view url, std::span<const std::uint8_t> office_key,
                                                          UtcMillis now);
// What create checks before `doorstep-office init` writes anything: the URL
// is postgresql://, the server answers, and the database holds no office.
void check_postgres_database_is_new(std::string_view url);
// Opens it, migrating an older schema. Error(not_found) if the database
// holds no office; Error(damaged) for a newer schema; Error(wrong_passphrase)
// if `office_key` is not the key it was created with.
std::unique_ptr<OfficeStore> open_postgres_office_store(std::string_view url, std::span<const std::uint8_t> office_key);
// The console's store in the same database (office/sql_console_store, on a
// connection of its own), opened and checked as open_postgres_office_store
// does, with the same errors.
std::unique_ptr<ConsoleStore> open_postgres_console_store(std::string_view url, std::span<const std::uint8_t> office_key);

}  // namespace doorstep::office
