#pragma once
// The caseload as the Today screen lists it: sorted so the cases that need
// the officer first come first, and searchable by name, CRN and note text.
// Plain C++ over store summaries (no UI): built once after unlock and after
// each change, queried every frame. Searching is a cached substring scan.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"
#include "util/date.hpp"

namespace doorstep::field {

struct CaseloadRow {
  const CaseSummary* summary = nullptr;
  bool overdue = false;        // an open follow-up is past its due date
  bool matched_notes = false;  // the query matched note text, not the name or CRN
};

class CaseloadView {
 public:
  // Order: overdue first, then cases with urgent follow-ups, then by the
  // earliest due date (none last), then RoSH (highest first), then name.
  // `note_text` maps a CRN to the text of its notes (any case).
  void reset(std::vector<CaseSummary> cases, const std::map<std::string, std::string>& note_text, Date today);
  // Adds text (a new note) to a case's searchable text.
  void add_note_text(std::string_view crn, std::string_view text);

  // The rows matching `query` (case-insensitive; empty: all). Cached: the
  // same query as last time costs nothing.
  const std::vector<CaseloadRow>& rows(std::string_view query);

  [[nodiscard]] std::size_t size() const { return m_cases.size(); }
  [[nodiscard]] const std::vector<CaseSummary>& cases() const { return m_cases; }

 private:
  std::vector<CaseSummary> m_cases;   // sorted
  std::vector<std::string> m_keys;    // lower-case "name crn"
  std::vector<std::string> m_notes;   // lower-case note text
  std::vector<bool> m_overdue;
  std::string m_cached_query;
  bool m_cache_valid = false;
  std::vector<CaseloadRow> m_rows;
};

// ASCII lower-case (names and CRNs are matched without regard to case).
std::string lower_ascii(std::string_view text);

}  // namespace doorstep::field
