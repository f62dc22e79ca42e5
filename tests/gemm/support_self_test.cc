// Tests of the test support: the suite is only as good as its reference, its
// error measure and its tripwires.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "normalized_error.h"
#include "pairwise_cover.h"
#include "reference_gemm.h"
#include "stored_matrix.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::SgemmArgs;
using gemm::Transpose;

TEST(StoredMatrixTest, ElementsAddressedByLayout) {
  StoredMatrix row(Layout::kRowMajor, 2, 3, 5);
  row.at(1, 2) = 7.0f;
  EXPECT_EQ(row.data()[1 * 5 + 2], 7.0f);
  StoredMatrix col(Layout::kColMajor, 2, 3, 4);
  col.at(1, 2) = 7.0f;
  EXPECT_EQ(col.data()[2 * 4 + 1], 7.0f);
}

TEST(StoredMatrixTest, PaddingAndGuardsDetectWrites) {
  StoredMatrix m(Layout::kRowMajor, 3, 4, 6);
  std::mt19937_64 rng(1);
  m.FillRandom(rng);
  std::string where;
  EXPECT_TRUE(m.PaddingIntact(&where)) << where;
  m.data()[1 * 6 + 4] = 0.0f;  // padding of row 1
  EXPECT_FALSE(m.PaddingIntact(&where));
  EXPECT_NE(where.find("padding of line 1"), std::string::npos) << where;

  StoredMatrix n(Layout::kColMajor, 3, 4, 3);
  n.data()[4 * 3] = 1.0f;  // one past the last column
  EXPECT_FALSE(n.PaddingIntact(&where));
  EXPECT_NE(where.find("back guard"), std::string::npos) << where;
  StoredMatrix o(Layout::kColMajor, 3, 4, 3);
  o.data()[-1] = 1.0f;
  EXPECT_FALSE(o.PaddingIntact(&where));
  EXPECT_NE(where.find("front guard"), std::string::npos) << where;
}

TEST(StoredMatrixTest, SentinelIsItsOwnNaN) {
  EXPECT_TRUE(std::isnan(SentinelNaN()));
  EXPECT_TRUE(IsSentinel(SentinelNaN()));
  EXPECT_FALSE(IsSentinel(std::numeric_limits<float>::quiet_NaN()));
}

// A 2 x 2 x 2 product by hand, in every layout and transpose.
TEST(ReferenceGemmTest, HandComputedInEveryLayout) {
  const float a[2][2] = {{1, 2}, {3, 4}};    // op(A)
  const float b[2][2] = {{5, 6}, {7, 8}};    // op(B)
  const float c0[2][2] = {{1, -1}, {2, 0}};  // input C
  // alpha = 2, beta = -0.5: 2 * [[19, 22], [43, 50]] - 0.5 * C
  const double want[2][2] = {{37.5, 44.5}, {85, 100}};
  for (Layout layout : {Layout::kRowMajor, Layout::kColMajor}) {
    for (Transpose ta : {Transpose::kNo, Transpose::kYes}) {
      for (Transpose tb : {Transpose::kNo, Transpose::kYes}) {
        const bool a_t = ta == Transpose::kYes, b_t = tb == Transpose::kYes;
        StoredMatrix sa(layout, 2, 2, 3), sb(layout, 2, 2, 2), sc(layout, 2, 2, 4);
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 2; ++j) {
            (a_t ? sa.at(j, i) : sa.at(i, j)) = a[i][j];
            (b_t ? sb.at(j, i) : sb.at(i, j)) = b[i][j];
            sc.at(i, j) = c0[i][j];
          }
        const SgemmArgs args = {layout,    ta, tb,        2, 2,     2,         2.0f,
                                sa.data(), 3,  sb.data(), 2, -0.5f, sc.data(), 4};
        const ReferenceGemm ref = ComputeReference(args);
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 2; ++j) EXPECT_EQ(ref.value[i * 2 + j], want[i][j]) << i << "," << j;
        // scale = |alpha| sum |a||b| + |beta c|; all of a, b positive here.
        EXPECT_EQ(ref.scale[0], 2 * 19 + 0.5);
      }
    }
  }
}

TEST(ReferenceGemmTest, BetaZeroNeverReadsC) {
  StoredMatrix a(Layout::kRowMajor, 1, 1, 1), b(Layout::kRowMajor, 1, 1, 1), c(Layout::kRowMajor, 1, 1, 1);
  a.at(0, 0) = 3;
  b.at(0, 0) = 4;
  c.FillNaN();
  const SgemmArgs args = {Layout::kRowMajor,
                          Transpose::kNo,
                          Transpose::kNo,
                          1,
                          1,
                          1,
                          1.0f,
                          a.data(),
                          1,
                          b.data(),
                          1,
                          0.0f,
                          c.data(),
                          1};
  EXPECT_EQ(ComputeReference(args).value[0], 12.0);
}

TEST(ReferenceGemmTest, AlphaZeroNeverReadsAB) {
  StoredMatrix c(Layout::kRowMajor, 1, 1, 1);
  c.at(0, 0) = 8;
  const SgemmArgs args = {Layout::kRowMajor,
                          Transpose::kNo,
                          Transpose::kNo,
                          1,
                          1,
                          5,
                          0.0f,
                          nullptr,
                          5,
                          nullptr,
                          1,
                          0.5f,
                          c.data(),
                          1};
  EXPECT_EQ(ComputeReference(args).value[0], 4.0);
}

class NormalizedErrorTest : public ::testing::Test {
 protected:
  // A random 9 x 7 x k problem, C = the reference rounded to float.
  void Build(int64_t k) {
    std::mt19937_64 rng(k);
    a_ = std::make_unique<StoredMatrix>(Layout::kRowMajor, 9, k, k);
    b_ = std::make_unique<StoredMatrix>(Layout::kRowMajor, k, 7, 7);
    c_ = std::make_unique<StoredMatrix>(Layout::kRowMajor, 9, 7, 7);
    a_->FillRandom(rng);
    b_->FillRandom(rng);
    c_->FillNaN();
    args_ = {Layout::kRowMajor,
             Transpose::kNo,
             Transpose::kNo,
             9,
             7,
             k,
             1.0f,
             a_->data(),
             k,
             b_->data(),
             7,
             0.0f,
             c_->data(),
             7};
    ref_ = ComputeReference(args_);
    for (int i = 0; i < 9; ++i)
      for (int j = 0; j < 7; ++j) c_->at(i, j) = static_cast<float>(ref_.value[i * 7 + j]);
  }
  std::unique_ptr<StoredMatrix> a_, b_, c_;
  SgemmArgs args_;
  ReferenceGemm ref_;
};

TEST_F(NormalizedErrorTest, RoundedReferenceIsWithinBound) {
  Build(300);
  EXPECT_LE(NormalizedError(args_, ref_).max_error, FLT_EPSILON);
}

TEST_F(NormalizedErrorTest, PlainFloatSumIsWithinBound) {
  Build(1000);
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 7; ++j) {
      float sum = 0;
      for (int p = 0; p < 1000; ++p) sum += a_->at(i, p) * b_->at(p, j);
      c_->at(i, j) = sum;
    }
  EXPECT_LE(NormalizedError(args_, ref_).max_error, ErrorBound(1000));
}

TEST_F(NormalizedErrorTest, OneMissingTermIsCaughtAtK1000) {
  Build(1000);
  // Element (4, 3) misses its last product: the typical blocking off-by-one.
  float sum = 0;
  for (int p = 0; p < 999; ++p) sum += a_->at(4, p) * b_->at(p, 3);
  c_->at(4, 3) = sum;
  const ErrorReport e = NormalizedError(args_, ref_);
  EXPECT_GT(e.max_error, ErrorBound(1000)) << e.ToString();
  EXPECT_EQ(e.i, 4);
  EXPECT_EQ(e.j, 3);
}

TEST_F(NormalizedErrorTest, NaNIsInfinitelyFar) {
  Build(5);
  c_->at(8, 6) = std::numeric_limits<float>::quiet_NaN();
  const ErrorReport e = NormalizedError(args_, ref_);
  EXPECT_TRUE(std::isinf(e.max_error));
  EXPECT_EQ(e.i, 8);
  EXPECT_EQ(e.j, 6);
}

TEST(PairwiseCoverTest, CoversEveryPair) {
  const std::vector<int> sizes = {2, 2, 2, 2, 7, 7, 6, 3, 3, 2};
  const auto rows = PairwiseCover(sizes, 1);
  std::set<std::tuple<size_t, int, size_t, int>> seen;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), sizes.size());
    for (size_t f = 0; f < sizes.size(); ++f) {
      ASSERT_GE(row[f], 0);
      ASSERT_LT(row[f], sizes[f]);
      for (size_t g = f + 1; g < sizes.size(); ++g) seen.insert({f, row[f], g, row[g]});
    }
  }
  size_t pairs = 0;
  for (size_t f = 0; f < sizes.size(); ++f)
    for (size_t g = f + 1; g < sizes.size(); ++g) pairs += static_cast<size_t>(sizes[f] * sizes[g]);
  EXPECT_EQ(seen.size(), pairs);
  EXPECT_LE(rows.size(), 70u) << "the lower bound is 49 (7 x 7)";
  EXPECT_EQ(PairwiseCover(sizes, 1), rows) << "not deterministic";
}

}  // namespace
}  // namespace tv::test
