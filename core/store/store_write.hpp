#pragma once
// Private to the store: the write-transaction machinery every write method
// uses, so that record + outbox row + audit link are always one transaction.
#include <functional>
#include <span>
#include <type_traits>

#include "store/store.hpp"

namespace doorstep {

class Store::Write {
 public:
  Write(Database& db, const StoreIdentity& identity, UtcMillis now, HlcValue hlc)
      : m_db(db), m_identity(identity), m_now(now), m_hlc(hlc) {}

  [[nodiscard]] Database& db() { return m_db; }
  [[nodiscard]] UtcMillis now() const { return m_now; }
  [[nodiscard]] HlcValue hlc() const { return m_hlc; }
  [[nodiscard]] const StoreIdentity& identity() const { return m_identity; }

  // Appends the change to the outbox and the audit chain.
  void record(std::string_view entity, std::string_view id, std::string_view op, const nlohmann::json& payload);

 private:
  Database& m_db;
  const StoreIdentity& m_identity;
  UtcMillis m_now;
  HlcValue m_hlc;
};

template <class F>
auto Store::write(std::string_view /*what*/, F&& body) {
  Transaction txn(m_db);
  const UtcMillis now = m_clock->now_utc_ms();
  Write w(m_db, m_identity, now, m_hlc.tick(now));
  auto persist_clock = [&] {
    m_db.prepare("INSERT INTO meta(key, value) VALUES ('hlc', ?1) ON CONFLICT(key) DO UPDATE SET value = ?1")
        .bind(1, std::to_string(m_hlc.last()))
        .run();
  };
  if constexpr (std::is_void_v<std::invoke_result_t<F, Write&>>) {
    body(w);
    persist_clock();
    txn.commit();
  } else {
    auto result = body(w);
    persist_clock();
    txn.commit();
    return result;
  }
}

// One row of the checks table: a request (reply_to none) or a reply to the
// request `reply_to` (insert-only; schema_v4.sql.inc).
struct CheckRow {
  std::string id;
  std::string crn;
  CheckKind kind = CheckKind::csc_check;
  Date date;
  std::optional<std::string> outcome;
  std::optional<CheckResult> result;
  std::optional<std::string> reply_to;
};
void insert_check_row(Database& db, const CheckRow& row, std::string_view officer, UtcMillis at, HlcValue hlc);
// Writes the case's effective checks as rows (replacing none): each check's
// request under `id_for(i)` (or its own id when it has one) and, when it
// carries `replied_on`, its answer as a reply row `<id>-reply`.
void insert_case_checks(Database& db, const Case& c, const std::function<std::string(std::size_t)>& id_for,
                        std::string_view officer, UtcMillis at, HlcValue hlc);

// Inserts note `n` within `w`, filling id, author, device and times.
Note store_insert_note(Store::Write& w, Note n);

// The one place each row shape is written, for local writes and for records
// pulled from the office alike. `if_new`: a pulled record whose id this
// device already has is left as it is (ON CONFLICT(id) DO NOTHING); any other
// constraint failure throws Error(conflict).
void insert_note_row(Database& db, const Note& n, bool if_new);
// `v` must carry its id and crn.
void insert_visit_row(Database& db, const Visit& v, std::string_view officer, std::string_view device,
                      UtcMillis created_at, HlcValue hlc, bool if_new);

// case_people rows for `people` in `role` ("household" or "victim"), at
// positions first_position, first_position + 1, ...
void insert_people(Database& db, std::string_view crn, std::string_view role, std::span<const Person> people,
                   int first_position);

// Column helpers shared by the store's files.
template <class E>
E enum_column(const Statement& st, int col, std::string_view field) {
  return parse_enum<E>(st.text(col), field);
}
std::optional<Date> optional_date_column(const Statement& st, int col);

}  // namespace doorstep
