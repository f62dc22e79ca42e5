#include "bench/statistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace tv::bench {

double Median(std::span<const double> samples) {
  assert(!samples.empty());
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

Summary Summarize(std::span<const double> samples) {
  assert(!samples.empty());
  Summary s;
  s.count = static_cast<int>(samples.size());
  s.median = Median(samples);
  std::vector<double> deviations;
  deviations.reserve(samples.size());
  for (double x : samples) deviations.push_back(std::fabs(x - s.median));
  s.mad = Median(deviations);
  s.relative_spread = s.median != 0 ? s.mad / std::fabs(s.median) : 0;
  const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
  s.min = *lo;
  s.max = *hi;
  return s;
}

double Geomean(std::span<const double> values) {
  if (values.empty()) return 0;
  double log_sum = 0;
  for (double v : values) {
    assert(v > 0);
    log_sum += std::log(v);
  }
  return std::exp(log_sum / static_cast<double>(values.size()));
}

}  // namespace tv::bench
