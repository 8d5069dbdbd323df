#pragma once
// A push's new rows in `records` and `device_links`, held back and written
// as multi-row INSERTs (office/sql_office_store's push path): on PostgreSQL
// one statement execution (one bind, one executor start) per up to
// kMaxRowsPerInsert rows instead of one per row; on SQLite fewer statements.
//
// Contract: write() runs every held row, records before links, each kind in
// the order added, and empties the buffer (also when it throws). The caller
// writes before any other statement of its transaction, so statements see
// what was added before them. A record whose (entity, id) is already held
// is not added: holds_record() tells the caller to write first (one
// multi-row upsert may not touch the same row twice on PostgreSQL).
// Sealing is done by the caller: rows hold values exactly as bound.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "office/office_sql.hpp"

namespace doorstep::office {

// A personal value as it is bound: sealed bytes (a blob) or, for a store
// without a sealer, its text.
struct BoundPersonal {
  std::string bytes;
  bool blob = false;
};

struct RecordRow {
  std::string entity, id, crn;
  std::int64_t hlc = 0;
  std::string officer, device;
  std::int64_t at = 0;
  BoundPersonal payload;
  std::int64_t seq = 0;
  std::int64_t received_at = 0;
};

struct LinkRow {
  std::string device_id;
  std::int64_t seq = 0;
  std::string prev_hash, hash;  // raw bytes
  BoundPersonal change;
  std::string actor;
  std::int64_t at = 0;
  std::string status;
  BoundPersonal reason;
  std::int64_t received_at = 0;
  std::string flags;
};

class PushRowBuffer {
 public:
  // Rows per INSERT at most. Statements take power-of-two row counts
  // (64, 32, ... 1), so a backend prepares a few distinct statements only.
  static constexpr std::size_t kMaxRowsPerInsert = 64;

  [[nodiscard]] bool empty() const { return m_records.empty() && m_links.empty(); }
  [[nodiscard]] bool holds_record(const std::string& entity, const std::string& id) const {
    return m_record_keys.contains({entity, id});
  }
  void add(RecordRow row);
  void add(LinkRow row) { m_links.push_back(std::move(row)); }
  void write(OfficeSql& sql);
  void clear() noexcept;

  // Writes rows at once, without holding them (outside a push).
  static void write_now(OfficeSql& sql, const RecordRow& row);

 private:
  std::vector<RecordRow> m_records;
  std::set<std::pair<std::string, std::string>> m_record_keys;
  std::vector<LinkRow> m_links;
};

}  // namespace doorstep::office
