// RunSmallM against the double reference over the matrix of cases: every ISA
// x B layout x m, and within each test every n, k, threads, split, alpha, beta.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>

#include "core/thread_pool.h"
#include "gemm/cpu/small_m/small_m.h"
#include "gemm/cpu/small_m/small_m_plan.h"
#include "small_m_problem.h"

namespace tv::gemm::cpu::testing {
namespace {

constexpr int kPoolThreads = 2;

ThreadPool& Pool() {
  static ThreadPool pool(kPoolThreads);
  return pool;
}

bool Supported(Isa isa) {
  const Isa best = small_m::ResolveIsa(Isa::kAuto);
  if (isa == Isa::kAvx512) return best == Isa::kAvx512;
  if (isa == Isa::kAvx2) return best == Isa::kAvx512 || best == Isa::kAvx2;
  return true;
}

const char* Name(Isa isa) {
  switch (isa) {
    case Isa::kReference:
      return "Reference";
    case Isa::kAvx2:
      return "Avx2";
    case Isa::kAvx512:
      return "Avx512";
    case Isa::kAuto:
      return "Auto";
  }
  return "?";
}

CanonicalShape ShapeOf(const CanonicalProblem& p) { return {p.m, p.n, p.k, p.a_cs == 1, p.b_cs == 1}; }

// Runs p with the requested tiles legalized; returns the normalized error.
double RunAndCheck(SmallMProblem& problem, Isa isa, const tv_tile_config& requested, std::string* where) {
  const CanonicalProblem& p = problem.problem();
  const tv_tile_config tiles = LegalizeSmallM(requested, ShapeOf(p), isa, kPoolThreads);
  RunSmallM(p, tiles, isa, Pool());
  return problem.ErrorAndReset(where);
}

using MatrixParam = std::tuple<Isa, BLayout, int>;

class SmallMMatrixTest : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(SmallMMatrixTest, MatchesReference) {
  const auto [isa, layout, m] = GetParam();
  if (!Supported(isa)) GTEST_SKIP() << Name(isa) << " is not supported by this CPU";
  std::mt19937 rng(1234 + m);
  for (int64_t n : {1, 15, 16, 17, 33, 1031}) {
    for (int64_t k : {1, 2, 17, 1013}) {
      for (float alpha : {1.0f, -0.5f}) {
        for (float beta : {0.0f, 1.0f, -0.5f}) {
          SmallMProblem problem(m, n, k, layout, alpha, beta, rng);
          for (int threads : {1, 2}) {
            for (tv_parallel parallel : {TV_PARALLEL_N, TV_PARALLEL_K}) {
              tv_tile_config requested{};
              requested.threads = threads;
              requested.parallel = parallel;
              std::string where;
              const double error = RunAndCheck(problem, isa, requested, &where);
              ASSERT_LE(error, ErrorBound(k))
                  << "n=" << n << " k=" << k << " alpha=" << alpha << " beta=" << beta
                  << " threads=" << threads << " parallel=" << (parallel == TV_PARALLEL_K ? "K" : "N")
                  << " worst " << where;
            }
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCases, SmallMMatrixTest,
                         ::testing::Combine(::testing::Values(Isa::kReference, Isa::kAvx2, Isa::kAvx512),
                                            ::testing::Values(BLayout::kRows, BLayout::kColumns,
                                                              BLayout::kStrided),
                                            ::testing::Values(1, 2, 3, 7, 8, 15, 16, 17, 24, 31, 32)),
                         [](const ::testing::TestParamInfo<MatrixParam>& case_info) {
                           return std::string(Name(std::get<0>(case_info.param))) + "_B" +
                                  BLayoutName(std::get<1>(case_info.param)) + "_M" +
                                  std::to_string(std::get<2>(case_info.param));
                         });

// Random legal tiles (any nc, kc, threads, split) over random shapes and
// layouts all agree with the reference.
TEST(SmallMRandomTilesTest, EveryLegalConfigMatchesReference) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> pick_m(1, TV_SMALL_M_MAX_ROWS), pick_n(1, 300), pick_k(1, 300),
      pick_chunk(-5, 400);
  std::uniform_int_distribution<int> pick_threads(0, 3), pick_parallel(0, 3), pick_layout(0, 2),
      pick_isa(1, 3);
  for (int trial = 0; trial < 400; ++trial) {
    const Isa isa = static_cast<Isa>(pick_isa(rng));
    if (!Supported(isa)) continue;
    const auto layout = static_cast<BLayout>(pick_layout(rng));
    const int64_t m = pick_m(rng), n = pick_n(rng), k = pick_k(rng);
    const float beta = trial % 3 == 0 ? 0.0f : 0.75f;
    SmallMProblem problem(m, n, k, layout, -1.25f, beta, rng);
    tv_tile_config requested{};
    requested.nc = pick_chunk(rng);
    requested.kc = pick_chunk(rng);
    requested.threads = pick_threads(rng);
    requested.parallel = pick_parallel(rng);
    std::string where;
    const double error = RunAndCheck(problem, isa, requested, &where);
    ASSERT_LE(error, ErrorBound(k)) << Name(isa) << " " << BLayoutName(layout) << " m=" << m << " n=" << n
                                    << " k=" << k << " nc=" << requested.nc << " kc=" << requested.kc
                                    << " threads=" << requested.threads << " parallel=" << requested.parallel
                                    << " worst " << where;
  }
}

// B rows all starting at the same place in a 64-byte line, at each of the 16
// places: the kernels peel the columns before the first line-aligned one.
// Small nc and kc so that column and depth chunks follow the peel.
TEST(SmallMAlignmentTest, EveryOffsetOfBInItsLineMatchesReference) {
  std::mt19937 rng(7);
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512}) {
    if (!Supported(isa)) continue;
    for (int64_t offset = 0; offset < 16; ++offset) {
      for (int64_t m : {1, 2, 5, 16, 32}) {
        for (int64_t n : {3, 16, 17, 40, 300}) {
          for (int64_t k : {1, 19, 130}) {
            SmallMProblem problem(m, n, k, BLayout::kRowsLineStride, 0.5f, offset % 2 == 0 ? 0.0f : 1.0f, rng,
                                  offset);
            for (tv_parallel parallel : {TV_PARALLEL_N, TV_PARALLEL_K}) {
              tv_tile_config requested{};
              requested.threads = 2;
              requested.parallel = parallel;
              requested.nc = 64;
              requested.kc = 7;
              std::string where;
              const double error = RunAndCheck(problem, isa, requested, &where);
              ASSERT_LE(error, ErrorBound(k)) << Name(isa) << " offset=" << offset << " m=" << m << " n=" << n
                                              << " k=" << k << " parallel=" << parallel << " worst " << where;
            }
          }
        }
      }
    }
  }
}

// k == 0 (not a call RunSmallM gets from the engine, but safe): C = beta * C.
TEST(SmallMEdgeTest, ZeroDepthScalesC) {
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512}) {
    if (!Supported(isa)) continue;
    float c[2 * 3] = {1, 2, 3, 4, 5, 6};
    CanonicalProblem p;
    p.m = 2, p.n = 3, p.k = 0, p.alpha = 1.0f, p.beta = 0.5f, p.c = c, p.ldc = 3;
    float dummy = 0.0f;
    p.a = &dummy, p.b = &dummy, p.a_rs = 1, p.a_cs = 1, p.b_rs = 3, p.b_cs = 1;
    const tv_tile_config tiles = LegalizeSmallM({}, ShapeOf(p), isa, 1);
    RunSmallM(p, tiles, isa, Pool());
    for (int i = 0; i < 6; ++i) EXPECT_EQ(c[i], 0.5f * static_cast<float>(i + 1)) << Name(isa);
  }
}

}  // namespace
}  // namespace tv::gemm::cpu::testing
