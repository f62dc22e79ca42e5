// Finishes a split-K GEMM: C = alpha * sum_z partial[z] + beta * C.
#pragma once

#include <cstdint>

#include "gemm/cuda/cuda_types.h"

namespace tv::gemm::cuda::kernels {

struct SplitKReduceParams {
  int m = 0;
  int n = 0;
  int split = 0;
  const float* partial = nullptr;  // split x m x n, row stride n
  void* c = nullptr;               // m x n of `dtype`, row stride ldc
  int64_t ldc = 0;
  float alpha = 1.0f;
  float beta = 0.0f;  // 0: C is not read
  DType dtype = DType::kBf16;
};

// Launches on `stream` (a cudaStream_t); returns the cudaError_t of the launch.
int LaunchSplitKReduce(const SplitKReduceParams& params, void* stream);

}  // namespace tv::gemm::cuda::kernels
