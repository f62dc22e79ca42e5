// libtilevolve_blas.so's four exports, loaded with dlopen as a program would
// find them: reference BLAS results on every layout, transpose and stride,
// and the xerbla message (no crash, C untouched) on bad arguments.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "naive_blas.h"

namespace {

using tv::test::MaxRelativeError;
using tv::test::NaiveSgemm;
using tv::test::RandomFloats;

using CblasSgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float,
                            float*, int);
using FortranSgemm = void (*)(const char*, const char*, const int*, const int*, const int*, const float*,
                              const float*, const int*, const float*, const int*, const float*, float*,
                              const int*);
using CblasSgemv = void (*)(int, int, int, int, float, const float*, int, const float*, int, float, float*,
                            int);
using FortranSgemv = void (*)(const char*, const int*, const int*, const float*, const float*, const int*,
                              const float*, const int*, const float*, float*, const int*);

class BlasLibraryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    handle_ = dlopen(TV_BLAS_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
  }
  template <typename Fn>
  static Fn Symbol(const char* name) {
    return reinterpret_cast<Fn>(dlsym(handle_, name));
  }
  static void* handle_;
};
void* BlasLibraryTest::handle_ = nullptr;

// Naive y = alpha op(A) x + beta y with BLAS increments (inc < 0 walks backwards).
void NaiveSgemv(bool row, bool trans, int m, int n, float alpha, const float* a, int lda, const float* x,
                int incx, float beta, float* y, int incy) {
  const int len_x = trans ? m : n, len_y = trans ? n : m;
  const int kx = incx > 0 ? 0 : (len_x - 1) * -incx, ky = incy > 0 ? 0 : (len_y - 1) * -incy;
  for (int i = 0; i < len_y; ++i) {
    double sum = 0;
    for (int p = 0; p < len_x; ++p) {
      const int r = trans ? p : i, c = trans ? i : p;  // A(r, c)
      sum += static_cast<double>(row ? a[r * lda + c] : a[c * lda + r]) * x[kx + p * incx];
    }
    float& out = y[ky + i * incy];
    out = static_cast<float>(alpha * sum + (beta == 0.0f ? 0.0 : static_cast<double>(beta) * out));
  }
}

TEST_F(BlasLibraryTest, ExportsExactlyTheFourRoutines) {
  for (const char* name : {"cblas_sgemm", "sgemm_", "cblas_sgemv", "sgemv_"}) {
    EXPECT_NE(dlsym(handle_, name), nullptr) << name;
  }
  for (const char* name : {"cblas_dgemm", "cblas_sdot", "tv_sgemm"}) {
    EXPECT_EQ(dlsym(handle_, name), nullptr) << name << " must resolve to the system BLAS, not to us";
  }
}

TEST_F(BlasLibraryTest, CblasSgemmMatchesTheReference) {
  auto sgemm = Symbol<CblasSgemm>("cblas_sgemm");
  for (int layout : {101, 102}) {
    for (int ta : {111, 112}) {
      for (int tb : {111, 112}) {
        const int m = 37, n = 50, k = 70;
        const int lda = 80, ldb = 80, ldc = 60;
        const std::vector<float> a = RandomFloats(lda * 80, 1), b = RandomFloats(ldb * 80, 2);
        std::vector<float> c = RandomFloats(ldc * 60, 3), want = c;
        sgemm(layout, ta, tb, m, n, k, 0.5f, a.data(), lda, b.data(), ldb, 2.0f, c.data(), ldc);
        NaiveSgemm(layout, ta, tb, m, n, k, 0.5f, a.data(), lda, b.data(), ldb, 2.0f, want.data(), ldc);
        EXPECT_LT(MaxRelativeError(c, want), 1e-5) << layout << " " << ta << " " << tb;
      }
    }
  }
}

TEST_F(BlasLibraryTest, FortranSgemmIsColumnMajor) {
  auto sgemm = Symbol<FortranSgemm>("sgemm_");
  const int m = 20, n = 30, k = 40, lda = 40, ldb = 30, ldc = 25;  // A is k x m ('T'), B is n x k ('T')
  const float alpha = 1.5f, beta = 0.0f;
  const std::vector<float> a = RandomFloats(lda * m, 4), b = RandomFloats(ldb * k, 5);
  std::vector<float> c(ldc * n, 9.0f), want = c;
  sgemm("T", "t", &m, &n, &k, &alpha, a.data(), &lda, b.data(), &ldb, &beta, c.data(), &ldc);
  NaiveSgemm(102, 112, 112, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, want.data(), ldc);
  EXPECT_LT(MaxRelativeError(c, want), 1e-5);
}

TEST_F(BlasLibraryTest, SgemvMatchesTheReferenceWithStridesAndNegativeIncrements) {
  auto gemv = Symbol<CblasSgemv>("cblas_sgemv");
  for (int layout : {101, 102}) {
    for (int trans : {111, 112}) {
      for (auto [incx, incy] : {std::pair{1, 1}, {2, -3}, {-1, 2}}) {
        const int m = 45, n = 77, lda = 90;
        const std::vector<float> a = RandomFloats(lda * 90, 6), x = RandomFloats(90 * 3, 7);
        std::vector<float> y = RandomFloats(90 * 3, 8), want = y;
        gemv(layout, trans, m, n, 0.5f, a.data(), lda, x.data(), incx, 0.25f, y.data(), incy);
        NaiveSgemv(layout == 101, trans != 111, m, n, 0.5f, a.data(), lda, x.data(), incx, 0.25f, want.data(),
                   incy);
        EXPECT_LT(MaxRelativeError(y, want), 1e-5) << layout << " " << trans << " " << incx << " " << incy;
      }
    }
  }
  auto fgemv = Symbol<FortranSgemv>("sgemv_");
  const int m = 30, n = 12, lda = 31, inc = 1;
  const float alpha = 1.0f, beta = 0.0f;
  const std::vector<float> a = RandomFloats(lda * n, 9), x = RandomFloats(m, 10);
  std::vector<float> y(n, std::numeric_limits<float>::quiet_NaN()), want(n, 0.0f);
  fgemv("T", &m, &n, &alpha, a.data(), &lda, x.data(), &inc, &beta, y.data(), &inc);
  NaiveSgemv(false, true, m, n, alpha, a.data(), lda, x.data(), 1, beta, want.data(), 1);
  EXPECT_LT(MaxRelativeError(y, want), 1e-5);
}

TEST_F(BlasLibraryTest, SgemvQuickReturnLeavesYAlone) {
  auto gemv = Symbol<CblasSgemv>("cblas_sgemv");
  std::vector<float> y(4, 3.0f);
  gemv(101, 111, 4, 0, 1.0f, nullptr, 1, nullptr, 1, 0.0f, y.data(),
       1);  // N == 0: y untouched even with beta 0
  gemv(101, 111, 4, 4, 0.0f, nullptr, 4, nullptr, 1, 1.0f, y.data(), 1);  // alpha 0, beta 1
  for (float v : y) EXPECT_EQ(v, 3.0f);
}

TEST_F(BlasLibraryTest, BadArgumentsPrintTheXerblaMessageAndLeaveCUntouched) {
  auto sgemm = Symbol<CblasSgemm>("cblas_sgemm");
  auto fsgemm = Symbol<FortranSgemm>("sgemm_");
  auto gemv = Symbol<CblasSgemv>("cblas_sgemv");
  std::vector<float> a(64, 1.0f), b(64, 1.0f), c(64, 5.0f);
  ::testing::internal::CaptureStderr();
  sgemm(101, 111, 111, 4, 4, 4, 1.0f, a.data(), 2, b.data(), 4, 0.0f, c.data(), 4);  // lda < K
  const int m = 4, n = 4, k = 4, bad_lda = 1, ld = 4;
  const float one = 1.0f, zero = 0.0f;
  fsgemm("N", "N", &m, &n, &k, &one, a.data(), &bad_lda, b.data(), &ld, &zero, c.data(), &ld);  // LDA < M
  fsgemm("X", "N", &m, &n, &k, &one, a.data(), &ld, b.data(), &ld, &zero, c.data(), &ld);       // bad TRANSA
  gemv(101, 111, 4, 4, 1.0f, a.data(), 4, b.data(), 0, 0.0f, c.data(), 1);                      // incX == 0
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("** On entry to cblas_sgemm parameter number  9 had an illegal value"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("** On entry to SGEMM  parameter number  8 had an illegal value"), std::string::npos)
      << err;
  EXPECT_NE(err.find("** On entry to SGEMM  parameter number  1 had an illegal value"), std::string::npos)
      << err;
  EXPECT_NE(err.find("** On entry to cblas_sgemv parameter number  9 had an illegal value"),
            std::string::npos)
      << err;
  for (float v : c) EXPECT_EQ(v, 5.0f);
}

}  // namespace
