#include "bench/operands.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace tv::bench {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

TEST(RotationPlanTest, SmallShapeGetsEnoughSetsToExceedTheTarget) {
  // 64x64x64: one set is 3 * 64 * 64 * 4 = 48 KiB.
  const RotationPlan plan = PlanRotation(64, 64, 64, 32 * kMiB);
  EXPECT_EQ(plan.set_bytes, 3 * 64 * 64 * 4);
  EXPECT_EQ(plan.target_bytes, kRotationL3Multiple * 32 * kMiB);
  EXPECT_GT(plan.sets * plan.set_bytes, plan.target_bytes);
  EXPECT_LE((plan.sets - 1) * plan.set_bytes, plan.target_bytes);
}

TEST(RotationPlanTest, ShapeLargerThanTheTargetUsesOneSet) {
  // B alone of 1 x 4096 x 4096 is 64 MiB; with 8 MiB of L3 the target is 32 MiB.
  EXPECT_EQ(PlanRotation(1, 4096, 4096, 8 * kMiB).sets, 1);
  // With 32 MiB of L3 the same shape needs more than one set.
  EXPECT_GT(PlanRotation(1, 4096, 4096, 32 * kMiB).sets, 1);
}

TEST(RotationPlanTest, UnknownL3FallsBackTo32MiB) {
  EXPECT_EQ(PlanRotation(256, 256, 256, 0).target_bytes, kRotationL3Multiple * kFallbackL3Bytes);
}

TEST(RotationPlanTest, TinyShapeIsCapped) {
  EXPECT_EQ(PlanRotation(1, 1, 1, 32 * kMiB).sets, kMaxOperandSets);
}

TEST(FillUniformTest, ReproducibleInRangeAndNotZero) {
  std::vector<float> a(10000), b(10000), c(10000);
  FillUniform(a.data(), 10000, 7);
  FillUniform(b.data(), 10000, 7);
  FillUniform(c.data(), 10000, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  double sum = 0, sum_abs = 0;
  for (float x : a) {
    EXPECT_GE(x, -1.0f);
    EXPECT_LT(x, 1.0f);
    sum += x;
    sum_abs += std::fabs(x);
  }
  EXPECT_NEAR(sum / 10000, 0.0, 0.05);      // centred
  EXPECT_NEAR(sum_abs / 10000, 0.5, 0.05);  // uniform on [-1, 1): E|x| = 1/2, never all zeros
}

TEST(GemmOperandsTest, SetsDifferAndArgsDescribeRowMajorProduct) {
  GemmOperands ops(3, 5, 4, 2, 1);
  const gemm::SgemmArgs a0 = ops.Args(0), a1 = ops.Args(1);
  EXPECT_EQ(a0.m, 3);
  EXPECT_EQ(a0.lda, 4);
  EXPECT_EQ(a0.ldb, 5);
  EXPECT_EQ(a0.ldc, 5);
  EXPECT_EQ(a0.beta, 0.0f);
  EXPECT_NE(a0.a[0], a1.a[0]);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a0.b) % 64, 0u);
  EXPECT_TRUE(std::isnan(a0.c[0]));  // C starts poisoned
}

}  // namespace
}  // namespace tv::bench
