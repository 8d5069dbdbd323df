#include "session.hpp"

#include "model/keyed_store.hpp"
#include "sync/enrollment.hpp"

namespace doorstep::field {

Session::Session(Store store, SecureKey key, const RuleSet& rules, const Clock& clock)
    : m_store(std::move(store)),
      m_key(std::move(key)),
      m_enrolled(sync::is_enrolled(m_store)),
      m_casework(m_store, rules, clock) {
  use_short_busy_waits(m_store);  // a sync may be writing on the worker's connection
}

bool Session::is_manager() { return m_store.meta("device.role").value_or("") == "manager"; }

bool Session::is_demo() { return m_store.meta("demo").value_or("") == "1"; }

int Session::review_standing(Date today) {
  m_reviewed_for = today;
  return m_casework.review_caseload().written;
}

bool Session::review_if_new_day(Date today) {
  if (m_reviewed_for == today) return false;
  review_standing(today);
  return true;
}

void Session::reload_caseload(Date today) {
  auto cases = m_store.list_cases();
  m_note_text.clear();
  for (const auto& c : cases) {
    std::string& text = m_note_text[c.crn];
    for (const auto& n : m_store.list_notes(c.crn)) {
      text += n.text;
      text += '\n';
    }
  }
  m_caseload.reset(std::move(cases), m_note_text, today);
  changed();
}

void Session::refresh_summaries(Date today) {
  m_caseload.reset(m_store.list_cases(), m_note_text, today);
  changed();
}

}  // namespace doorstep::field
