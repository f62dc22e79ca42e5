// tv::sgemm and tv_sgemm through libtilevolve.so (only the exported API).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "naive_blas.h"
#include "tilevolve/tilevolve.h"

namespace {

using tv::test::MaxRelativeError;
using tv::test::NaiveSgemm;
using tv::test::RandomFloats;

struct Case {
  int layout, ta, tb;
  int64_t m, n, k;
  float alpha, beta;
};

// Runs one case through tv::sgemm with padded leading dimensions and checks it.
void CheckCase(const Case& c) {
  const bool row = c.layout == 101;
  const int64_t a_rows = (c.ta == 111) ? c.m : c.k, a_cols = (c.ta == 111) ? c.k : c.m;
  const int64_t b_rows = (c.tb == 111) ? c.k : c.n, b_cols = (c.tb == 111) ? c.n : c.k;
  const int64_t lda = (row ? a_cols : a_rows) + 3, ldb = (row ? b_cols : b_rows) + 1,
                ldc = (row ? c.n : c.m) + 2;
  const std::vector<float> a = RandomFloats(lda * std::max<int64_t>(1, row ? a_rows : a_cols), 1);
  const std::vector<float> b = RandomFloats(ldb * std::max<int64_t>(1, row ? b_rows : b_cols), 2);
  std::vector<float> got = RandomFloats(ldc * std::max<int64_t>(1, row ? c.m : c.n), 3);
  if (c.beta == 0.0f) std::fill(got.begin(), got.end(), std::numeric_limits<float>::quiet_NaN());
  std::vector<float> want = got;
  ASSERT_EQ(tv::sgemm(static_cast<tv::Layout>(c.layout), static_cast<tv::Transpose>(c.ta),
                      static_cast<tv::Transpose>(c.tb), c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb,
                      c.beta, got.data(), ldc),
            0);
  NaiveSgemm(c.layout, c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta, want.data(),
             ldc);
  // Padding columns of C stay as they were (NaN where beta == 0): compare only C's elements.
  std::vector<float> g, w;
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.n; ++j) {
      const int64_t at = row ? i * ldc + j : j * ldc + i;
      g.push_back(got[at]);
      w.push_back(want[at]);
    }
  }
  EXPECT_LT(MaxRelativeError(g, w), 1e-5)
      << "layout " << c.layout << " ta " << c.ta << " tb " << c.tb << " " << c.m << "x" << c.n << "x" << c.k;
}

TEST(SgemmApi, MatchesTheReferenceOnEveryLayoutAndTranspose) {
  for (int layout : {101, 102}) {
    for (int ta : {111, 112}) {
      for (int tb : {111, 113}) {
        for (auto [m, n, k] :
             {std::tuple<int64_t, int64_t, int64_t>{1, 37, 29}, {7, 1, 13}, {33, 65, 17}, {130, 70, 300}}) {
          CheckCase({layout, ta, tb, m, n, k, 0.75f, 0.0f});
          CheckCase({layout, ta, tb, m, n, k, 1.0f, 0.5f});
        }
      }
    }
  }
}

TEST(SgemmApi, ZeroSizesAndZeroAlphaFollowBlas) {
  CheckCase({101, 111, 111, 5, 6, 0, 1.0f, 0.5f});  // k == 0: C = beta * C
  CheckCase({101, 111, 111, 5, 6, 7, 0.0f, 0.0f});  // alpha == 0, beta == 0: C = 0 (NaN overwritten)
  CheckCase({102, 112, 111, 0, 6, 7, 1.0f, 0.0f});  // m == 0: nothing
}

TEST(SgemmApi, InvalidArgumentsReturnTheirPositionAndLeaveCUntouched) {
  std::vector<float> a(16, 1.0f), b(16, 1.0f), c(16, 7.0f);
  std::string error;
  EXPECT_EQ(tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, 4, 4, 4, 1.0f, a.data(),
                      3, b.data(), 4, 0.0f, c.data(), 4, &error),
            9);
  EXPECT_NE(error.find("lda"), std::string::npos) << error;
  EXPECT_EQ(tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, -1, 4, 4, 1.0f, a.data(),
                      4, b.data(), 4, 0.0f, c.data(), 4),
            4);
  EXPECT_EQ(tv::sgemm(static_cast<tv::Layout>(7), tv::Transpose::kNo, tv::Transpose::kNo, 4, 4, 4, 1.0f,
                      a.data(), 4, b.data(), 4, 0.0f, c.data(), 4),
            1);
  EXPECT_EQ(tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, 4, 4, 4, 1.0f, nullptr,
                      4, b.data(), 4, 0.0f, c.data(), 4),
            8);
  for (float v : c) EXPECT_EQ(v, 7.0f);
  EXPECT_GE(tv::optimization_info().counts.rejected, 4u);
}

TEST(SgemmCApi, RunsAndReportsInvalidArguments) {
  std::vector<float> a = RandomFloats(6 * 5, 4), b = RandomFloats(5 * 4, 5), c(6 * 4, 0.0f),
                     want(6 * 4, 0.0f);
  EXPECT_EQ(tv_sgemm(TV_ROW_MAJOR, TV_NO_TRANS, TV_NO_TRANS, 6, 4, 5, 1.0f, a.data(), 5, b.data(), 4, 0.0f,
                     c.data(), 4),
            0);
  NaiveSgemm(101, 111, 111, 6, 4, 5, 1.0f, a.data(), 5, b.data(), 4, 0.0f, want.data(), 4);
  EXPECT_LT(MaxRelativeError(c, want), 1e-5);
  EXPECT_EQ(
      tv_sgemm(TV_ROW_MAJOR, 999, TV_NO_TRANS, 6, 4, 5, 1.0f, a.data(), 5, b.data(), 4, 0.0f, c.data(), 4),
      2);
  tv_optimization_info info;
  tv_get_optimization_info(&info);
  EXPECT_GE(info.calls, 1u);
  EXPECT_GT(info.threads, 0);
  char text[64];
  const size_t len = tv_format_optimization_info(text, sizeof text);
  EXPECT_GT(len, sizeof text);  // the whole text is longer; the buffer holds a truncated, terminated copy
  EXPECT_EQ(std::string(text).size(), sizeof text - 1);
}

}  // namespace
