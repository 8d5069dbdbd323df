#pragma once
// What the office console keeps beside the office's data: console
// passwords (Argon2id strings, never the password), the administrator
// flag, signed-in sessions (by a hash of their token, never the token) and
// the access log of every view of a case's content, and the sign-in
// lock-out's counts. Beside the office's own tables (the SQLCipher file, or
// the PostgreSQL database), so several `serve` processes on one store share
// sessions and lock-outs. One implementation: office/sql_console_store.
//
// Contract: each method is one transaction; safe from several threads.
// Errors are doorstep::Error (not_found for an unknown officer).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/hash.hpp"
#include "office/record_summaries.hpp"
#include "util/date.hpp"

namespace doorstep::office {

struct ConsoleSession {
  std::string officer_id;
  UtcMillis created_at = 0;
  UtcMillis last_seen = 0;
};

// One view of a case's content: who, which case, when, which page.
struct AccessEntry {
  UtcMillis at = 0;
  std::string officer_id;
  std::string crn;
  std::string page;  // e.g. "/cases/D100001", "/oversight"
};

class ConsoleStore {
 public:
  virtual ~ConsoleStore() = default;

  // ---- Accounts. Error(not_found) if the officer does not exist.
  virtual void set_password_hash(std::string_view officer_id, std::string_view argon2id_hash) = 0;
  [[nodiscard]] virtual std::optional<std::string> password_hash(std::string_view officer_id) = 0;
  virtual void set_admin(std::string_view officer_id, bool admin) = 0;
  [[nodiscard]] virtual bool is_admin(std::string_view officer_id) = 0;

  // ---- Sessions, by the hash of their token.
  virtual void create_session(const Digest256& token_hash, std::string_view officer_id, UtcMillis now) = 0;
  [[nodiscard]] virtual std::optional<ConsoleSession> find_session(const Digest256& token_hash) = 0;
  virtual void touch_session(const Digest256& token_hash, UtcMillis now) = 0;
  virtual void end_session(const Digest256& token_hash) = 0;
  // Every session of the officer (after a password reset).
  virtual void end_sessions_of(std::string_view officer_id) = 0;

  // ---- Sign-in lock-out (the policy: office/login_throttle.hpp).
  // Milliseconds until the officer or the address may try again; 0: now.
  [[nodiscard]] virtual UtcMillis login_wait_ms(std::string_view officer_id, std::string_view address,
                                                UtcMillis now) = 0;
  virtual void record_login_failure(std::string_view officer_id, std::string_view address, UtcMillis now) = 0;
  virtual void record_login_success(std::string_view officer_id, std::string_view address) = 0;

  // ---- The office's current case assignments (crn, officer id), read-only:
  // the console lists caseloads without decoding every case twice.
  [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> case_officers() = 0;
  // Every case with its officer and the HLC of its current facts (which
  // changes whenever the facts do); every visit's and every follow-up's summary (records("visit"/"action")
  // without decoding payloads). A stored value that does not parse is
  // Error(damaged) naming the record.
  [[nodiscard]] virtual std::vector<CaseIndexEntry> case_index() = 0;
  [[nodiscard]] virtual std::vector<DashboardVisit> visit_summaries() = 0;
  [[nodiscard]] virtual std::vector<DashboardAction> action_summaries() = 0;

  // ---- The access log, oldest first; crn: nullopt for every case.
  virtual void record_access(const AccessEntry& entry) = 0;
  // Several views (a list page showing many cases) in one transaction.
  virtual void record_accesses(const std::vector<AccessEntry>& entries) = 0;
  [[nodiscard]] virtual std::vector<AccessEntry> access_log(std::optional<std::string_view> crn) = 0;
};

// The embedded store: the office's SQLCipher file (made by `init`), its
// console tables created on first open. `raw_key` as for the office store.
std::unique_ptr<ConsoleStore> open_sqlcipher_console_store(const std::filesystem::path& file, std::string_view raw_key);

}  // namespace doorstep::office
