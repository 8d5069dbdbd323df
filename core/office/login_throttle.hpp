#pragma once
// Console sign-in throttling: after kMaxFailures failed sign-ins for one
// officer id, or from one address, within kWindowMs, further attempts for
// that officer or from that address are refused (429) for kCooldownMs,
// whatever the password. A success clears the officer's and the address's
// count. In memory (per serve process); thread-safe.
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.hpp"

namespace doorstep::office {

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr UtcMillis kWindowMs = 15LL * 60 * 1000;
  static constexpr UtcMillis kCooldownMs = 15LL * 60 * 1000;

  // Milliseconds until the officer or the address may try again; 0: now.
  [[nodiscard]] UtcMillis wait_ms(std::string_view officer_id, std::string_view address, UtcMillis now);
  void record_failure(std::string_view officer_id, std::string_view address, UtcMillis now);
  void record_success(std::string_view officer_id, std::string_view address);

 private:
  struct Counter {
    std::vector<UtcMillis> failures;
    UtcMillis blocked_until = 0;
  };
  void fail(Counter& c, UtcMillis now);
  std::mutex m_mutex;
  std::map<std::string, Counter, std::less<>> m_by_officer, m_by_address;
};

}  // namespace doorstep::office
