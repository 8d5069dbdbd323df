#include "util/hlc.hpp"

#include <limits>

#include "util/error.hpp"

namespace doorstep {

HlcValue HybridLogicalClock::tick(UtcMillis now) {
  const auto wall = static_cast<std::uint64_t>(now < 0 ? 0 : now) & 0xFFFFFFFFFFFFull;
  if (wall > hlc_millis(m_last)) {
    m_last = hlc_pack(wall, 0);
  } else {
    // Wall clock behind or equal: keep the logical time, bump the counter;
    // on counter overflow borrow the next millisecond. Never wrap: a value
    // at the top of the range (only a hostile or broken peer produces one;
    // the office refuses clocks far ahead of its own) stops the clock.
    if (m_last == std::numeric_limits<HlcValue>::max())
      throw Error(ErrorCode::damaged, "the change clock has reached its limit: a record from the future was accepted");
    m_last = m_last + 1;
  }
  return m_last;
}

void HybridLogicalClock::observe(HlcValue remote) {
  if (remote > m_last) m_last = remote;
}

}  // namespace doorstep
