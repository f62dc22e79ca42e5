// Types of the CUDA GEMM backend that callers see. Plain C++ (no CUDA header):
// pointers are device pointers passed as void*.
//
//   C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, all row-major (the
//   layout of the GPU anchors and of the suites: A the activations, B the
//   weights), in bf16 or fp16 with fp32 accumulation.
#pragma once

#include <cstdint>

namespace tv::gemm::cuda {

enum class DType : uint8_t { kBf16, kFp16 };
const char* DTypeName(DType dtype);  // "bf16", "fp16"

struct CudaGemmArgs {
  DType dtype = DType::kBf16;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  float alpha = 1.0f;
  const void* a = nullptr;  // device, m x k, row stride lda >= k
  int64_t lda = 0;
  const void* b = nullptr;  // device, k x n, row stride ldb >= n
  int64_t ldb = 0;
  float beta = 0.0f;  // 0: C is written, never read (it may hold NaN)
  void* c = nullptr;  // device, m x n, row stride ldc >= n
  int64_t ldc = 0;
};

// What choosing a kernel depends on: the sizes, the type, and the widest copy
// (in elements: 8, 4, 2 or 1) that every row of A, B and C allows.
struct CudaProblem {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  DType dtype = DType::kBf16;
  int vector = 8;
};

// The widest copy (8, 4, 2 or 1 elements) that k, n, the leading dimensions and
// the base addresses all allow.
int MaxVector(const CudaGemmArgs& args);
// The same for densely stored operands at 256-byte-aligned addresses (what a
// heuristic that sees only m, n, k can assume).
int MaxVectorDense(int64_t n, int64_t k);

inline CudaProblem ProblemOf(const CudaGemmArgs& args) {
  return {args.m, args.n, args.k, args.dtype, MaxVector(args)};
}

}  // namespace tv::gemm::cuda
