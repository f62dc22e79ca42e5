#include "gemm/cuda/cuda_types.h"

#include <cstdint>

namespace tv::gemm::cuda {
namespace {

// The largest of 8, 4, 2, 1 that divides `value`.
int VectorDividing(int64_t value) {
  for (int v = 8; v > 1; v /= 2) {
    if (value % v == 0) return v;
  }
  return 1;
}

int VectorOfAddress(const void* p) {
  const auto address = reinterpret_cast<uintptr_t>(p);
  if (address % 2 != 0) return 1;
  return VectorDividing(static_cast<int64_t>(address / 2));  // 2-byte elements
}

int Min(int a, int b) { return a < b ? a : b; }

}  // namespace

const char* DTypeName(DType dtype) { return dtype == DType::kBf16 ? "bf16" : "fp16"; }

int MaxVector(const CudaGemmArgs& args) {
  int v = MaxVectorDense(args.n, args.k);
  v = Min(v, VectorDividing(args.lda));
  v = Min(v, VectorDividing(args.ldb));
  v = Min(v, VectorDividing(args.ldc));
  v = Min(v, VectorOfAddress(args.a));
  v = Min(v, VectorOfAddress(args.b));
  v = Min(v, VectorOfAddress(args.c));
  return v;
}

int MaxVectorDense(int64_t n, int64_t k) { return Min(VectorDividing(n), VectorDividing(k)); }

}  // namespace tv::gemm::cuda
