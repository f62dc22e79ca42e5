// Packers of every ISA against the definition in kernel_table.h: any strides
// (row- and column-contiguous operands), edges padded with zeros.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/int_math.h"
#include "gemm/cpu/kernel_table.h"
#include "test_util.h"

namespace tv::gemm::cpu {
namespace {

using testing::AvailableIsas;
using testing::RandomFloats;

class PackTest : public ::testing::TestWithParam<Isa> {};

TEST_P(PackTest, PackAMatchesDefinition) {
  const KernelTable& table = KernelTableFor(GetParam());
  for (int s = 0; s < table.kernel_count; ++s) {
    const int mr = table.kernels[s].mr;
    for (int64_t mc : {int64_t{1}, int64_t{mr - 1}, int64_t{mr}, int64_t{3 * mr + 2}}) {
      if (mc < 1) continue;
      for (int64_t kc : {1, 15, 16, 17, 40}) {
        for (bool rows_contiguous : {true, false}) {
          SCOPED_TRACE("mr=" + std::to_string(mr) + " mc=" + std::to_string(mc) +
                       " kc=" + std::to_string(kc) + " rows_contiguous=" + std::to_string(rows_contiguous));
          const int64_t ld = (rows_contiguous ? kc : mc) + 3;
          const int64_t a_rs = rows_contiguous ? ld : 1;
          const int64_t a_cs = rows_contiguous ? 1 : ld;
          const std::vector<float> a = RandomFloats((rows_contiguous ? mc : kc) * ld, 7);
          std::vector<float> dst(RoundUp(mc, mr) * kc, -99.0f);
          table.pack_a(mr, mc, kc, a.data(), a_rs, a_cs, dst.data());
          for (int64_t i = 0; i < RoundUp(mc, mr); ++i) {
            for (int64_t p = 0; p < kc; ++p) {
              const float got = dst[(i / mr) * mr * kc + p * mr + i % mr];
              const float want = i < mc ? a[i * a_rs + p * a_cs] : 0.0f;
              ASSERT_EQ(got, want) << "i=" << i << " p=" << p;
            }
          }
        }
      }
    }
  }
}

TEST_P(PackTest, PackBMatchesDefinition) {
  const KernelTable& table = KernelTableFor(GetParam());
  for (int s = 0; s < table.kernel_count; ++s) {
    const int nr = table.kernels[s].nr;
    for (int64_t nc : {int64_t{1}, int64_t{nr - 1}, int64_t{nr}, int64_t{2 * nr + 5}}) {
      for (int64_t kc : {1, 2, 17}) {
        for (bool rows_contiguous : {true, false}) {
          SCOPED_TRACE("nr=" + std::to_string(nr) + " nc=" + std::to_string(nc) +
                       " kc=" + std::to_string(kc) + " rows_contiguous=" + std::to_string(rows_contiguous));
          const int64_t ld = (rows_contiguous ? nc : kc) + 3;
          const int64_t b_rs = rows_contiguous ? ld : 1;
          const int64_t b_cs = rows_contiguous ? 1 : ld;
          const std::vector<float> b = RandomFloats((rows_contiguous ? kc : nc) * ld, 9);
          std::vector<float> dst(RoundUp(nc, nr) * kc, -99.0f);
          table.pack_b(nr, kc, nc, b.data(), b_rs, b_cs, dst.data());
          for (int64_t j = 0; j < RoundUp(nc, nr); ++j) {
            for (int64_t p = 0; p < kc; ++p) {
              const float got = dst[(j / nr) * nr * kc + p * nr + j % nr];
              const float want = j < nc ? b[p * b_rs + j * b_cs] : 0.0f;
              ASSERT_EQ(got, want) << "j=" << j << " p=" << p;
            }
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, PackTest, ::testing::ValuesIn(AvailableIsas()), testing::IsaTestName);

}  // namespace
}  // namespace tv::gemm::cpu
