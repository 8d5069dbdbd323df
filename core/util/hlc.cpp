#include "util/hlc.hpp"

namespace doorstep {

HlcValue HybridLogicalClock::tick(UtcMillis now) {
  const auto wall = static_cast<std::uint64_t>(now < 0 ? 0 : now) & 0xFFFFFFFFFFFFull;
  if (wall > hlc_millis(m_last)) {
    m_last = hlc_pack(wall, 0);
  } else {
    // Wall clock behind or equal: keep the logical time, bump the counter;
    // on counter overflow borrow the next millisecond.
    m_last = m_last + 1;
  }
  return m_last;
}

void HybridLogicalClock::observe(HlcValue remote) {
  if (remote > m_last) m_last = remote;
}

}  // namespace doorstep
