// The engine end to end over random legal configs (every thread split, packing
// on and off, every kernel shape) against a naive double loop. The full
// conformance matrix lives in tests/gemm; this checks the internals compose.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "test_util.h"

namespace tv::gemm::cpu {
namespace {

using testing::AvailableIsas;
using testing::Close;
using testing::kNaN;
using testing::RandomFloats;

// A random problem of the given size with random layout, transposes and ld slack.
struct Problem {
  SgemmArgs args;
  std::vector<float> a, b, c, c0;
};

Problem MakeProblem(int64_t m, int64_t n, int64_t k, std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem pr;
  SgemmArgs& args = pr.args;
  args.layout = pick(0, 1) ? Layout::kRowMajor : Layout::kColMajor;
  args.trans_a = pick(0, 1) ? Transpose::kNo : Transpose::kYes;
  args.trans_b = pick(0, 1) ? Transpose::kNo : Transpose::kYes;
  args.m = m;
  args.n = n;
  args.k = k;
  const bool row = args.layout == Layout::kRowMajor;
  const bool ta = args.trans_a == Transpose::kYes;
  const bool tb = args.trans_b == Transpose::kYes;
  // Stored operand: (rows, cols) in its own order; ld = the contiguous extent + slack.
  const int64_t a_rows = (row != ta) ? m : k;
  const int64_t a_cols = (row != ta) ? k : m;
  const int64_t b_rows = (row != tb) ? k : n;
  const int64_t b_cols = (row != tb) ? n : k;
  args.lda = std::max<int64_t>(a_cols, 1) + pick(0, 3);
  args.ldb = std::max<int64_t>(b_cols, 1) + pick(0, 3);
  args.ldc = std::max<int64_t>(row ? n : m, 1) + pick(0, 3);
  const uint32_t seed = rng();
  pr.a = RandomFloats(a_rows * args.lda, seed);
  pr.b = RandomFloats(b_rows * args.ldb, seed + 1);
  pr.c = RandomFloats((row ? m : n) * args.ldc, seed + 2);
  args.alpha = pick(0, 1) ? 1.0f : -0.5f;
  args.beta = pick(0, 2) == 0 ? 0.0f : 0.5f;
  if (args.beta == 0.0f) std::fill(pr.c.begin(), pr.c.end(), kNaN);
  pr.c0 = pr.c;
  args.a = pr.a.data();
  args.b = pr.b.data();
  args.c = pr.c.data();
  return pr;
}

// Compares pr.c against a double-precision loop over pr.c0.
void ExpectMatchesNaiveLoop(const Problem& pr) {
  const SgemmArgs& args = pr.args;
  const bool row = args.layout == Layout::kRowMajor;
  const bool ta = args.trans_a == Transpose::kYes;
  const bool tb = args.trans_b == Transpose::kYes;
  auto at = [&](const std::vector<float>& x, int64_t ld, bool t, int64_t r, int64_t col) {
    if (t) std::swap(r, col);
    return row ? x[r * ld + col] : x[r + col * ld];
  };
  for (int64_t i = 0; i < args.m; ++i) {
    for (int64_t j = 0; j < args.n; ++j) {
      double sum = 0, mag = 0;
      for (int64_t p = 0; p < args.k; ++p) {
        const double term = static_cast<double>(at(pr.a, args.lda, ta, i, p)) * at(pr.b, args.ldb, tb, p, j);
        sum += term;
        mag += std::fabs(term);
      }
      const int64_t ci = row ? i * args.ldc + j : i + j * args.ldc;
      double want = args.alpha * sum;
      if (args.beta != 0.0f) {
        want += args.beta * static_cast<double>(pr.c0[ci]);
        mag += std::fabs(pr.c0[ci]);
      }
      ASSERT_TRUE(Close(pr.c[ci], want, mag, args.k))
          << "C(" << i << "," << j << ") = " << pr.c[ci] << ", want " << want;
    }
  }
}

std::string Describe(const SgemmArgs& args) {
  return "m=" + std::to_string(args.m) + " n=" + std::to_string(args.n) + " k=" + std::to_string(args.k) +
         " col_major=" + std::to_string(args.layout == Layout::kColMajor) +
         " ta=" + std::to_string(args.trans_a == Transpose::kYes) +
         " tb=" + std::to_string(args.trans_b == Transpose::kYes) + " beta=" + std::to_string(args.beta);
}

class ParallelGemmTest : public ::testing::TestWithParam<Isa> {};

TEST_P(ParallelGemmTest, RandomLegalConfigsMatchNaiveLoop) {
  CpuGemm gemm(3, GetParam());
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 150; ++trial) {
    Problem pr = MakeProblem(pick(1, 90), pick(1, 140), pick(1, 90), rng);
    tv_tile_config req{};
    req.mc = pick(0, 100);
    req.nc = pick(0, 200);
    req.kc = pick(0, 40);
    const auto shapes = gemm.KernelShapes();
    const KernelShape ks = shapes[pick(0, static_cast<int>(shapes.size()) - 1)];
    req.mr = ks.mr;
    req.nr = ks.nr;
    req.threads = pick(1, 3);
    req.parallel = pick(1, 3);
    req.pack_a = pick(1, 2);
    req.pack_b = pick(1, 2);
    req.path = TV_PATH_BLOCKED;
    SCOPED_TRACE("trial " + std::to_string(trial) + " " + Describe(pr.args) + " tiles " +
                 FormatTiles(gemm.Legalize(req, ShapeOf(pr.args))));
    const Status status = gemm.Run(pr.args, req);
    ASSERT_TRUE(status.ok()) << status.message();
    ExpectMatchesNaiveLoop(pr);
    if (HasFatalFailure()) return;
  }
}

// Auto configs and every path request around the small-M boundary, with the
// tiny-k and alpha == 0 shortcuts.
TEST_P(ParallelGemmTest, AutoAndSmallMRequestsMatchNaiveLoop) {
  CpuGemm gemm(2, GetParam());
  std::mt19937 rng(11);
  for (int64_t m : {1, 2, 5, 8, 9, 16, 17, 40}) {
    for (int64_t k : {0, 1, 3, 300}) {
      for (int32_t path : {TV_PATH_AUTO, TV_PATH_SMALL_M, TV_PATH_BLOCKED}) {
        Problem pr = MakeProblem(m, 77, k, rng);
        if (m == 9 && k == 3) pr.args.alpha = 0.0f;
        tv_tile_config req{};
        req.path = path;
        SCOPED_TRACE(Describe(pr.args) + " tiles " + FormatTiles(gemm.Legalize(req, ShapeOf(pr.args))));
        const Status status = gemm.Run(pr.args, req);
        ASSERT_TRUE(status.ok()) << status.message();
        ExpectMatchesNaiveLoop(pr);
        if (HasFatalFailure()) return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, ParallelGemmTest, ::testing::ValuesIn(AvailableIsas()),
                         testing::IsaTestName);

}  // namespace
}  // namespace tv::gemm::cpu
