#include "model/auto_sync.hpp"

namespace doorstep::field {

void AutoSyncPolicy::request(UtcMillis now) {
  if (m_running_since) {
    m_requested_while_running = true;
    return;
  }
  m_next_at = std::min(m_next_at, std::max(now, m_retry_not_before));
}

void AutoSyncPolicy::started(UtcMillis now) {
  m_running_since = now;
  m_requested_while_running = false;
}

void AutoSyncPolicy::finished(UtcMillis now, bool ok, bool urgent_waiting) {
  m_running_since.reset();
  if (ok) {
    m_failures = 0;
    m_backoff_ms = 0;
    m_retry_not_before = now;
    m_next_at = m_requested_while_running ? now : now + m_params.interval_ms;
  } else {
    ++m_failures;
    const std::int64_t cap = urgent_waiting ? m_params.urgent_max_backoff_ms : m_params.max_backoff_ms;
    std::int64_t backoff = m_params.first_backoff_ms;
    for (int i = 1; i < m_failures && backoff < cap; ++i) backoff *= 2;
    m_backoff_ms = std::min(backoff, cap);
    m_retry_not_before = now + m_backoff_ms;
    m_next_at = m_retry_not_before;
  }
  m_requested_while_running = false;
}

}  // namespace doorstep::field
