#include "bench/statistics.h"

#include <gtest/gtest.h>

#include <vector>

namespace tv::bench {
namespace {

TEST(StatisticsTest, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(Median(std::vector<double>{3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median(std::vector<double>{4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median(std::vector<double>{7}), 7);
}

TEST(StatisticsTest, MadOfKnownData) {
  // median 2; |x - 2| = {1, 1, 0, 0, 2, 4, 7} -> sorted {0, 0, 1, 1, 2, 4, 7}, MAD = 1.
  const std::vector<double> x = {1, 1, 2, 2, 4, 6, 9};
  const Summary s = Summarize(x);
  EXPECT_DOUBLE_EQ(s.median, 2);
  EXPECT_DOUBLE_EQ(s.mad, 1);
  EXPECT_DOUBLE_EQ(s.relative_spread, 0.5);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 9);
  EXPECT_EQ(s.count, 7);
}

TEST(StatisticsTest, MadIgnoresOneOutlier) {
  const Summary s = Summarize(std::vector<double>{10, 10, 10, 10, 1000});
  EXPECT_DOUBLE_EQ(s.median, 10);
  EXPECT_DOUBLE_EQ(s.mad, 0);
  EXPECT_DOUBLE_EQ(s.relative_spread, 0);
}

TEST(StatisticsTest, Geomean) {
  EXPECT_NEAR(Geomean(std::vector<double>{1, 4}), 2, 1e-12);
  EXPECT_NEAR(Geomean(std::vector<double>{2, 8, 4}), 4, 1e-12);
  EXPECT_EQ(Geomean(std::vector<double>{}), 0);
}

}  // namespace
}  // namespace tv::bench
