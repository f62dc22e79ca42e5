// The roofline's read loops sum every element once whatever the number of
// streams they read it as (the bandwidth is only meaningful if they do).
#include "bench/roofline_kernels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace tv::bench::roofline_kernels {
namespace {

using SumFn = float (*)(const float*, int64_t, int);

// Small integers, so every partial sum is exact in float.
std::unique_ptr<float, void (*)(void*)> Filled(int64_t count, double* exact) {
  std::unique_ptr<float, void (*)(void*)> data(
      static_cast<float*>(std::aligned_alloc(64, static_cast<size_t>(count) * sizeof(float))), &std::free);
  *exact = 0;
  for (int64_t i = 0; i < count; ++i) {
    data.get()[i] = static_cast<float>(i % 7 - 2);
    *exact += i % 7 - 2;
  }
  return data;
}

void ExpectEverySumExact(SumFn sum) {
  constexpr int64_t kCount = 64 * 4 * 37;
  double exact = 0;
  const auto data = Filled(kCount, &exact);
  for (int streams : {1, 2, 4}) {
    SCOPED_TRACE("streams " + std::to_string(streams));
    EXPECT_EQ(sum(data.get(), kCount, streams), static_cast<float>(exact));
  }
}

TEST(RooflineKernelsTest, PortableSumReadsEveryElementOnce) { ExpectEverySumExact(&SumPortable); }

TEST(RooflineKernelsTest, Avx2SumReadsEveryElementOnce) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  ExpectEverySumExact(&SumAvx2);
}

TEST(RooflineKernelsTest, Avx512SumReadsEveryElementOnce) {
  if (!__builtin_cpu_supports("avx512f")) GTEST_SKIP() << "this CPU has no AVX-512";
  ExpectEverySumExact(&SumAvx512);
}

}  // namespace
}  // namespace tv::bench::roofline_kernels
