// Robust summaries of repeated timings: median and median absolute deviation.
#pragma once

#include <span>

namespace tv::bench {

struct Summary {
  double median = 0;
  double mad = 0;              // median of |x - median|, unscaled (not the 1.4826 sigma estimate)
  double relative_spread = 0;  // mad / median; 0 when median == 0
  double min = 0;
  double max = 0;
  int count = 0;
};

// REQUIRES: !samples.empty(). The samples need not be sorted.
Summary Summarize(std::span<const double> samples);

// Median of a non-empty sample (the mean of the two middle values for an even count).
double Median(std::span<const double> samples);

// Geometric mean of positive values; 0 for an empty span.
double Geomean(std::span<const double> values);

}  // namespace tv::bench
