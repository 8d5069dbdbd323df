#include "model/caseload_view.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <tuple>

namespace doorstep::field {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

void CaseloadView::reset(std::vector<CaseSummary> cases, const std::map<std::string, std::string>& note_text,
                         Date today) {
  const auto key = [&today](const CaseSummary& s) {
    const bool overdue = s.earliest_due && *s.earliest_due < today;
    const auto due = s.earliest_due ? s.earliest_due->days() : std::numeric_limits<std::int32_t>::max();
    return std::make_tuple(overdue ? 0 : 1, s.urgent_actions > 0 ? 0 : 1, due, -static_cast<int>(s.rosh));
  };
  std::stable_sort(cases.begin(), cases.end(), [&key](const CaseSummary& a, const CaseSummary& b) {
    const auto ka = key(a);
    const auto kb = key(b);
    if (ka != kb) return ka < kb;
    return std::tie(a.name, a.crn) < std::tie(b.name, b.crn);
  });
  m_cases = std::move(cases);
  m_keys.clear();
  m_notes.clear();
  m_overdue.clear();
  for (const auto& s : m_cases) {
    m_keys.push_back(lower_ascii(s.name + " " + s.crn));
    const auto it = note_text.find(s.crn);
    m_notes.push_back(it == note_text.end() ? std::string() : lower_ascii(it->second));
    m_overdue.push_back(s.earliest_due && *s.earliest_due < today);
  }
  m_cache_valid = false;
}

void CaseloadView::add_note_text(std::string_view crn, std::string_view text) {
  for (std::size_t i = 0; i < m_cases.size(); ++i) {
    if (m_cases[i].crn == crn) {
      m_notes[i] += "\n";
      m_notes[i] += lower_ascii(text);
      m_cache_valid = false;
      return;
    }
  }
}

const std::vector<CaseloadRow>& CaseloadView::rows(std::string_view query) {
  if (m_cache_valid && query == m_cached_query) return m_rows;
  m_cached_query = std::string(query);
  m_cache_valid = true;
  m_rows.clear();
  // Trim spaces: a stray space from a touch keyboard should not hide everyone.
  const auto first = query.find_first_not_of(' ');
  const std::string needle =
      first == std::string_view::npos ? std::string() : lower_ascii(query.substr(first, query.find_last_not_of(' ') - first + 1));
  for (std::size_t i = 0; i < m_cases.size(); ++i) {
    CaseloadRow row{&m_cases[i], m_overdue[i], false};
    if (!needle.empty()) {
      if (m_keys[i].find(needle) == std::string::npos) {
        if (m_notes[i].find(needle) == std::string::npos) continue;
        row.matched_notes = true;
      }
    }
    m_rows.push_back(row);
  }
  return m_rows;
}

}  // namespace doorstep::field
