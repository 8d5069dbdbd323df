#include "util/clock.hpp"

#include <chrono>

namespace doorstep {

UtcMillis SystemClock::now_utc_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace doorstep
