#include "office/push_row_buffer.hpp"

#include <span>

namespace doorstep::office {
namespace {

constexpr int kRecordColumns = 10;
constexpr int kLinkColumns = 11;

// "(?1,...,?C),(?C+1,...,?2C),..." for `rows` rows of `columns` parameters.
std::string values_list(std::size_t rows, int columns) {
  std::string out;
  int n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    out += r ? ",(" : "(";
    for (int c = 0; c < columns; ++c) out += (c ? ",?" : "?") + std::to_string(++n);
    out += ')';
  }
  return out;
}

std::string record_insert(std::size_t rows) {
  return "INSERT INTO records(entity, id, crn, hlc, officer, device, at, payload, seq, received_at) VALUES " +
         values_list(rows, kRecordColumns) +
         " ON CONFLICT(entity, id) DO UPDATE SET"
         " hlc = excluded.hlc, officer = excluded.officer, device = excluded.device, at = excluded.at,"
         " payload = excluded.payload, seq = excluded.seq, received_at = excluded.received_at";
}

std::string link_insert(std::size_t rows) {
  return "INSERT INTO device_links(device_id, seq, prev_hash, hash, change, actor, at, status, reason, received_at,"
         " flags) VALUES " +
         values_list(rows, kLinkColumns);
}

void bind_personal(SqlStatement& st, int index, const BoundPersonal& v) {
  if (v.blob)
    st.bind_blob(index, v.bytes.data(), v.bytes.size());
  else
    st.bind(index, std::string_view(v.bytes));
}

void bind_row(SqlStatement& st, int first, const RecordRow& r) {
  st.bind(first, r.entity).bind(first + 1, r.id).bind(first + 2, r.crn).bind(first + 3, r.hlc);
  st.bind(first + 4, r.officer).bind(first + 5, r.device).bind(first + 6, r.at);
  bind_personal(st, first + 7, r.payload);
  st.bind(first + 8, r.seq).bind(first + 9, r.received_at);
}

void bind_row(SqlStatement& st, int first, const LinkRow& l) {
  st.bind(first, l.device_id).bind(first + 1, l.seq);
  st.bind_blob(first + 2, l.prev_hash.data(), l.prev_hash.size());
  st.bind_blob(first + 3, l.hash.data(), l.hash.size());
  bind_personal(st, first + 4, l.change);
  st.bind(first + 5, l.actor).bind(first + 6, l.at).bind(first + 7, l.status);
  bind_personal(st, first + 8, l.reason);
  st.bind(first + 9, l.received_at).bind(first + 10, l.flags);
}

// The largest power of two up to kMaxRowsPerInsert and `left`.
std::size_t chunk_rows(std::size_t left) {
  std::size_t n = PushRowBuffer::kMaxRowsPerInsert;
  while (n > left) n /= 2;
  return n;
}

template <class Row>
void write_rows(OfficeSql& sql, std::span<const Row> rows, std::string (*insert_sql)(std::size_t), int columns) {
  while (!rows.empty()) {
    const std::size_t n = chunk_rows(rows.size());
    auto st = sql.prepare(insert_sql(n));
    for (std::size_t i = 0; i < n; ++i) bind_row(st, static_cast<int>(i) * columns + 1, rows[i]);
    st.run();
    rows = rows.subspan(n);
  }
}

}  // namespace

void PushRowBuffer::add(RecordRow row) {
  m_record_keys.emplace(row.entity, row.id);
  m_records.push_back(std::move(row));
}

void PushRowBuffer::write(OfficeSql& sql) {
  // Taken out first: whatever happens, the buffer is empty afterwards.
  const auto records = std::move(m_records);
  const auto links = std::move(m_links);
  clear();
  write_rows<RecordRow>(sql, records, record_insert, kRecordColumns);
  write_rows<LinkRow>(sql, links, link_insert, kLinkColumns);
}

void PushRowBuffer::clear() noexcept {
  m_records.clear();
  m_record_keys.clear();
  m_links.clear();
}

void PushRowBuffer::write_now(OfficeSql& sql, const RecordRow& row) {
  write_rows<RecordRow>(sql, std::span<const RecordRow>(&row, 1), record_insert, kRecordColumns);
}

}  // namespace doorstep::office
