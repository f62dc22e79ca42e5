// The double-precision GEMM every test compares against, with full
// cblas_sgemm semantics: both layouts, both transposes, leading dimensions,
//   C = alpha * op(A) * op(B) + beta * C,
// where beta == 0 never reads C (it may hold NaN) and alpha == 0 or k == 0
// never reads A or B. Slow on purpose: one plain triple loop in double.
#pragma once

#include <cstdint>
#include <vector>

#include "gemm/sgemm_args.h"

namespace tv::test {

// value and scale are m x n, element (i, j) at [i * n + j], whatever the layout.
struct ReferenceGemm {
  int64_t m = 0;
  int64_t n = 0;
  std::vector<double> value;  // the exact-ish result
  std::vector<double>
      scale;  // |alpha| * sum_p |op(A)_ip| |op(B)_pj| + |beta| |C_ij|: what rounding scales with
};

// REQUIRES: ValidateSgemmArgs(args).ok(). Reads args.c as the input C; call it
// before the GEMM under test overwrites C.
ReferenceGemm ComputeReference(const gemm::SgemmArgs& args);

// Element (i, j) of op(A) (m x k), op(B) (k x n) and C (m x n) of args.
float OpA(const gemm::SgemmArgs& args, int64_t i, int64_t p);
float OpB(const gemm::SgemmArgs& args, int64_t p, int64_t j);
float CAt(const gemm::SgemmArgs& args, int64_t i, int64_t j);

}  // namespace tv::test
