#pragma once
// Console sign-in lock-out, the policy: after kLoginMaxFailures failed
// sign-ins for one officer id, or from one address, within kLoginWindowMs,
// further attempts for that officer or from that address are refused (429)
// for kLoginCooldownMs, whatever the password. A success clears the
// officer's and the address's count of failures (not a running lock-out).
// ConsoleStore keeps the counts (login_wait_ms, record_login_failure,
// record_login_success), so every `serve` process on one store shares them.
#include "util/date.hpp"

namespace doorstep::office {

inline constexpr int kLoginMaxFailures = 5;
inline constexpr UtcMillis kLoginWindowMs = 15LL * 60 * 1000;
inline constexpr UtcMillis kLoginCooldownMs = 15LL * 60 * 1000;

}  // namespace doorstep::office
