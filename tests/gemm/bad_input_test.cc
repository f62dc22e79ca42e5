// Invalid arguments through CpuGemm::Run: a non-ok Status whose message names
// the argument, and C left exactly as it was. Null operands are fine where
// cblas never reads them (a zero size, alpha == 0).
#include <gtest/gtest.h>

#include <cstring>
#include <tuple>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "gemm_case.h"
#include "reference_gemm.h"
#include "stored_matrix.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::SgemmArgs;
using gemm::Transpose;

// A valid 7 x 5 x 3 row-major problem with real buffers; each test breaks one thing.
class BadInputTest : public ::testing::Test {
 protected:
  BadInputTest()
      : a_(Layout::kRowMajor, 7, 3, 3), b_(Layout::kRowMajor, 3, 5, 5), c_(Layout::kRowMajor, 7, 5, 5) {
    std::mt19937_64 rng(42);
    a_.FillRandom(rng);
    b_.FillRandom(rng);
    c_.FillRandom(rng);
    args_.m = 7;
    args_.n = 5;
    args_.k = 3;
    args_.alpha = 1.0f;
    args_.a = a_.data();
    args_.lda = 3;
    args_.b = b_.data();
    args_.ldb = 5;
    args_.beta = 0.5f;
    args_.c = c_.data();
    args_.ldc = 5;
  }

  // Runs args_ and expects a kInvalidArgument naming `argument`, C untouched.
  void ExpectRejected(const std::string& argument) {
    const std::vector<float> c_before = c_.buffer();
    const Status status = engine_.Run(args_, tv_tile_config{});
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("(" + argument + ")"), std::string::npos)
        << "message does not name " << argument << ": " << status.message();
    EXPECT_TRUE(c_.BitEqual(c_before)) << "C changed although the call was rejected";
  }

  gemm::CpuGemm engine_{2};
  StoredMatrix a_, b_, c_;
  SgemmArgs args_;
};

TEST_F(BadInputTest, ValidProblemRuns) {
  const ReferenceGemm ref = ComputeReference(args_);
  ASSERT_TRUE(engine_.Run(args_, tv_tile_config{}).ok());
  EXPECT_NEAR(c_.at(6, 4), ref.value[6 * 5 + 4], 1e-5);
}

TEST_F(BadInputTest, NegativeM) {
  args_.m = -1;
  ExpectRejected("M");
}
TEST_F(BadInputTest, NegativeN) {
  args_.n = -5;
  ExpectRejected("N");
}
TEST_F(BadInputTest, NegativeK) {
  args_.k = -2;
  ExpectRejected("K");
}
TEST_F(BadInputTest, LdaSmallerThanK) {
  args_.lda = 2;
  ExpectRejected("lda");
}
TEST_F(BadInputTest, LdaSmallerThanMWhenATransposed) {
  args_.trans_a = Transpose::kYes;  // A stored 3 x 7 row-major: lda >= 7
  args_.lda = 6;
  ExpectRejected("lda");
}
TEST_F(BadInputTest, LdbSmallerThanN) {
  args_.ldb = 4;
  ExpectRejected("ldb");
}
TEST_F(BadInputTest, LdcSmallerThanN) {
  args_.ldc = 4;
  ExpectRejected("ldc");
}
TEST_F(BadInputTest, LdcSmallerThanMInColMajor) {
  args_.layout = Layout::kColMajor;  // C 7 x 5 column-major: ldc >= 7
  args_.lda = 7;
  args_.ldb = 3;
  args_.ldc = 6;
  ExpectRejected("ldc");
}
TEST_F(BadInputTest, ZeroLdEvenForEmptyMatrix) {
  args_.n = 0;  // ldc >= max(1, 0)
  args_.ldb = 1;
  args_.ldc = 0;
  ExpectRejected("ldc");
}
TEST_F(BadInputTest, NullA) {
  args_.a = nullptr;
  ExpectRejected("A");
}
TEST_F(BadInputTest, NullB) {
  args_.b = nullptr;
  ExpectRejected("B");
}
TEST_F(BadInputTest, NullC) {
  args_.c = nullptr;
  ExpectRejected("C");
}

TEST_F(BadInputTest, NullEverythingWhenCIsEmpty) {
  // m == 0 or n == 0: nothing is read or written, so every pointer may be null.
  for (const auto& [m, n, k] : {std::tuple{0, 4, 4}, std::tuple{4, 0, 4}, std::tuple{0, 0, 0}}) {
    SgemmArgs args;  // a, b, c null
    args.m = m;
    args.n = n;
    args.k = k;
    args.lda = args.ldb = args.ldc = 4;
    const Status status = engine_.Run(args, tv_tile_config{});
    EXPECT_TRUE(status.ok()) << "m=" << m << " n=" << n << " k=" << k << ": " << status.message();
  }
}

TEST_F(BadInputTest, ZeroKNeverReadsAOrB) {
  // k == 0: C = beta * C; A and B may be null.
  args_.k = 0;
  args_.a = nullptr;
  args_.b = nullptr;
  args_.lda = 1;
  const ReferenceGemm ref = ComputeReference(args_);
  ASSERT_TRUE(engine_.Run(args_, tv_tile_config{}).ok());
  for (int64_t i = 0; i < 7; ++i)
    for (int64_t j = 0; j < 5; ++j) EXPECT_EQ(c_.at(i, j), ref.value[i * 5 + j]);
}

TEST_F(BadInputTest, ZeroAlphaNeverReadsAOrB) {
  args_.alpha = 0.0f;
  args_.a = nullptr;
  args_.b = nullptr;
  const ReferenceGemm ref = ComputeReference(args_);
  ASSERT_TRUE(engine_.Run(args_, tv_tile_config{}).ok());
  for (int64_t i = 0; i < 7; ++i)
    for (int64_t j = 0; j < 5; ++j) EXPECT_EQ(c_.at(i, j), ref.value[i * 5 + j]);
}

TEST_F(BadInputTest, ZeroAlphaZeroBetaWritesZerosOverNaN) {
  args_.alpha = 0.0f;
  args_.beta = 0.0f;
  c_.FillNaN();
  ASSERT_TRUE(engine_.Run(args_, tv_tile_config{}).ok());
  for (int64_t i = 0; i < 7; ++i)
    for (int64_t j = 0; j < 5; ++j) EXPECT_EQ(c_.at(i, j), 0.0f) << i << "," << j;
}

TEST_F(BadInputTest, IllegalTilesAreNotAnError) {
  tv_tile_config absurd = {-1, -1, -1, 3, 5, -9, 42, 42, 42, 42};
  EXPECT_TRUE(engine_.Run(args_, absurd).ok());
}

}  // namespace
}  // namespace tv::test
