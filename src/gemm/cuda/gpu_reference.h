// Trusted inputs and results for checking the GEMM kernels on the GPU:
// random operands (never zeros), NaN-poisoned outputs, a float64-accumulating
// reference product and the normalized error ||C - ref|| / ||ref||.
// Every function is asynchronous on `stream` (a cudaStream_t) except
// RelativeError, which waits for its answer.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"

namespace tv::gemm::cuda {

// count elements of `dtype` uniform in [-1, 1], none of them zero; a different
// seed gives different values.
Status FillRandom(void* data, int64_t count, DType dtype, uint64_t seed, void* stream);

// Sets rows x cols elements (row stride ld) to NaN.
Status FillNaN(void* data, int64_t rows, int64_t cols, int64_t ld, DType dtype, void* stream);

// ref (m x n fp32, dense) = alpha * A * B + beta * C_in, accumulated in
// float64 from the operands of `args` (C_in read only when beta != 0).
Status ReferenceGemm(const CudaGemmArgs& args, float* ref, void* stream);

struct ErrorReport {
  double relative_error = 0.0;  // ||C - ref||_F / ||ref||_F (over finite entries)
  int64_t non_finite = 0;       // entries of C that are NaN or infinite (unwritten, or overflow)
};

// Compares C of `args` (m x n, row stride ldc) with `ref` (dense m x n).
Result<ErrorReport> RelativeError(const CudaGemmArgs& args, const float* ref, void* stream);

}  // namespace tv::gemm::cuda
