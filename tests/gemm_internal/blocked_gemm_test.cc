// RunBlocked's two loop orders against a naive double loop: A packed once per KC
// slice (the default with several NC blocks) and A packed per NC block (BLIS's
// order, taken beyond whole_packed_a_limit; forced here with a limit of 0), each
// with A and B packed or read in place, A and B in either storage direction, and
// every loop (jc, pc, ic, jr, ir) running several blocks with a short tail.
#include "gemm/cpu/blocked_gemm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gemm/cpu/canonical.h"
#include "gemm/cpu/isa.h"
#include "test_util.h"

namespace tv::gemm::cpu {
namespace {

using testing::AvailableIsas;
using testing::Close;
using testing::RandomFloats;

struct Order {
  const char* name;
  int64_t whole_packed_a_limit;
};

void CheckOne(const KernelTable& table, const MicrokernelEntry& kernel, bool pack_a, bool pack_b,
              bool a_rows_contiguous, bool b_rows_contiguous, const Order& order) {
  SCOPED_TRACE(std::string(order.name) + " kernel " + std::to_string(kernel.mr) + "x" +
               std::to_string(kernel.nr) + " pack_a=" + std::to_string(pack_a) + " pack_b=" +
               std::to_string(pack_b) + " a_rows_contiguous=" + std::to_string(a_rows_contiguous) +
               " b_rows_contiguous=" + std::to_string(b_rows_contiguous));
  BlockedPlan plan;
  plan.mc = 2 * kernel.mr;
  plan.nc = kernel.nr;
  plan.kc = 16;
  plan.pack_a = pack_a;
  plan.pack_b = pack_b;
  plan.kernel = kernel;
  plan.pack_a_fn = table.pack_a;
  plan.pack_b_fn = table.pack_b;
  plan.whole_packed_a_limit = order.whole_packed_a_limit;

  // Three and a bit blocks in every loop: m spans 3 MC blocks and a part one
  // (whose last MR panel is short), n 3 NC blocks and a short one, k 2 KC slices and 3.
  const int64_t m = 3 * plan.mc + kernel.mr + 1;
  const int64_t n = 3 * plan.nc + 5;
  const int64_t k = 2 * plan.kc + 3;
  const int64_t lda = (a_rows_contiguous ? k : m) + 2;
  const int64_t ldb = (b_rows_contiguous ? n : k) + 3;
  const int64_t ldc = n + 4;
  const std::vector<float> a = RandomFloats(static_cast<size_t>((a_rows_contiguous ? m : k) * lda), 1);
  const std::vector<float> b = RandomFloats(static_cast<size_t>((b_rows_contiguous ? k : n) * ldb), 2);
  const std::vector<float> c0 = RandomFloats(static_cast<size_t>(m * ldc), 3);
  std::vector<float> c = c0;

  CanonicalProblem p;
  p.m = m;
  p.n = n;
  p.k = k;
  p.alpha = -0.5f;
  p.a = a.data();
  p.a_rs = a_rows_contiguous ? lda : 1;
  p.a_cs = a_rows_contiguous ? 1 : lda;
  p.b = b.data();
  p.b_rs = b_rows_contiguous ? ldb : 1;
  p.b_cs = b_rows_contiguous ? 1 : ldb;
  p.beta = 0.5f;
  p.c = c.data();
  p.ldc = ldc;
  if (!pack_b && p.b_cs != 1) return;  // in-place B needs contiguous rows (BlockedPlan)
  BlockedWorkspace ws;
  RunBlocked(p, plan, ws);

  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      const float got = c[i * ldc + j];
      if (j >= n) {
        ASSERT_EQ(got, c0[i * ldc + j]) << "touched C outside at " << i << "," << j;
        continue;
      }
      double sum = 0, mag = 0;
      for (int64_t q = 0; q < k; ++q) {
        const double term = static_cast<double>(a[i * p.a_rs + q * p.a_cs]) * b[q * p.b_rs + j * p.b_cs];
        sum += term;
        mag += std::fabs(term);
      }
      const double want = p.alpha * sum + static_cast<double>(p.beta) * c0[i * ldc + j];
      ASSERT_TRUE(Close(got, want, mag + std::fabs(c0[i * ldc + j]), k))
          << "C(" << i << "," << j << ") = " << got << ", want " << want;
    }
  }
}

class BlockedGemmTest : public ::testing::TestWithParam<Isa> {};

TEST_P(BlockedGemmTest, BothLoopOrdersMatchTheNaiveLoop) {
  const KernelTable& table = KernelTableFor(GetParam());
  for (const Order& order :
       {Order{"A packed once per KC slice", int64_t{16} << 20}, Order{"A packed per NC block", 0}}) {
    for (int s = 0; s < table.kernel_count; ++s) {
      for (bool pack_a : {true, false}) {
        for (bool pack_b : {true, false}) {
          for (bool a_rows : {true, false}) {
            for (bool b_rows : {true, false}) {
              CheckOne(table, table.kernels[s], pack_a, pack_b, a_rows, b_rows, order);
              if (::testing::Test::HasFatalFailure()) return;
            }
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, BlockedGemmTest, ::testing::ValuesIn(AvailableIsas()),
                         testing::IsaTestName);

}  // namespace
}  // namespace tv::gemm::cpu
