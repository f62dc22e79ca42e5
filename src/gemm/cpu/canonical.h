// One GEMM reduced to a single internal form that every CPU algorithm runs:
//   C (m x n, element (i, j) at c[i * ldc + j]) = alpha * A * B + beta * C
//   A element (i, p) at a[i * a_rs + p * a_cs]      (m x k)
//   B element (p, j) at b[p * b_rs + j * b_cs]      (k x n)
// Column-major calls become row-major ones by computing C^T = op(B)^T op(A)^T;
// transposes become stride swaps. So C always has unit column stride.
#pragma once

#include <cstdint>

#include "gemm/sgemm_args.h"

namespace tv::gemm::cpu {

struct CanonicalProblem {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int64_t a_rs = 0;  // stride between rows of A (i)
  int64_t a_cs = 0;  // stride between columns of A (p)
  const float* b = nullptr;
  int64_t b_rs = 0;   // stride between rows of B (p)
  int64_t b_cs = 0;   // stride between columns of B (j); 1 = rows contiguous along N
  float beta = 0.0f;  // beta == 0: C is never read
  float* c = nullptr;
  int64_t ldc = 0;
};

// REQUIRES: ValidateSgemmArgs(args).ok()
CanonicalProblem Canonicalize(const SgemmArgs& args);

// The canonical (m, n, k, b_cs == 1) of a shape, without pointers: what
// legalize needs to know.
struct CanonicalShape {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  bool a_rows_contiguous = true;  // a_cs == 1
  bool b_rows_contiguous = true;  // b_cs == 1
};
CanonicalShape CanonicalizeShape(const GemmShape& shape);

}  // namespace tv::gemm::cpu
