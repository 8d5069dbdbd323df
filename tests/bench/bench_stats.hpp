#pragma once
// Small statistics for benchmarks: medians and percentiles of samples, a
// stopwatch, and the process's peak RSS. Benchmarks report medians and
// ratios measured in the same run, never a single timing.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace doorstep::bench {

inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}
inline double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

class Stopwatch {
 public:
  Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
  [[nodiscard]] double ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
  }

 private:
  std::chrono::steady_clock::time_point m_start;
};

inline double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace doorstep::bench
