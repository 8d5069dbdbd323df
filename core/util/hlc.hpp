#pragma once
// Hybrid logical clock: 48 bits of wall-clock milliseconds and a 16-bit
// counter packed into one 64-bit value that orders changes across devices
// even when their clocks disagree. Invariant: every value `tick()` returns is
// strictly greater than every value it returned or `observe()`d before.
#include <cstdint>

#include "util/date.hpp"

namespace doorstep {

using HlcValue = std::uint64_t;

constexpr HlcValue hlc_pack(std::uint64_t ms, std::uint16_t counter) { return (ms << 16) | counter; }
constexpr std::uint64_t hlc_millis(HlcValue v) { return v >> 16; }
constexpr std::uint16_t hlc_counter(HlcValue v) { return static_cast<std::uint16_t>(v & 0xFFFF); }

class HybridLogicalClock {
 public:
  explicit HybridLogicalClock(HlcValue last = 0) : m_last(last) {}
  // A new value for a local change made at wall time `now`.
  // Throws Error(damaged) instead of wrapping past the largest value.
  HlcValue tick(UtcMillis now);
  // Merge a value seen from another device so later ticks sort after it.
  void observe(HlcValue remote);
  [[nodiscard]] HlcValue last() const { return m_last; }

 private:
  HlcValue m_last;
};

}  // namespace doorstep
