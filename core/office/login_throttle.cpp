#include "office/login_throttle.hpp"

#include <algorithm>

namespace doorstep::office {

UtcMillis LoginThrottle::wait_ms(std::string_view officer_id, std::string_view address, UtcMillis now) {
  std::lock_guard lock(m_mutex);
  UtcMillis wait = 0;
  for (auto* map : {&m_by_officer, &m_by_address}) {
    const auto it = map->find(map == &m_by_officer ? officer_id.substr(0, 64) : address);
    if (it != map->end() && it->second.blocked_until > now) wait = std::max(wait, it->second.blocked_until - now);
  }
  return wait;
}

void LoginThrottle::fail(Counter& c, UtcMillis now) {
  std::erase_if(c.failures, [&](UtcMillis t) { return t + kWindowMs <= now; });
  c.failures.push_back(now);
  if (static_cast<int>(c.failures.size()) >= kMaxFailures) {
    c.failures.clear();
    c.blocked_until = now + kCooldownMs;
  }
}

void LoginThrottle::record_failure(std::string_view officer_id, std::string_view address, UtcMillis now) {
  std::lock_guard lock(m_mutex);
  if (m_by_officer.size() > 100'000) m_by_officer.clear();  // a flood of made-up ids must not grow memory forever
  if (m_by_address.size() > 100'000) m_by_address.clear();
  fail(m_by_officer[std::string(officer_id.substr(0, 64))], now);
  fail(m_by_address[std::string(address)], now);
}

void LoginThrottle::record_success(std::string_view officer_id, std::string_view address) {
  std::lock_guard lock(m_mutex);
  if (const auto it = m_by_officer.find(officer_id); it != m_by_officer.end() && it->second.blocked_until == 0)
    m_by_officer.erase(it);
  if (const auto it = m_by_address.find(address); it != m_by_address.end() && it->second.blocked_until == 0)
    m_by_address.erase(it);
}

}  // namespace doorstep::office
