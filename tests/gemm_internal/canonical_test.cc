// Canonicalize maps every layout and transpose to C = A * B with C rows
// contiguous; checked element by element against the cblas definitions.
#include "gemm/cpu/canonical.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace tv::gemm::cpu {
namespace {

// op(X)(r, c) of a stored matrix, cblas rules.
int64_t OpIndex(Layout layout, Transpose t, int64_t ld, int64_t r, int64_t c) {
  if (t == Transpose::kYes) std::swap(r, c);
  return layout == Layout::kRowMajor ? r * ld + c : r + c * ld;
}

TEST(CanonicalTest, EveryLayoutAndTransposeMapsToRowMajorC) {
  std::vector<float> storage(2000);
  std::vector<float> c_storage(200);
  const float* base = storage.data();
  float* c_base = c_storage.data();
  for (Layout layout : {Layout::kRowMajor, Layout::kColMajor}) {
    for (Transpose ta : {Transpose::kNo, Transpose::kYes}) {
      for (Transpose tb : {Transpose::kNo, Transpose::kYes}) {
        SgemmArgs args;
        args.layout = layout;
        args.trans_a = ta;
        args.trans_b = tb;
        args.m = 5;
        args.n = 7;
        args.k = 3;
        args.lda = 11;
        args.ldb = 13;
        args.ldc = 17;
        args.a = base;
        args.b = base + 1000;  // only addresses are compared
        args.c = c_base;
        args.alpha = 2.0f;
        args.beta = 0.5f;
        SCOPED_TRACE("layout=" + std::to_string(static_cast<int>(layout)) + " ta=" +
                     std::to_string(static_cast<int>(ta)) + " tb=" + std::to_string(static_cast<int>(tb)));
        const CanonicalProblem p = Canonicalize(args);
        EXPECT_EQ(p.k, 3);
        EXPECT_EQ(p.alpha, 2.0f);
        EXPECT_EQ(p.beta, 0.5f);
        EXPECT_EQ(p.ldc, 17);
        for (int64_t i = 0; i < p.m; ++i) {
          for (int64_t j = 0; j < p.n; ++j) {
            // Canonical C(i, j) is the original C(i, j) (row-major) or C(j, i) (column-major).
            const int64_t ci = layout == Layout::kRowMajor ? i : j;
            const int64_t cj = layout == Layout::kRowMajor ? j : i;
            const int64_t c_index = layout == Layout::kRowMajor ? ci * 17 + cj : ci + cj * 17;
            EXPECT_EQ(i * p.ldc + j, c_index);
            for (int64_t q = 0; q < p.k; ++q) {
              // The product's two factors: op(A)(ci, q) and op(B)(q, cj), in either order.
              const float* a_elem = p.a + i * p.a_rs + q * p.a_cs;
              const float* b_elem = p.b + q * p.b_rs + j * p.b_cs;
              const float* want_a = args.a + OpIndex(layout, ta, args.lda, ci, q);
              const float* want_b = args.b + OpIndex(layout, tb, args.ldb, q, cj);
              if (layout == Layout::kRowMajor) {
                EXPECT_EQ(a_elem, want_a);
                EXPECT_EQ(b_elem, want_b);
              } else {
                EXPECT_EQ(a_elem, want_b);
                EXPECT_EQ(b_elem, want_a);
              }
            }
          }
        }
        const CanonicalShape s = CanonicalizeShape(ShapeOf(args));
        EXPECT_EQ(s.m, p.m);
        EXPECT_EQ(s.n, p.n);
        EXPECT_EQ(s.k, p.k);
        EXPECT_EQ(s.a_rows_contiguous, p.a_cs == 1);
        EXPECT_EQ(s.b_rows_contiguous, p.b_cs == 1);
      }
    }
  }
}

}  // namespace
}  // namespace tv::gemm::cpu
