// LegalizeSmallM properties: every field in range, consistent with the shape
// and the kernel, and legalizing twice changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "gemm/cpu/small_m/small_m.h"
#include "gemm/cpu/small_m/small_m_plan.h"

namespace tv::gemm::cpu {
namespace {

TEST(LegalizeSmallMTest, FieldsInRangeAndIdempotent) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick_m(1, TV_SMALL_M_MAX_ROWS), pick_field(-3, 5000), pick_small(-2, 9),
      pick_isa(0, 3);
  std::uniform_int_distribution<int64_t> pick_size(1, 20000);
  for (int trial = 0; trial < 5000; ++trial) {
    CanonicalShape shape;
    shape.m = pick_m(rng);
    shape.n = trial % 5 == 0 ? pick_small(rng) + 3 : pick_size(rng);
    shape.k = trial % 7 == 0 ? pick_small(rng) + 3 : pick_size(rng);
    shape.a_rows_contiguous = trial % 2 == 0;
    shape.b_rows_contiguous = trial % 3 != 0;
    const Isa isa = static_cast<Isa>(pick_isa(rng));
    const int max_threads = 1 + trial % 4;
    tv_tile_config req{pick_field(rng), pick_field(rng), pick_field(rng), pick_small(rng), pick_small(rng),
                       pick_small(rng), pick_small(rng), pick_small(rng), pick_small(rng), pick_small(rng)};
    const tv_tile_config t = LegalizeSmallM(req, shape, isa, max_threads);
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " m=" << shape.m << " n=" << shape.n << " k="
                                      << shape.k << " nc=" << t.nc << " kc=" << t.kc << " nr=" << t.nr);
    EXPECT_EQ(t.path, TV_PATH_SMALL_M);
    EXPECT_EQ(t.pack_a, TV_PACK_OFF);
    EXPECT_EQ(t.pack_b, TV_PACK_OFF);
    EXPECT_EQ(t.mc, shape.m);
    EXPECT_EQ(t.mr, shape.m);
    EXPECT_GE(t.nr, 1);
    EXPECT_LE(t.nr, 128);
    EXPECT_GE(t.nc, t.nr);
    EXPECT_EQ(t.nc % t.nr, 0);
    EXPECT_LT(t.nc - t.nr, std::max<int64_t>(shape.n, 1));  // at most one partial kernel width past n
    EXPECT_GE(t.kc, 1);
    EXPECT_LE(t.kc, std::max<int64_t>(shape.k, 1));
    EXPECT_GE(t.threads, 1);
    EXPECT_LE(t.threads, max_threads);
    EXPECT_TRUE(t.parallel == TV_PARALLEL_N || t.parallel == TV_PARALLEL_K);
    if (t.threads == 1) {
      EXPECT_EQ(t.parallel, TV_PARALLEL_N);
    }
    const tv_tile_config again = LegalizeSmallM(t, shape, isa, max_threads);
    EXPECT_EQ(0, std::memcmp(&t, &again, sizeof(t))) << "not idempotent";
  }
}

TEST(LegalizeSmallMTest, AutoUsesEveryThreadOnLargeShapes) {
  // B rows contiguous (the axpy form): depth split, each thread streams whole rows.
  const tv_tile_config axpy = LegalizeSmallM({}, CanonicalShape{1, 4096, 4096, true, true}, Isa::kAvx2, 2);
  EXPECT_EQ(axpy.threads, 2);
  EXPECT_EQ(axpy.parallel, TV_PARALLEL_K);
  // B columns contiguous (the dot form): each column is a run along k already.
  const tv_tile_config dot = LegalizeSmallM({}, CanonicalShape{1, 4096, 4096, true, false}, Isa::kAvx2, 2);
  EXPECT_EQ(dot.threads, 2);
  EXPECT_EQ(dot.parallel, TV_PARALLEL_N);
}

// One row over B with rows of at most 4096 columns and at least 16 MiB of it
// per thread: kc = 8; otherwise 16.
TEST(LegalizeSmallMTest, OneRowOverNarrowRowsOfLargeBTakesEightRowsOfDepth) {
  auto kc = [](int64_t n, int64_t k, int threads) {
    tv_tile_config req{};
    req.threads = threads;
    return LegalizeSmallM(req, CanonicalShape{1, n, k, true, true}, Isa::kAvx2, threads).kc;
  };
  EXPECT_EQ(kc(4096, 4096, 1), 8);    // 64 MiB
  EXPECT_EQ(kc(4096, 4096, 2), 8);    // 32 MiB a thread
  EXPECT_EQ(kc(1024, 4096, 1), 8);    // 16 MiB
  EXPECT_EQ(kc(1024, 4096, 2), 16);   // 8 MiB a thread
  EXPECT_EQ(kc(11008, 4096, 1), 16);  // wide rows
  EXPECT_EQ(kc(1536, 576, 1), 16);    // 3.4 MiB
  // Two rows keep 16.
  EXPECT_EQ(LegalizeSmallM({}, CanonicalShape{2, 4096, 4096, true, true}, Isa::kAvx2, 1).kc, 16);
}

// Two threads splitting depth get equal shares of a model's hidden sizes
// (smollm2-135m 576, smollm2-360m 960, qwen2.5-0.5b 896 and 4864, ...).
TEST(SliceOfTest, TwoThreadsSplitModelDepthsEvenly) {
  for (int64_t k : {576, 896, 960, 1536, 2048, 3072, 4096, 4864, 8960, 11008, 14336}) {
    const small_m::Range first = small_m::SliceOf(k, small_m::kDepthSliceGranule, 2, 0);
    const small_m::Range second = small_m::SliceOf(k, small_m::kDepthSliceGranule, 2, 1);
    EXPECT_EQ(first.begin, 0);
    EXPECT_EQ(first.end, second.begin);
    EXPECT_EQ(second.end, k);
    EXPECT_EQ(first.end - first.begin, second.end - second.begin) << k;
  }
}

TEST(LegalizeSmallMTest, AxpyFormSplitsNWhenDepthIsShort) {
  // k = 32 is less than a depth slice per thread: the columns are split.
  const tv_tile_config t = LegalizeSmallM({}, CanonicalShape{1, 100000, 32, true, true}, Isa::kAvx2, 2);
  EXPECT_EQ(t.threads, 2);
  EXPECT_EQ(t.parallel, TV_PARALLEL_N);
}

TEST(LegalizeSmallMTest, NarrowShapeSplitsDepth) {
  CanonicalShape shape{4, 3, 100000, true, false};
  const tv_tile_config t = LegalizeSmallM({}, shape, Isa::kAvx2, 2);
  EXPECT_EQ(t.threads, 2);
  EXPECT_EQ(t.parallel, TV_PARALLEL_K);
}

TEST(LegalizeSmallMTest, AutoAddsAThreadPer256KiBOfB) {
  // A decode attention product: 96 KiB of B, one thread.
  EXPECT_EQ(LegalizeSmallM({}, CanonicalShape{3, 384, 64, true, false}, Isa::kAvx2, 2).threads, 1);
  // 256 KiB: a second thread; 512 KiB: a third where there is one.
  EXPECT_EQ(LegalizeSmallM({}, CanonicalShape{7, 1024, 64, true, true}, Isa::kAvx2, 4).threads, 2);
  EXPECT_EQ(LegalizeSmallM({}, CanonicalShape{7, 2048, 64, true, true}, Isa::kAvx2, 4).threads, 3);
  // Asked for, threads are given even on a small B.
  tv_tile_config req{};
  req.threads = 2;
  EXPECT_EQ(LegalizeSmallM(req, CanonicalShape{1, 640, 64, true, true}, Isa::kAvx2, 2).threads, 2);
}

TEST(LegalizeSmallMTest, ExplicitThreadsAreClampedToTheWork) {
  CanonicalShape shape{8, 5, 10, true, true};
  tv_tile_config req{};
  req.threads = 64;
  req.parallel = TV_PARALLEL_K;
  const tv_tile_config t = LegalizeSmallM(req, shape, Isa::kReference, 2);
  EXPECT_EQ(t.threads, 1);  // k = 10 is less than one depth slice
  EXPECT_EQ(t.parallel, TV_PARALLEL_N);
}

}  // namespace
}  // namespace tv::gemm::cpu
