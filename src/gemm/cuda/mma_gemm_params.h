// The run-time arguments of one mma.sync GEMM launch, shared by the host code
// (which fills them) and the kernels (mma_gemm_kernel.cuh). Plain C++: no CUDA
// header needed.
#pragma once

#include <cstdint>

namespace tv::gemm::cuda::kernels {

struct MmaGemmParams {
  int m = 0;
  int n = 0;
  int k = 0;
  const void* a = nullptr;  // m x k, row stride lda (elements), device memory
  const void* b = nullptr;  // k x n, row stride ldb
  void* c = nullptr;        // m x n, row stride ldc
  int64_t lda = 0;
  int64_t ldb = 0;
  int64_t ldc = 0;
  float alpha = 1.0f;
  float beta = 0.0f;          // 0: C is written, never read (it may hold NaN)
  float* partial = nullptr;   // split > 1: split x m x n fp32 partial sums (row stride n)
  int k_tiles_per_split = 0;  // k tiles (of the instance's BK) each blockIdx.z slice covers
  int swizzle_log2 = 0;       // CTA raster: groups of 2^swizzle_log2 tile rows
  int prefetch_rows = 0;      // stream kernels: rows of B each CTA asks L2 for before it starts
};

}  // namespace tv::gemm::cuda::kernels
