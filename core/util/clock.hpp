#pragma once
// The wall clock, behind an interface so tests and the rules engine can run
// at a fixed instant. platform/ provides the system clock.
#include "util/date.hpp"

namespace doorstep {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual UtcMillis now_utc_ms() const = 0;
};

// The real clock (std::chrono::system_clock). Pure C++: fine in core.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] UtcMillis now_utc_ms() const override;
};

// A clock that only moves when told to: for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UtcMillis start) : m_now(start) {}
  [[nodiscard]] UtcMillis now_utc_ms() const override { return m_now; }
  void advance(UtcMillis delta) { m_now += delta; }
  void set(UtcMillis now) { m_now = now; }

 private:
  UtcMillis m_now;
};

}  // namespace doorstep
