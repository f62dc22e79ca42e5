// Legalize properties over random requests and shapes, for every ISA: every
// field resolved and in range, aligned to the kernel, idempotent.
#include "gemm/cpu/legalize.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/int_math.h"
#include "gemm/cpu/canonical.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/small_m/small_m.h"
#include "test_util.h"

namespace tv::gemm::cpu {
namespace {

using testing::AvailableIsas;

bool SameConfig(const tv_tile_config& x, const tv_tile_config& y) {
  return x.mc == y.mc && x.nc == y.nc && x.kc == y.kc && x.mr == y.mr && x.nr == y.nr &&
         x.threads == y.threads && x.parallel == y.parallel && x.pack_a == y.pack_a && x.pack_b == y.pack_b &&
         x.path == y.path;
}

void ExpectLegalBlocked(const tv_tile_config& t, const CanonicalShape& s, const CpuGemm& gemm) {
  EXPECT_EQ(t.path, TV_PATH_BLOCKED);
  bool offered = false;
  for (const KernelShape& k : gemm.KernelShapes()) offered |= (k.mr == t.mr && k.nr == t.nr);
  EXPECT_TRUE(offered) << t.mr << "x" << t.nr;
  EXPECT_GE(t.mc, t.mr);
  EXPECT_EQ(t.mc % t.mr, 0);
  EXPECT_LE(t.mc, RoundUp(std::max<int64_t>(s.m, 1), t.mr));
  EXPECT_GE(t.nc, t.nr);
  EXPECT_EQ(t.nc % t.nr, 0);
  EXPECT_LE(t.nc, RoundUp(std::max<int64_t>(s.n, 1), t.nr));
  EXPECT_GE(t.kc, 1);
  EXPECT_LE(t.kc, std::max<int64_t>(s.k, 1));
  EXPECT_GE(t.threads, 1);
  EXPECT_LE(t.threads, gemm.threads());
  EXPECT_TRUE(t.parallel == TV_PARALLEL_N || t.parallel == TV_PARALLEL_M || t.parallel == TV_PARALLEL_K);
  EXPECT_TRUE(t.pack_a == TV_PACK_ON || t.pack_a == TV_PACK_OFF);
  EXPECT_TRUE(t.pack_b == TV_PACK_ON || t.pack_b == TV_PACK_OFF);
  if (!s.b_rows_contiguous) {
    EXPECT_EQ(t.pack_b, TV_PACK_ON);
  }
}

class LegalizeTest : public ::testing::TestWithParam<Isa> {};

TEST_P(LegalizeTest, RandomRequestsBecomeLegalAndStayFixed) {
  const CpuGemm gemm(3, GetParam());
  std::mt19937 rng(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 3000; ++trial) {
    GemmShape shape;
    shape.m = pick(0, 3) == 0 ? pick(0, 40) : pick(0, 3000);
    shape.n = pick(0, 3000);
    shape.k = pick(0, 3000);
    shape.layout = pick(0, 1) ? Layout::kRowMajor : Layout::kColMajor;
    shape.trans_a = pick(0, 1) ? Transpose::kNo : Transpose::kYes;
    shape.trans_b = pick(0, 1) ? Transpose::kNo : Transpose::kYes;
    tv_tile_config req{};
    if (pick(0, 4) > 0) {
      req.mc = pick(-5, 5000);
      req.nc = pick(-5, 9000);
      req.kc = pick(-5, 5000);
      req.mr = pick(-1, 40);
      req.nr = pick(-1, 80);
      req.threads = pick(-1, 8);
      req.parallel = pick(-1, 5);
      req.pack_a = pick(-1, 4);
      req.pack_b = pick(-1, 4);
      req.path = pick(-1, 4);
    }
    SCOPED_TRACE("trial " + std::to_string(trial) + " m=" + std::to_string(shape.m) + " n=" +
                 std::to_string(shape.n) + " k=" + std::to_string(shape.k) + " request " + FormatTiles(req));
    const tv_tile_config legal = gemm.Legalize(req, shape);
    const CanonicalShape s = CanonicalizeShape(shape);
    if (legal.path == TV_PATH_SMALL_M) {
      EXPECT_LE(s.m, kSmallMMax);
    } else {
      ExpectLegalBlocked(legal, s, gemm);
    }
    const tv_tile_config again = gemm.Legalize(legal, shape);
    ASSERT_TRUE(SameConfig(legal, again)) << FormatTiles(legal) << " -> " << FormatTiles(again);
  }
}

TEST_P(LegalizeTest, OfferedShapesAreKeptAndOthersSnapToNearest) {
  const CpuGemm gemm(1, GetParam());
  const GemmShape shape{1000, 1000, 1000};
  for (const KernelShape& k : gemm.KernelShapes()) {
    tv_tile_config req{};
    req.mr = k.mr;
    req.nr = k.nr;
    req.path = TV_PATH_BLOCKED;
    const tv_tile_config legal = gemm.Legalize(req, shape);
    EXPECT_EQ(legal.mr, k.mr);
    EXPECT_EQ(legal.nr, k.nr);
  }
}

// Auto on the blocked path above 64 rows: 8 x 48 where the ISA offers it and it
// pads m and n by at most 4% more than the first kernel, otherwise the first.
TEST_P(LegalizeTest, AutoKernelOfLargeMIsEightByFortyEightUnlessItPadsN) {
  struct Case {
    GemmShape shape;
    bool wide;  // 8 x 48 expected where offered
  };
  auto check = [](const CpuGemm& gemm, const std::vector<Case>& cases) {
    bool offers_8x48 = false;
    for (const KernelShape& k : gemm.KernelShapes()) offers_8x48 = offers_8x48 || (k.mr == 8 && k.nr == 48);
    const KernelShape first = gemm.KernelShapes()[0];
    for (const Case& c : cases) {
      SCOPED_TRACE(std::to_string(gemm.threads()) + " threads, " + std::to_string(c.shape.m) + "x" +
                   std::to_string(c.shape.n) + "x" + std::to_string(c.shape.k));
      tv_tile_config req{};
      req.path = TV_PATH_BLOCKED;
      const tv_tile_config legal = gemm.Legalize(req, c.shape);
      EXPECT_EQ(legal.threads, gemm.threads());
      const bool wide = offers_8x48 && c.wide;
      EXPECT_EQ(legal.mr, wide ? 8 : first.mr);
      EXPECT_EQ(legal.nr, wide ? 48 : first.nr);
    }
  };
  check(CpuGemm(1, GetParam()),
        {
            {{512, 4096, 4096}, true},
            {{1000, 1000, 1000}, true},
            {{2048, 192, 576}, true},
            {{256, 896, 4864}, true},
            {{2048, 64, 2048}, false},
            {{1024, 128, 1024}, false},
            {{100, 400, 300}, false},  // 8 x 48 pads to 104 x 432, AVX-512's 6 x 32 to 102 x 416: 1.06x
        });
  // On two threads the padding compared is the busiest thread's: 256 x 896 splits
  // n into 10 + 9 panels of 48 (480 columns) against 14 + 14 of 32 (448), 1.06x;
  // and k <= 64 keeps the first kernel.
  check(CpuGemm(2, GetParam()), {
                                    {{512, 4096, 4096}, true},
                                    {{256, 1152, 896}, true},
                                    {{2048, 192, 576}, true},
                                    {{256, 896, 896}, false},
                                    {{1024, 1024, 64}, false},
                                });
}

TEST_P(LegalizeTest, PackBOffOnlyWhenRowsOfBAreContiguous) {
  const CpuGemm gemm(1, GetParam());
  tv_tile_config req{};
  req.pack_b = TV_PACK_OFF;
  req.path = TV_PATH_BLOCKED;
  GemmShape row_b{100, 100, 100, Layout::kRowMajor, Transpose::kNo, Transpose::kNo};
  EXPECT_EQ(gemm.Legalize(req, row_b).pack_b, TV_PACK_OFF);
  GemmShape col_b{100, 100, 100, Layout::kRowMajor, Transpose::kNo, Transpose::kYes};
  EXPECT_EQ(gemm.Legalize(req, col_b).pack_b, TV_PACK_ON);
  // Column-major C = A * B is row-major C^T = B^T A^T: B' = A^T, rows contiguous when A is not transposed.
  GemmShape col_major{100, 100, 100, Layout::kColMajor, Transpose::kNo, Transpose::kYes};
  EXPECT_EQ(gemm.Legalize(req, col_major).pack_b, TV_PACK_OFF);
}

TEST_P(LegalizeTest, ZeroSizeProblemsGetALegalConfig) {
  const CpuGemm gemm(2, GetParam());
  for (GemmShape shape : {GemmShape{0, 0, 0}, GemmShape{0, 5, 5}, GemmShape{5, 0, 5}, GemmShape{5, 5, 0}}) {
    const tv_tile_config legal = gemm.Legalize(tv_tile_config{}, shape);
    if (legal.path != TV_PATH_SMALL_M) ExpectLegalBlocked(legal, CanonicalizeShape(shape), gemm);
  }
}

TEST_P(LegalizeTest, ThreadsNeverExceedTheSplitLoop) {
  const CpuGemm gemm(4, GetParam());
  tv_tile_config req{};
  req.threads = 4;
  req.parallel = TV_PARALLEL_K;
  req.path = TV_PATH_BLOCKED;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{64, 64, 2}).threads, 2);
  req.parallel = TV_PARALLEL_N;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{64, 1, 64}).threads, 1);
}

// Auto splits the loop whose shared operand is the smaller one to pack: M
// (each thread packs all of B) where n < m, N (all of A) otherwise.
TEST_P(LegalizeTest, AutoSplitsMWhereNIsSmallerThanM) {
  const CpuGemm gemm(2, GetParam());
  tv_tile_config req{};
  req.path = TV_PATH_BLOCKED;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{2048, 192, 576}).parallel, TV_PARALLEL_M);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 128, 896}).parallel, TV_PARALLEL_M);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 896, 896}).parallel, TV_PARALLEL_N);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{512, 4096, 4096}).parallel, TV_PARALLEL_N);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{2048, 2048, 64}).parallel, TV_PARALLEL_N);
}

// The blocked path's auto kc: all of k up to 576 deep, equal slices of at
// most 384 beyond; a requested kc is kept.
TEST_P(LegalizeTest, AutoDepthIsOneSliceForShallowProducts) {
  const CpuGemm gemm(2, GetParam());
  tv_tile_config req{};
  req.path = TV_PATH_BLOCKED;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 576, 576}).kc, 576);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 960, 400}).kc, 400);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 576, 577}).kc, 289);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 576, 1536}).kc, 384);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{512, 4096, 4096}).kc, 373);
  req.kc = 288;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{256, 576, 576}).kc, 288);
}

// Two threads split K where the product is at least 4 n deep and the M split
// does not apply; one thread, or a shallower product, or a partial C over 32
// MiB, does not. From 2 n deep they split K too where the partial C is at most
// 1 MiB and m >= 128.
TEST_P(LegalizeTest, AutoSplitsKOnTwoThreadsForDeepProducts) {
  tv_tile_config req{};
  req.path = TV_PATH_BLOCKED;
  const CpuGemm two(2, GetParam());
  EXPECT_EQ(two.Legalize(req, GemmShape{256, 896, 4864}).parallel, TV_PARALLEL_K);
  EXPECT_EQ(two.Legalize(req, GemmShape{512, 1024, 4096}).parallel, TV_PARALLEL_K);
  EXPECT_EQ(two.Legalize(req, GemmShape{512, 1024, 4095}).parallel, TV_PARALLEL_N);  // 2 MiB partial
  EXPECT_EQ(two.Legalize(req, GemmShape{256, 576, 1536}).parallel, TV_PARALLEL_K);
  EXPECT_EQ(two.Legalize(req, GemmShape{256, 576, 1151}).parallel, TV_PARALLEL_N);     // k < 2 n
  EXPECT_EQ(two.Legalize(req, GemmShape{64, 576, 1536}).parallel, TV_PARALLEL_N);      // m < 128
  EXPECT_EQ(two.Legalize(req, GemmShape{512, 576, 1536}).parallel, TV_PARALLEL_N);     // 1.1 MiB partial
  EXPECT_EQ(two.Legalize(req, GemmShape{4096, 4096, 16384}).parallel, TV_PARALLEL_N);  // 64 MiB partial
  EXPECT_EQ(two.Legalize(req, GemmShape{2048, 128, 1024}).parallel, TV_PARALLEL_M);    // n < m: M first
  const CpuGemm one(1, GetParam());
  EXPECT_EQ(one.Legalize(req, GemmShape{256, 896, 4864}).threads, 1);
  const CpuGemm four(4, GetParam());
  EXPECT_NE(four.Legalize(req, GemmShape{256, 896, 4864}).parallel, TV_PARALLEL_K);
}

// Auto reads A in place (rows contiguous) where the busiest thread has at most
// 256 columns of C, and packs it otherwise, or where A's rows are strided.
TEST_P(LegalizeTest, AutoReadsAInPlaceOnlyForFewColumnsAThread) {
  tv_tile_config req{};
  req.path = TV_PATH_BLOCKED;
  const CpuGemm one(1, GetParam());
  EXPECT_EQ(one.Legalize(req, GemmShape{2048, 64, 2048}).pack_a, TV_PACK_OFF);
  EXPECT_EQ(one.Legalize(req, GemmShape{1024, 256, 1024}).pack_a, TV_PACK_OFF);
  EXPECT_EQ(one.Legalize(req, GemmShape{1024, 512, 1024}).pack_a, TV_PACK_ON);
  EXPECT_EQ(one.Legalize(req, GemmShape{256, 896, 896}).pack_a, TV_PACK_ON);
  // m <= 64 (the small-m blocked defaults) keeps A packed.
  EXPECT_EQ(one.Legalize(req, GemmShape{64, 64, 2048}).pack_a, TV_PACK_ON);
  // A transposed: its rows are strided, so it is packed.
  EXPECT_EQ(
      one.Legalize(req, GemmShape{2048, 64, 2048, Layout::kRowMajor, Transpose::kYes, Transpose::kNo}).pack_a,
      TV_PACK_ON);
  // An explicit request wins.
  tv_tile_config packed = req;
  packed.pack_a = TV_PACK_ON;
  EXPECT_EQ(one.Legalize(packed, GemmShape{2048, 64, 2048}).pack_a, TV_PACK_ON);
  // Two threads count the busiest thread's columns: 448 of 896 (6x32) under the N split.
  const CpuGemm two(2, GetParam());
  EXPECT_EQ(two.Legalize(req, GemmShape{2048, 192, 576}).pack_a, TV_PACK_OFF);  // M split: all 192
  EXPECT_EQ(two.Legalize(req, GemmShape{256, 896, 896}).pack_a, TV_PACK_ON);
}

// Auto: the small-M path for every m up to kAutoSmallMMax; above it, up to
// kSmallMMax, only with AVX-512 and at least kAutoSmallMMinBBytes of B
// (streamed from memory), whichever way B is laid out.
TEST_P(LegalizeTest, AutoTakesTheSmallMPathAboveSixteenRowsOnlyForLargeStreamedB) {
  const CpuGemm gemm(2, GetParam());
  const bool avx512 = GetParam() == Isa::kAvx512;
  auto path = [&](GemmShape shape) { return gemm.Legalize(tv_tile_config{}, shape).path; };
  EXPECT_EQ(path(GemmShape{kAutoSmallMMax, 64, 64}), TV_PATH_SMALL_M);
  EXPECT_EQ(path(GemmShape{kSmallMMax, 4096, 4096}), avx512 ? TV_PATH_SMALL_M : TV_PATH_BLOCKED);
  EXPECT_EQ(path(GemmShape{kAutoSmallMMax + 1, 4096, 4096}), avx512 ? TV_PATH_SMALL_M : TV_PATH_BLOCKED);
  EXPECT_EQ(path(GemmShape{kSmallMMax + 1, 4096, 4096}), TV_PATH_BLOCKED);
  EXPECT_EQ(path(GemmShape{kSmallMMax, 576, 1536}), TV_PATH_BLOCKED);  // 3.5 MiB of B: in the caches
  GemmShape b_transposed{kSmallMMax, 4096, 4096, Layout::kRowMajor, Transpose::kNo, Transpose::kYes};
  EXPECT_EQ(path(b_transposed), avx512 ? TV_PATH_SMALL_M : TV_PATH_BLOCKED);
  b_transposed.n = 64;
  b_transposed.k = 64;
  EXPECT_EQ(path(b_transposed), TV_PATH_BLOCKED);
  // A request for the path gets it wherever it can run.
  tv_tile_config req{};
  req.path = TV_PATH_SMALL_M;
  EXPECT_EQ(gemm.Legalize(req, GemmShape{kSmallMMax, 576, 1536}).path, TV_PATH_SMALL_M);
  EXPECT_EQ(gemm.Legalize(req, GemmShape{kSmallMMax + 1, 576, 1536}).path, TV_PATH_BLOCKED);
}

INSTANTIATE_TEST_SUITE_P(AllIsas, LegalizeTest, ::testing::ValuesIn(AvailableIsas()), testing::IsaTestName);

}  // namespace
}  // namespace tv::gemm::cpu
