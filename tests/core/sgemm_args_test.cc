// ValidateSgemmArgs: the cblas_sgemm argument rules, and messages that name the
// argument (with its cblas position) and its value.
#include "gemm/sgemm_args.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>

namespace tv::gemm {
namespace {

// A valid m x n x k problem (dummy non-null pointers; nothing is read) with the
// smallest legal leading dimensions for its layout and transposes.
SgemmArgs Valid(Layout layout, Transpose ta, Transpose tb, int64_t m = 7, int64_t n = 5, int64_t k = 3) {
  static float dummy[1];
  const bool row = layout == Layout::kRowMajor;
  const bool ta_yes = ta == Transpose::kYes, tb_yes = tb == Transpose::kYes;
  SgemmArgs args;
  args.layout = layout;
  args.trans_a = ta;
  args.trans_b = tb;
  args.m = m;
  args.n = n;
  args.k = k;
  args.a = args.b = args.c = dummy;
  // Stored A is m x k (k x m when transposed); ld = its row length (row-major) or column length.
  args.lda = std::max<int64_t>(1, row ? (ta_yes ? m : k) : (ta_yes ? k : m));
  args.ldb = std::max<int64_t>(1, row ? (tb_yes ? k : n) : (tb_yes ? n : k));
  args.ldc = std::max<int64_t>(1, row ? n : m);
  return args;
}

void ExpectInvalid(const SgemmArgs& args, const std::string& name, int position) {
  const Status s = ValidateSgemmArgs(args);
  ASSERT_FALSE(s.ok()) << "expected " << name << " to be rejected";
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("argument " + std::to_string(position) + " (" + name + ")"), std::string::npos)
      << s.message();
}

struct Combo {
  Layout layout;
  Transpose ta, tb;
};
std::string ComboName(const Combo& c) {
  return std::string(c.layout == Layout::kRowMajor ? "RowMajor_" : "ColMajor_") +
         (c.ta == Transpose::kYes ? "T" : "N") + (c.tb == Transpose::kYes ? "T" : "N");
}

class LeadingDimensionTest : public ::testing::TestWithParam<Combo> {};

TEST_P(LeadingDimensionTest, MinimumIsAcceptedOneLessIsRejected) {
  const Combo& c = GetParam();
  const SgemmArgs ok = Valid(c.layout, c.ta, c.tb);
  ASSERT_TRUE(ValidateSgemmArgs(ok).ok()) << ValidateSgemmArgs(ok).message();
  SgemmArgs bad = ok;
  bad.lda -= 1;
  ExpectInvalid(bad, "lda", 9);
  EXPECT_NE(ValidateSgemmArgs(bad).message().find("is " + std::to_string(bad.lda)), std::string::npos);
  bad = ok;
  bad.ldb -= 1;
  ExpectInvalid(bad, "ldb", 11);
  bad = ok;
  bad.ldc -= 1;
  ExpectInvalid(bad, "ldc", 14);
}

TEST_P(LeadingDimensionTest, LargerThanMinimumIsAccepted) {
  SgemmArgs args = Valid(GetParam().layout, GetParam().ta, GetParam().tb);
  args.lda += 100;
  args.ldb += 1;
  args.ldc += 7;
  EXPECT_TRUE(ValidateSgemmArgs(args).ok());
}

TEST_P(LeadingDimensionTest, LdAtLeastOneEvenWhenEmpty) {
  SgemmArgs args = Valid(GetParam().layout, GetParam().ta, GetParam().tb, 0, 0, 0);
  ASSERT_EQ(args.lda, 1);
  EXPECT_TRUE(ValidateSgemmArgs(args).ok());
  args.lda = 0;
  ExpectInvalid(args, "lda", 9);
}

INSTANTIATE_TEST_SUITE_P(AllLayouts, LeadingDimensionTest,
                         ::testing::Values(Combo{Layout::kRowMajor, Transpose::kNo, Transpose::kNo},
                                           Combo{Layout::kRowMajor, Transpose::kNo, Transpose::kYes},
                                           Combo{Layout::kRowMajor, Transpose::kYes, Transpose::kNo},
                                           Combo{Layout::kRowMajor, Transpose::kYes, Transpose::kYes},
                                           Combo{Layout::kColMajor, Transpose::kNo, Transpose::kNo},
                                           Combo{Layout::kColMajor, Transpose::kNo, Transpose::kYes},
                                           Combo{Layout::kColMajor, Transpose::kYes, Transpose::kNo},
                                           Combo{Layout::kColMajor, Transpose::kYes, Transpose::kYes}),
                         [](const ::testing::TestParamInfo<Combo>& param_info) {
                           return ComboName(param_info.param);
                         });

TEST(SgemmArgsTest, RowMajorNoTransposeRules) {
  // Spelled out once: row-major A (m x k) needs lda >= k, B (k x n) ldb >= n, C ldc >= n.
  SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo, 7, 5, 3);
  EXPECT_EQ(args.lda, 3);
  EXPECT_EQ(args.ldb, 5);
  EXPECT_EQ(args.ldc, 5);
  args = Valid(Layout::kColMajor, Transpose::kNo, Transpose::kNo, 7, 5, 3);
  EXPECT_EQ(args.lda, 7);
  EXPECT_EQ(args.ldb, 3);
  EXPECT_EQ(args.ldc, 7);
}

TEST(SgemmArgsTest, NegativeSizes) {
  SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.m = -1;
  ExpectInvalid(args, "M", 4);
  EXPECT_NE(ValidateSgemmArgs(args).message().find("-1"), std::string::npos);
  args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.n = -3;
  ExpectInvalid(args, "N", 5);
  args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.k = -1000000000000;
  ExpectInvalid(args, "K", 6);
}

TEST(SgemmArgsTest, NullPointersWithNonzeroSizes) {
  SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.a = nullptr;
  ExpectInvalid(args, "A", 8);
  args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.b = nullptr;
  ExpectInvalid(args, "B", 10);
  args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.c = nullptr;
  ExpectInvalid(args, "C", 13);
}

TEST(SgemmArgsTest, NullAllowedWhenNothingIsRead) {
  // m == 0 or n == 0: nothing touched.
  for (auto [m, n, k] : {std::tuple{0, 5, 3}, std::tuple{7, 0, 3}, std::tuple{0, 0, 0}}) {
    SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo, m, n, k);
    args.a = args.b = nullptr;
    args.c = nullptr;
    EXPECT_TRUE(ValidateSgemmArgs(args).ok()) << m << "x" << n << "x" << k;
  }
  // k == 0 or alpha == 0: A and B never read, C still needed.
  SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo, 7, 5, 0);
  args.a = args.b = nullptr;
  EXPECT_TRUE(ValidateSgemmArgs(args).ok());
  args.c = nullptr;
  ExpectInvalid(args, "C", 13);
  args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.alpha = 0.0f;
  args.a = args.b = nullptr;
  EXPECT_TRUE(ValidateSgemmArgs(args).ok());
}

TEST(SgemmArgsTest, SizesCheckedBeforeLeadingDimensions) {
  // A negative size is the reported error even when an ld is also wrong.
  SgemmArgs args = Valid(Layout::kRowMajor, Transpose::kNo, Transpose::kNo);
  args.k = -1;
  args.lda = 0;
  ExpectInvalid(args, "K", 6);
}

}  // namespace
}  // namespace tv::gemm
