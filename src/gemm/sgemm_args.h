// The arguments of one single-precision GEMM, with cblas_sgemm semantics:
//   C = alpha * op(A) * op(B) + beta * C,  op(A): m x k, op(B): k x n, C: m x n.
// Shared by every backend, the benchmark and the drop-in libraries.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tv::gemm {

enum class Layout : uint8_t { kRowMajor, kColMajor };
enum class Transpose : uint8_t { kNo, kYes };

struct SgemmArgs {
  Layout layout = Layout::kRowMajor;
  Transpose trans_a = Transpose::kNo;
  Transpose trans_b = Transpose::kNo;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int64_t lda = 0;
  const float* b = nullptr;
  int64_t ldb = 0;
  float beta = 0.0f;  // beta == 0: C is written, never read (it may hold NaN)
  float* c = nullptr;
  int64_t ldc = 0;
};

// The shape facts that choose tiles: sizes and how the operands are stored.
struct GemmShape {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  Layout layout = Layout::kRowMajor;
  Transpose trans_a = Transpose::kNo;
  Transpose trans_b = Transpose::kNo;
};

inline GemmShape ShapeOf(const SgemmArgs& args) {
  return {args.m, args.n, args.k, args.layout, args.trans_a, args.trans_b};
}

// Checks sizes, leading dimensions and pointers against cblas rules. The message
// names the offending argument (and its 1-based cblas position) and its value.
Status ValidateSgemmArgs(const SgemmArgs& args);

}  // namespace tv::gemm
