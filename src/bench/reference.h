// The trusted result a contender must match before it is timed.
//
// Small problems use a double-precision reference; larger ones OpenBLAS's
// cblas_sgemm (a double reference would take minutes there).
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "gemm/sgemm_args.h"

namespace tv::bench {

// Problems with m * n * k up to this many multiply-adds get the double reference.
inline constexpr int64_t kDoubleReferenceMaxFma = int64_t{1} << 27;

// C = alpha * op(A) * op(B) as a dense row-major m x n array (beta is ignored:
// the reference is of the product alone, which is what contenders compute with beta = 0).
// REQUIRES: ValidateSgemmArgs(args).ok(), args.beta == 0.
std::vector<float> TrustedProduct(const gemm::SgemmArgs& args);

// The double-precision reference, for any size (tests use it directly).
std::vector<float> DoubleReferenceProduct(const gemm::SgemmArgs& args);

// Compares C as written by a contender (row-major m x n with leading dimension ldc,
// the layout args describe) with the reference. Inputs are assumed in [-1, 1], so
// an element may differ by at most ResultTolerance(k). Non-finite values (NaN
// from the poisoned C: an element never written) are always errors.
Status CheckResult(const gemm::SgemmArgs& args, const std::vector<float>& reference);

// Absolute tolerance per element for inputs in [-1, 1] and depth k.
double ResultTolerance(int64_t k);

}  // namespace tv::bench
