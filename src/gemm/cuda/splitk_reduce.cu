#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "gemm/cuda/splitk_reduce.h"

namespace tv::gemm::cuda::kernels {
namespace {

__device__ inline float ToFloat(__nv_bfloat16 x) { return __bfloat162float(x); }
__device__ inline float ToFloat(__half x) { return __half2float(x); }
template <typename T>
__device__ inline T FromFloat(float x);
template <>
__device__ inline __nv_bfloat16 FromFloat<__nv_bfloat16>(float x) {
  return __float2bfloat16_rn(x);
}
template <>
__device__ inline __half FromFloat<__half>(float x) {
  return __float2half_rn(x);
}

// One thread per element of C; the split partial sums are added in order z =
// 0, 1, ... so the result does not depend on scheduling.
template <typename T>
__global__ void SplitKReduceKernel(const SplitKReduceParams p) {
  const int64_t total = static_cast<int64_t>(p.m) * p.n;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  T* c = static_cast<T*>(p.c);
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += stride) {
    float sum = 0.0f;
    for (int z = 0; z < p.split; ++z) sum += p.partial[z * total + i];
    const int64_t row = i / p.n;
    const int64_t col = i % p.n;
    T* out = c + row * p.ldc + col;
    float value = p.alpha * sum;
    if (p.beta != 0.0f) value += p.beta * ToFloat(*out);
    *out = FromFloat<T>(value);
  }
}

}  // namespace

int LaunchSplitKReduce(const SplitKReduceParams& params, void* stream) {
  const int64_t total = static_cast<int64_t>(params.m) * params.n;
  constexpr int kThreads = 256;
  const int64_t blocks_needed = (total + kThreads - 1) / kThreads;
  const int blocks = static_cast<int>(blocks_needed < 65536 ? blocks_needed : 65536);
  if (blocks == 0) return 0;
  auto s = static_cast<cudaStream_t>(stream);
  if (params.dtype == DType::kBf16) {
    SplitKReduceKernel<__nv_bfloat16><<<blocks, kThreads, 0, s>>>(params);
  } else {
    SplitKReduceKernel<__half><<<blocks, kThreads, 0, s>>>(params);
  }
  return static_cast<int>(cudaGetLastError());
}

}  // namespace tv::gemm::cuda::kernels
