#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>

#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/gpu_reference.h"

namespace tv::gemm::cuda {
namespace {

__device__ inline float Load(const void* p, int64_t i, bool bf16) {
  return bf16 ? __bfloat162float(static_cast<const __nv_bfloat16*>(p)[i])
              : __half2float(static_cast<const __half*>(p)[i]);
}

// splitmix64: a well-mixed 64-bit hash of (seed, index).
__device__ inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

__global__ void FillRandomKernel(void* data, int64_t count, bool bf16, uint64_t seed) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) {
    // 2000 levels in [-1, 1], symmetric around 0 and never 0: +-(j + 0.5) / 1000.
    const int j = static_cast<int>(Mix(seed * 0x100000001b3ULL + static_cast<uint64_t>(i)) % 2000);
    const float value = (static_cast<float>(j) - 999.5f) / 1000.0f;
    if (bf16) {
      static_cast<__nv_bfloat16*>(data)[i] = __float2bfloat16_rn(value);
    } else {
      static_cast<__half*>(data)[i] = __float2half_rn(value);
    }
  }
}

__global__ void FillNaNKernel(void* data, int64_t rows, int64_t cols, int64_t ld, bool bf16) {
  const int64_t total = rows * cols;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const uint16_t nan_bits = bf16 ? 0x7fc0 : 0x7e00;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += stride) {
    static_cast<uint16_t*>(data)[(i / cols) * ld + i % cols] = nan_bits;
  }
}

// One thread per element of C, 16 x 16 tiles through shared memory, float64 sums.
__global__ void ReferenceGemmKernel(const CudaGemmArgs args, float* ref) {
  __shared__ float a_tile[16][16];
  __shared__ float b_tile[16][16];
  const bool bf16 = args.dtype == DType::kBf16;
  const int64_t row = static_cast<int64_t>(blockIdx.y) * 16 + threadIdx.y;
  const int64_t col = static_cast<int64_t>(blockIdx.x) * 16 + threadIdx.x;
  double sum = 0.0;
  for (int64_t k0 = 0; k0 < args.k; k0 += 16) {
    const int64_t ka = k0 + threadIdx.x;
    const int64_t kb = k0 + threadIdx.y;
    a_tile[threadIdx.y][threadIdx.x] =
        (row < args.m && ka < args.k) ? Load(args.a, row * args.lda + ka, bf16) : 0.0f;
    b_tile[threadIdx.y][threadIdx.x] =
        (kb < args.k && col < args.n) ? Load(args.b, kb * args.ldb + col, bf16) : 0.0f;
    __syncthreads();
    for (int kk = 0; kk < 16; ++kk) {
      sum += static_cast<double>(a_tile[threadIdx.y][kk]) * static_cast<double>(b_tile[kk][threadIdx.x]);
    }
    __syncthreads();
  }
  if (row < args.m && col < args.n) {
    double value = static_cast<double>(args.alpha) * sum;
    if (args.beta != 0.0f) value += static_cast<double>(args.beta) * Load(args.c, row * args.ldc + col, bf16);
    ref[row * args.n + col] = static_cast<float>(value);
  }
}

// sums[0] += (c - ref)^2, sums[1] += ref^2 over finite c; sums[2] counts non-finite c.
__global__ void ErrorKernel(const CudaGemmArgs args, const float* ref, double* sums) {
  const bool bf16 = args.dtype == DType::kBf16;
  const int64_t total = args.m * args.n;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  double diff2 = 0.0;
  double ref2 = 0.0;
  double bad = 0.0;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += stride) {
    const float c = Load(args.c, (i / args.n) * args.ldc + i % args.n, bf16);
    const double r = ref[i];
    if (!isfinite(c)) {
      bad += 1.0;
      continue;
    }
    diff2 += (c - r) * (c - r);
    ref2 += r * r;
  }
  atomicAdd(&sums[0], diff2);
  atomicAdd(&sums[1], ref2);
  atomicAdd(&sums[2], bad);
}

int GridFor(int64_t count) {
  const int64_t blocks = (count + 255) / 256;
  return static_cast<int>(blocks < 4096 ? (blocks > 0 ? blocks : 1) : 4096);
}

}  // namespace

Status FillRandom(void* data, int64_t count, DType dtype, uint64_t seed, void* stream) {
  FillRandomKernel<<<GridFor(count), 256, 0, static_cast<cudaStream_t>(stream)>>>(
      data, count, dtype == DType::kBf16, seed);
  return CudaStatus(cudaGetLastError(), "launch of FillRandomKernel");
}

Status FillNaN(void* data, int64_t rows, int64_t cols, int64_t ld, DType dtype, void* stream) {
  if (rows == 0 || cols == 0) return Status::Ok();
  FillNaNKernel<<<GridFor(rows * cols), 256, 0, static_cast<cudaStream_t>(stream)>>>(data, rows, cols, ld,
                                                                                     dtype == DType::kBf16);
  return CudaStatus(cudaGetLastError(), "launch of FillNaNKernel");
}

Status ReferenceGemm(const CudaGemmArgs& args, float* ref, void* stream) {
  if (args.m == 0 || args.n == 0) return Status::Ok();
  const dim3 grid(static_cast<unsigned>((args.n + 15) / 16), static_cast<unsigned>((args.m + 15) / 16));
  ReferenceGemmKernel<<<grid, dim3(16, 16), 0, static_cast<cudaStream_t>(stream)>>>(args, ref);
  return CudaStatus(cudaGetLastError(), "launch of ReferenceGemmKernel");
}

Result<ErrorReport> RelativeError(const CudaGemmArgs& args, const float* ref, void* stream) {
  ErrorReport report;
  if (args.m == 0 || args.n == 0) return report;
  auto s = static_cast<cudaStream_t>(stream);
  Result<DeviceBuffer> sums = DeviceBuffer::Allocate(3 * sizeof(double));
  if (!sums.ok()) return sums.status();
  TV_RETURN_IF_ERROR(CudaStatus(cudaMemsetAsync(sums->get(), 0, 3 * sizeof(double), s), "cudaMemsetAsync"));
  ErrorKernel<<<GridFor(args.m * args.n), 256, 0, s>>>(args, ref, static_cast<double*>(sums->get()));
  TV_RETURN_IF_ERROR(CudaStatus(cudaGetLastError(), "launch of ErrorKernel"));
  double host[3] = {0.0, 0.0, 0.0};
  TV_RETURN_IF_ERROR(CudaStatus(cudaMemcpyAsync(host, sums->get(), sizeof(host), cudaMemcpyDeviceToHost, s),
                                "cudaMemcpyAsync"));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(s), "the error check"));
  report.relative_error = host[1] > 0.0 ? std::sqrt(host[0] / host[1]) : std::sqrt(host[0]);
  report.non_finite = static_cast<int64_t>(host[2]);
  return report;
}

}  // namespace tv::gemm::cuda
