// Test problems for the small-M path: operands stored with the strides of one
// B layout, a double-precision reference, and the normalized error of a result.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gemm/cpu/canonical.h"

namespace tv::gemm::cpu::testing {

enum class BLayout {
  kRows,            // b_cs == 1 (cblas row-major NoTrans); A row-major
  kColumns,         // b_rs == 1 (y = x W^T with W stored [N, K]); A stored transposed (a_rs == 1)
  kStrided,         // neither B stride is 1 (b_cs == 2); A row-major
  kRowsLineStride,  // as kRows with ldb a multiple of 16 floats: every row starts
                    // at the same offset in its 64-byte line (b_offset floats)
};
const char* BLayoutName(BLayout layout);

// Owns the operands of one problem; problem() points into them. C has ldc > n
// and its padding holds a sentinel that CheckResult verifies is untouched.
class SmallMProblem {
 public:
  // b_offset: where B starts after a 64-byte line, in floats (kRowsLineStride only).
  SmallMProblem(int64_t m, int64_t n, int64_t k, BLayout layout, float alpha, float beta, std::mt19937& rng,
                int64_t b_offset = 0);

  const CanonicalProblem& problem() const { return p_; }
  // Max over C of |C - ref| / (|alpha| sum_p |A||B| + |beta| |C0|), +inf for a
  // non-finite C where the reference is finite, or a touched padding element.
  // Elements with scale 0 must match exactly. Resets C to C0 afterwards.
  double ErrorAndReset(std::string* where);

 private:
  CanonicalProblem p_;
  std::vector<float> a_, b_, c_, c0_;
  std::vector<double> ab_, abs_ab_;  // A * B and |A| * |B| in double, m x n
};

// (k + 4) * FLT_EPSILON: the worst rounding of any summation order, plus alpha
// and beta.
double ErrorBound(int64_t k);

}  // namespace tv::gemm::cpu::testing
