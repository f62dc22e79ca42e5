#include "bench/fma_beside.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "bench/operands.h"

namespace tv::bench {
namespace {

// Whole rounds of 16 chains x lanes x 2 flops on every thread, at least the
// flops asked for and less than one more round of all threads.
TEST(FmaBesideTest, DoesWholeRoundsCoveringTheFlopsAsked) {
  for (gemm::Isa isa : {gemm::Isa::kReference, gemm::BestIsa()}) {
    for (int threads : {1, 2, 3}) {
      FmaBeside fma(isa, threads);
      const int lanes = isa == gemm::Isa::kAvx512 ? 16 : isa == gemm::Isa::kAvx2 ? 8 : 4;
      const double round = 16.0 * lanes * 2 * threads;
      for (double flops : {1.0, round, round + 1, 2.0 * 64 * 64 * 64}) {
        const double done = fma.FlopsDone(flops);
        EXPECT_GE(done, flops) << threads << " " << flops;
        EXPECT_LT(done, flops + round) << threads << " " << flops;
        EXPECT_EQ(fma.Run(flops), done);
      }
    }
  }
}

TEST(FmaBesideTest, AsContenderIsUncheckedAndTouchesNoOperand) {
  FmaBeside fma(gemm::BestIsa(), 2);
  const Contender c = fma.AsContender(1e6);
  EXPECT_FALSE(c.checked);
  EXPECT_EQ(c.name, "fma peak");
  GemmOperands operands(64, 64, 64, 1, 7);
  const float* out = operands.Args(0).c;
  const std::vector<float> before(out, out + 64 * 64);  // NaN where beta is 0: compared as bytes
  EXPECT_TRUE(c.run(operands.Args(0)).ok());
  EXPECT_EQ(std::memcmp(out, before.data(), before.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace tv::bench
