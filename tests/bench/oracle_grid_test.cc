#include "bench/oracle_grid.h"

#include <gtest/gtest.h>

#include "bench/oracle_sweep.h"
#include "bench/suite.h"

namespace tv::bench {
namespace {

TEST(OracleGridTest, DefaultFirstLegalDistinctWithinBudget) {
  gemm::CpuGemm gemm(2);
  tv_device_info device{};
  device.l2_bytes = 1 << 20;
  device.l3_bytes = 32 << 20;
  for (const gemm::GemmShape shape :
       {gemm::GemmShape{1, 4096, 4096}, gemm::GemmShape{512, 512, 128}, gemm::GemmShape{100, 130, 70}}) {
    const std::vector<tv_tile_config> c = OracleCandidates(gemm, shape, device, 20, 1);
    ASSERT_FALSE(c.empty());
    EXPECT_LE(c.size(), 20u);
    EXPECT_TRUE(SameTiles(c[0], gemm.Legalize(tv_tile_config{}, shape)));
    for (size_t i = 0; i < c.size(); ++i) {
      EXPECT_TRUE(SameTiles(c[i], gemm.Legalize(c[i], shape))) << "not legal: #" << i;
      for (size_t j = 0; j < i; ++j) EXPECT_FALSE(SameTiles(c[i], c[j])) << i << " == " << j;
    }
  }
  // Same seed, same grid.
  const gemm::GemmShape s{64, 256, 512};
  const auto a = OracleCandidates(gemm, s, device, 30, 9), b = OracleCandidates(gemm, s, device, 30, 9);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(SameTiles(a[i], b[i]));
}

TEST(OracleSweepTest, SmallShapeFindsACorrectBest) {
  gemm::CpuGemm gemm(1);
  SuiteShape shape;
  shape.name = "t";
  shape.m = 24;
  shape.n = 40;
  shape.k = 17;
  SweepOptions options;
  options.budget = 6;
  options.screen.min_time_s = 0.0005;
  options.final_round.min_time_s = 0.0005;
  options.final_round.min_reps = 3;
  options.final_round.max_reps = 3;
  const SweepResult r = SweepShape(shape, gemm, tv_device_info{}, options);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.wrong, 0) << r.first_wrong;
  EXPECT_GE(r.screened, 1);
  EXPECT_GT(r.best_gflops, 0);
  EXPECT_GT(r.best_vs_baseline, 0);
  EXPECT_GT(r.fallback_vs_baseline, 0);
  EXPECT_GT(r.analytic_vs_baseline, 0);
  EXPECT_GT(r.baseline_gflops, 0);
  // Everything timed is recorded for the cache, the baseline paired with itself.
  ASSERT_FALSE(r.measured.empty());
  EXPECT_TRUE(SameTiles(r.measured.front().tiles, r.baseline));
  EXPECT_EQ(r.measured.front().measurement.speedup_vs_baseline, 1.0);
  int final_round = 0;
  for (const MeasuredTiles& t : r.measured) {
    EXPECT_TRUE(t.measurement.error.empty()) << t.measurement.error;
    EXPECT_TRUE(SameTiles(t.measurement.baseline_tiles, r.baseline));
    final_round += t.final_round ? 1 : 0;
  }
  EXPECT_GE(final_round, 2);  // at least the baseline and one other
}

}  // namespace
}  // namespace tv::bench
