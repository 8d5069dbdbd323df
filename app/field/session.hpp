#pragma once
// What exists only while the store is unlocked: the Store, the store's key
// (for the sync worker's own connection, see model/keyed_store.hpp), the
// Casework over it and the caseload view. Locking destroys the Session, and
// with it the key. Main thread only.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "casework/casework.hpp"
#include "crypto/secure_key.hpp"
#include "model/caseload_view.hpp"
#include "rules/rule_set.hpp"
#include "store/store.hpp"

namespace doorstep::field {

class Session {
 public:
  // `key` is the store's DEK, or empty when the store was opened without
  // keeping it (then the session cannot sync).
  Session(Store store, SecureKey key, const RuleSet& rules, const Clock& clock);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Store& store() { return m_store; }
  Casework& casework() { return m_casework; }
  CaseloadView& caseload() { return m_caseload; }
  [[nodiscard]] bool is_manager();
  [[nodiscard]] bool is_demo();
  // Enrolled with an office (read once, at unlock).
  [[nodiscard]] bool is_enrolled() const { return m_enrolled; }
  // The DEK, for a sync job to copy (sodium memory to sodium memory).
  [[nodiscard]] const SecureKey& key() const { return m_key; }

  // The standing rules over the caseload as of `today`
  // (Casework::review_caseload): at unlock, after a sync, and when the date
  // changes while the app is open (review_if_new_day). Returns the actions
  // written; the caller reloads what it shows.
  int review_standing(Date today);
  // review_standing(today) unless it already ran for `today`; true if it ran.
  bool review_if_new_day(Date today);

  // Re-reads the caseload and the searchable note text (after unlock, a
  // sync, an import). Cost grows with the notes: not per frame.
  void reload_caseload(Date today);
  // Re-reads the case summaries after a change to one case (keeps note text).
  void refresh_summaries(Date today);
  // A note was stored for `crn`: make it searchable.
  void note_added(const std::string& crn, const std::string& text) { m_note_text[crn] += text + "\n"; }
  // Bumped on every change the app makes; screens reload their cached view
  // when it differs from the one they loaded.
  [[nodiscard]] std::uint64_t generation() const { return m_generation; }
  void changed() { ++m_generation; }

 private:
  Store m_store;
  SecureKey m_key;
  bool m_enrolled = false;
  Casework m_casework;
  CaseloadView m_caseload;
  std::map<std::string, std::string> m_note_text;
  std::uint64_t m_generation = 1;
  std::optional<Date> m_reviewed_for;
};

}  // namespace doorstep::field
