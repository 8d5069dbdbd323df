#pragma once
// The device's encrypted store: cases, visits, notes, checks, follow-up
// actions, the audit chain and the sync outbox, in one SQLCipher file.
//
// Contract for every write method: the record, its outbox row and its audit
// link are written in ONE transaction; when the method returns, the change
// is durable (synchronous=FULL); when it throws, nothing was written.
// Errors are doorstep::Error (bad_input, not_found, conflict, disk_full,
// damaged, io). A Store is used from one thread at a time.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_chain.hpp"
#include "domain/model.hpp"
#include "store/sqlite.hpp"
#include "store/store_remote.hpp"
#include "util/clock.hpp"
#include "util/hlc.hpp"

namespace doorstep {

// Who writes: the officer signed in and the device (both recorded on every
// change and in the audit chain).
struct StoreIdentity {
  std::string officer_id;
  std::string device_id;
};

struct CaseSummary {
  std::string crn;
  std::string name;
  Rosh rosh = Rosh::low;
  ChildProtection child_protection = ChildProtection::none;
  MappaLevel mappa_level = MappaLevel::none;
  bool domestic_abuse_perpetrator = false;
  bool has_alerts = false;
  int open_actions = 0;
  int urgent_actions = 0;
  std::optional<Date> earliest_due;  // of the open actions
  std::optional<Date> last_purposeful_home_visit;
};

struct OutboxEntry {
  std::int64_t seq = 0;
  std::string entity;  // case, visit, note, check, action
  std::string entity_id;
  std::string op;  // upsert, create
  nlohmann::json payload;
  HlcValue hlc = 0;
  UtcMillis created_at = 0;
  bool quarantined = false;
  std::optional<std::string> quarantine_reason;
};

// What recording a visit stored.
struct RecordedVisit {
  Visit visit;                  // with id and crn
  std::vector<Note> notes;      // the visit's notes, stored
  std::vector<Action> actions;  // the actions raised or re-raised
};

class Store {
 public:
  // `raw_key` is the SQLCipher raw-key literal (x'<64 hex>'); nullopt opens
  // a plain SQLite file (only the benchmark baseline does that).
  // A store has kPageSize-byte pages (SQLCipher cannot read the size from
  // its encrypted header, so open and create must agree on it).
  static Store create(const std::filesystem::path& file, std::optional<std::string_view> raw_key, const Clock& clock,
                      StoreIdentity identity);
  static Store open(const std::filesystem::path& file, std::optional<std::string_view> raw_key, const Clock& clock);
  // SQLite's 4 KiB. Smaller pages cut what SQLCipher encrypts per note save
  // (it encrypts and authenticates every page a change writes, whole), but
  // with 1 or 2 KiB pages the standing review at unlock went past its 10 ms
  // goal (docs/performance.md, "The device store (devstore)"). Changing it
  // would need open to try the old size too: every store so far has 4 KiB.
  static constexpr int kPageSize = 4096;

  [[nodiscard]] const StoreIdentity& identity() const { return m_identity; }
  [[nodiscard]] Database& database() { return m_db; }

  // ---- Cases
  // Inserts the case or replaces the facts of the one with the same CRN.
  void upsert_case(const Case& c);
  [[nodiscard]] std::vector<CaseSummary> list_cases();
  [[nodiscard]] std::optional<Case> find_case(std::string_view crn);
  [[nodiscard]] Case get_case(std::string_view crn);  // throws not_found

  // ---- Visits
  // Stores a finished visit, its notes, the actions the rules raised (merged
  // into open ones of the same case, rule and kind) and new case alerts.
  // `purposeful` (decided by the rules, rules/purposeful.hpp) moves the
  // case's last purposeful home visit forward. `joining_household`: people
  // met at the visit who are added to the case's household (a device-owned
  // fact the case upsert carries to the office; casework/people_met.hpp).
  RecordedVisit record_visit(std::string_view crn, Visit visit, bool purposeful, std::span<const RaisedAction> raised,
                             std::span<const std::string> new_alerts, std::span<const Person> joining_household = {});
  [[nodiscard]] std::vector<Visit> list_visits(std::string_view crn);
  // The case's visits dated on or after `from` (all when nullopt), in the
  // same order.
  [[nodiscard]] std::vector<Visit> list_visits_from(std::string_view crn, std::optional<Date> from);
  // Who recorded each of the case's visits: visit id -> officer id.
  [[nodiscard]] std::map<std::string, std::string> visit_officers(std::string_view crn);

  // ---- Notes (insert-only)
  Note add_note(std::string_view crn, const NoteDraft& draft, std::optional<std::string> visit_id = std::nullopt);
  Note amend_note(std::string_view note_id, std::string text, std::optional<std::string> reason = std::nullopt);
  Note retract_note(std::string_view note_id, std::string reason);
  // Corrects a finished visit (store_amendments.cpp): a new amendment note
  // pointing at it, with a reason, and text and/or corrected answers (each
  // a known visit fact with a value of its type). Error(bad_input) naming
  // the field, nothing written; Error(not_found) for an unknown visit.
  // Stored apart from notes (table visit_amendments), synced as a `note`.
  Note amend_visit(std::string_view visit_id, std::string reason, std::string text, const Answers& corrected);
  // The case's visit amendments, oldest first.
  [[nodiscard]] std::vector<Note> list_visit_amendments(std::string_view crn);
  [[nodiscard]] std::vector<Note> list_notes(std::string_view crn);
  [[nodiscard]] Note get_note(std::string_view note_id);
  [[nodiscard]] std::int64_t count_notes();

  // ---- Inter-agency checks
  // Records a check made or requested on `check.date`, with its outcome and /
  // or result when known at once (neither: requested, awaiting reply).
  // Returns it with its new id. Travels as an insert-only `check` record
  // {"id","crn","kind","date","outcome"?,"result"?}. Error(not_found) without the case.
  Check record_check(std::string_view crn, const Check& check);
  // Records the reply to the request `check_id`: a new insert-only check row
  // and record {"id","crn","kind","date","outcome"?,"result","reply_to"}
  // (kind: the request's; date: the reply's day). A later reply supersedes
  // an earlier one. Returns the effective check. Error(not_found) naming
  // "check id" for an unknown id; Error(bad_input) for a reply's id or a
  // date before the request. Nothing is written on error.
  Check record_check_reply(std::string_view check_id, Date date, CheckResult result,
                           std::optional<std::string> outcome);
  // The case's checks: each request merged with its latest reply, in
  // (request date, id) order. Empty for an unknown case.
  [[nodiscard]] std::vector<Check> effective_checks(std::string_view crn);

  // ---- Follow-up actions
  std::vector<Action> raise_actions(std::string_view crn, std::span<const RaisedAction> raised,
                                    std::optional<std::string> visit_id = std::nullopt);
  // Stores the case's standing actions (rules/standing_actions.hpp) in one
  // transaction: `created` under their given ids, `updated` (merged or
  // closed) over the stored ones. Returns what it wrote.
  std::vector<Action> save_standing_actions(std::string_view crn, std::span<const Action> created,
                                            std::span<const Action> updated);
  [[nodiscard]] std::vector<Action> list_actions(std::optional<std::string_view> crn, bool open_only);
  [[nodiscard]] Action get_action(std::string_view action_id);
  Action complete_action(std::string_view action_id, std::string outcome);
  Action dismiss_action(std::string_view action_id, std::string reason);
  // Stores the follow-up a manager sends back to the case officer for the
  // open manager_oversight `action_id` (domain/oversight.hpp); returns it.
  // The caller checks the device's officer is a manager (require_may_decide).
  Action send_back_oversight(std::string_view action_id, std::string_view reason);

  // ---- Audit chain
  [[nodiscard]] AuditVerification verify_audit();
  [[nodiscard]] std::vector<AuditLink> audit_links(std::int64_t after_seq, int limit);

  // ---- Sync outbox
  [[nodiscard]] std::vector<OutboxEntry> outbox(std::int64_t after_seq, int limit);
  [[nodiscard]] std::int64_t outbox_pending_count();
  // Removes acknowledged entries (seq <= up_to). Call only after the office
  // has confirmed them.
  void acknowledge_outbox(std::int64_t up_to_seq);

  // Key/value state kept with the data (sync cursors, settings).
  [[nodiscard]] std::optional<std::string> meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);

  // Runs PRAGMA cipher_integrity_check (encrypted) / integrity_check; returns
  // the problems found (empty = clean).
  [[nodiscard]] std::vector<std::string> integrity_problems();

  // ---- Sync with the office (store_remote.cpp). Office changes are applied
  // without outbox rows or audit links: they are not this device's changes.
  // Applies one pulled page and stores `cursor` (meta "sync.pull_cursor") in
  // the same transaction. A record whose entity has an unsent local change
  // is skipped: the push decides it and a later pull brings the result.
  // Returns how many records were applied.
  // A record the device cannot apply (it fails validation here) is held
  // with its reason, and the page goes on; one whose case has not arrived
  // waits, and is retried after every page. Nothing pulled is dropped.
  int apply_remote_page(std::span<const RemoteRecord> records, std::string_view cursor);
  // Pulled records held back (oldest first).
  [[nodiscard]] std::vector<HeldRecord> list_pull_held();
  // Deletes every case not in `caseload`, with its visits, notes, checks,
  // actions and conflicts, unless an outbox entry (pending or quarantined)
  // refers to it. Returns the CRNs purged.
  std::vector<std::string> purge_cases_outside(std::span<const std::string> caseload);
  // After a push: quarantines the rejected entries (seq, reason), deletes
  // the pending entries up to `acked_seq` and records it (meta
  // "sync.acked_seq"), in one transaction.
  void record_push_result(std::int64_t acked_seq, std::span<const std::pair<std::int64_t, std::string>> rejected);
  [[nodiscard]] std::vector<ConflictRecord> list_conflicts();

  class Write;  // one write transaction (defined in store_write.hpp)

 private:
  Store(Database db, const Clock& clock, StoreIdentity identity, HlcValue hlc, bool encrypted);
  template <class F>
  auto write(std::string_view what, F&& body);
  Action insert_or_merge_action(Write& w, std::string_view crn, const RaisedAction& raised,
                                const std::optional<std::string>& visit_id);
  void write_case_rows(Write& w, const Case& c, bool existed);

  Database m_db;
  const Clock* m_clock;
  StoreIdentity m_identity;
  HybridLogicalClock m_hlc;
  bool m_encrypted;
};

}  // namespace doorstep
