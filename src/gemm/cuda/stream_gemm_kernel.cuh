// The kernel of the stream family, for GEMMs of a few rows (decode):
//   C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, all row-major,
//   A, B and C in bf16 or fp16, products accumulated in fp32.
//
// With m of 1..8 a GEMM is a read of B: 2 flops per element of B per row of A,
// far below what the SMs compute, so what decides its speed is how fast B
// streams from memory. Tensor-core tiles of 16 or 64 rows waste most of their
// work there and stage B through shared memory; this kernel reads each element
// of B once, straight into registers, with no shared-memory pipeline.
//
// One CTA owns a kBm x kBn tile of C and, with split-K, one slice of k. Its
// threads each own 8 columns (one 16-byte load of B per row): kBn / 8 threads
// cover a row of the tile, and the kThreads / (kBn / 8) rows a pass covers
// (its depth, the instance's "bk") are read by different threads, kUnroll
// passes in flight per thread. Each thread keeps kBm x 8 fp32 sums; the rows
// a CTA read are summed through warp shuffles, then across warps in shared
// memory. A is read element by element (every thread of a row reads the same
// address; it stays in L1).
//
// Needs n and ldb multiples of 8 and B 16-byte aligned (the menu offers it
// for vector-8 operands only); m, k, A and C are free. Each element of C is
// written by one thread. Split-K: blockIdx.z takes k tiles
// [z * k_tiles_per_split, ...) of one pass's depth and writes fp32 partial
// sums (split x m x n, row stride n) that SplitKReduce finishes.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_kernel.cuh"
#include "gemm/cuda/mma_gemm_params.h"

namespace tv::gemm::cuda::kernels {

// Two packed elements of B as floats (conversions of one element: MmaTraits).
template <typename T>
__device__ float2 PairToFloat2(uint32_t bits);

template <>
__device__ inline float2 PairToFloat2<__nv_bfloat16>(uint32_t bits) {
  __nv_bfloat162 pair;
  *reinterpret_cast<uint32_t*>(&pair) = bits;
  return __bfloat1622float2(pair);
}

template <>
__device__ inline float2 PairToFloat2<__half>(uint32_t bits) {
  __half2 pair;
  *reinterpret_cast<uint32_t*>(&pair) = bits;
  return __half22float2(pair);
}

// 16 bytes of B, read once: through the read-only path, not kept in L1.
__device__ inline uint4 LoadOnce(const void* address) {
  uint4 v;
  asm("ld.global.nc.L1::no_allocate.v4.u32 {%0, %1, %2, %3}, [%4];"
      : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
      : "l"(address));
  return v;
}

// The stream kernels are launched with programmatic dependent launch
// (stream_gemm_launch.cuh): a CTA may start while the kernel before it on the
// stream still runs, and reads nothing before griddepcontrol.wait. Before it
// waits, it asks L2 for the rows of B it reads first: a prefetch into L2 hands
// nothing to the SM, and L2 is where every SM's reads and writes of global
// memory meet, so the loads after the wait still see memory as the kernel
// before left it, even where that kernel wrote B. The DRAM reads of B then
// overlap that kernel's last CTAs. Rows [k_begin, k_begin + rows) of columns
// [n0, n0 + bn) (clipped at n; n, ldb and B's address are multiples of 8
// elements, so every row is a whole number of 16-byte units), one bulk
// prefetch per row, the CTA's threads in turn.
template <typename T>
__device__ inline void PrefetchRowsToL2(const MmaGemmParams& p, int k_begin, int rows, int n0, int bn) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  const int cols = min(bn, p.n - n0);
  if (cols <= 0) return;
  const uint32_t bytes = static_cast<uint32_t>(cols) * static_cast<uint32_t>(sizeof(T));
  const T* first = static_cast<const T*>(p.b) + static_cast<int64_t>(k_begin) * p.ldb + n0;
  for (int r = static_cast<int>(threadIdx.x); r < rows; r += static_cast<int>(blockDim.x)) {
    asm volatile("cp.async.bulk.prefetch.L2.global [%0], %1;" ::"l"(first + static_cast<int64_t>(r) * p.ldb),
                 "r"(bytes)
                 : "memory");
  }
#endif
}

template <typename T, int kBm, int kBn, int kThreads, int kUnroll>
struct StreamShape {
  static constexpr int kVec = 8;                                // columns per thread (16 bytes)
  static constexpr int kLanesPerRow = kBn / kVec;               // threads across one row of the tile
  static constexpr int kRowsPerPass = kThreads / kLanesPerRow;  // the depth of one pass

  static constexpr int kWarps = kThreads / 32;
  static constexpr int kSmemBytes = kWarps * kBm * kBn * static_cast<int>(sizeof(float));
  static_assert(kBn % kVec == 0 && kLanesPerRow <= 32 && 32 % kLanesPerRow == 0,
                "a warp covers whole rows of the tile");
  static_assert(kThreads % 32 == 0 && kThreads <= 1024, "whole warps");
  static_assert(kSmemBytes <= 48 * 1024, "the cross-warp sums fit static shared memory");
};

template <typename T, int kBm, int kBn, int kThreads, int kUnroll>
__global__ void __launch_bounds__(kThreads) StreamGemmKernel(const MmaGemmParams p) {
  using Shape = StreamShape<T, kBm, kBn, kThreads, kUnroll>;
  using Traits = MmaTraits<T>;
  constexpr int kVec = Shape::kVec;
  constexpr int kLanesPerRow = Shape::kLanesPerRow;
  constexpr int kRowsPerPass = Shape::kRowsPerPass;
  __shared__ float warp_sums[Shape::kWarps][kBm][kBn];

  const int n_tiles = (p.n + kBn - 1) / kBn;
  const int m0 = static_cast<int>(blockIdx.x / n_tiles) * kBm;
  const int n0 = static_cast<int>(blockIdx.x % n_tiles) * kBn;
  const int lane_col = static_cast<int>(threadIdx.x) % kLanesPerRow;
  const int pass_row = static_cast<int>(threadIdx.x) / kLanesPerRow;
  const int col = n0 + lane_col * kVec;
  const int rows = min(kBm, p.m - m0);
  int k_begin = 0;
  int k_end = p.k;
  if (gridDim.z > 1) {
    k_begin = static_cast<int>(blockIdx.z) * p.k_tiles_per_split * kRowsPerPass;
    k_end = min(p.k, k_begin + p.k_tiles_per_split * kRowsPerPass);
  }
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  // Launched with programmatic dependent launch (stream_gemm_launch.cuh): ask
  // L2 for this CTA's part of B, wait for the kernel before this one on the
  // stream to finish before reading anything, and let the next one launch.
  PrefetchRowsToL2<T>(p, k_begin, min(k_end - k_begin, p.prefetch_rows), n0, kBn);
  asm volatile("griddepcontrol.wait;" ::: "memory");
  asm volatile("griddepcontrol.launch_dependents;");
#endif

  float acc[kBm][kVec];
#pragma unroll
  for (int i = 0; i < kBm; ++i)
#pragma unroll
    for (int j = 0; j < kVec; ++j) acc[i][j] = 0.0f;

  const T* a = static_cast<const T*>(p.a) + static_cast<int64_t>(m0) * p.lda;
  const T* b = static_cast<const T*>(p.b) + col;
  // Adds row k of B (8 values in `bits`) times column k of A's tile rows.
  auto accumulate = [&](const uint4& bits, int k) {
    const float2 b01 = PairToFloat2<T>(bits.x);
    const float2 b23 = PairToFloat2<T>(bits.y);
    const float2 b45 = PairToFloat2<T>(bits.z);
    const float2 b67 = PairToFloat2<T>(bits.w);
    const float bv[kVec] = {b01.x, b01.y, b23.x, b23.y, b45.x, b45.y, b67.x, b67.y};
#pragma unroll
    for (int i = 0; i < kBm; ++i) {
      if (i < rows) {
        const float av = Traits::ToFloat(a[static_cast<int64_t>(i) * p.lda + k]);
#pragma unroll
        for (int j = 0; j < kVec; ++j) acc[i][j] = fmaf(av, bv[j], acc[i][j]);
      }
    }
  };
  if (col < p.n) {
    int k = k_begin + pass_row;
    for (; k + (kUnroll - 1) * kRowsPerPass < k_end; k += kUnroll * kRowsPerPass) {
      uint4 bits[kUnroll];
#pragma unroll
      for (int u = 0; u < kUnroll; ++u)
        bits[u] = LoadOnce(b + static_cast<int64_t>(k + u * kRowsPerPass) * p.ldb);
#pragma unroll
      for (int u = 0; u < kUnroll; ++u) accumulate(bits[u], k + u * kRowsPerPass);
    }
    for (; k < k_end; k += kRowsPerPass) accumulate(LoadOnce(b + static_cast<int64_t>(k) * p.ldb), k);
  }

  // Sum over the rows of B the CTA read: within a warp (lanes of the same
  // columns), then across warps.
#pragma unroll
  for (int i = 0; i < kBm; ++i)
#pragma unroll
    for (int j = 0; j < kVec; ++j)
#pragma unroll
      for (int offset = kLanesPerRow; offset < 32; offset *= 2)
        acc[i][j] += __shfl_xor_sync(0xffffffffu, acc[i][j], offset);
  const int warp = static_cast<int>(threadIdx.x) / 32;
  if (static_cast<int>(threadIdx.x) % 32 < kLanesPerRow) {
#pragma unroll
    for (int i = 0; i < kBm; ++i)
#pragma unroll
      for (int j = 0; j < kVec; ++j) warp_sums[warp][i][lane_col * kVec + j] = acc[i][j];
  }
  __syncthreads();

  // One thread per element of the tile sums it over the warps and writes it
  // (a warp writes 32 consecutive columns of a row).
  for (int t = static_cast<int>(threadIdx.x); t < kBm * kBn; t += kThreads) {
    const int i = t / kBn;
    const int c = t % kBn;
    const int row = m0 + i;
    const int out_col = n0 + c;
    if (i >= rows || out_col >= p.n) continue;
    float sum = 0.0f;
#pragma unroll
    for (int w = 0; w < Shape::kWarps; ++w) sum += warp_sums[w][i][c];
    if (gridDim.z > 1) {
      p.partial[(static_cast<int64_t>(blockIdx.z) * p.m + row) * p.n + out_col] = sum;
      continue;
    }
    T* out = static_cast<T*>(p.c) + static_cast<int64_t>(row) * p.ldc + out_col;
    float value = p.alpha * sum;
    if (p.beta != 0.0f) value += p.beta * Traits::ToFloat(*out);
    *out = Traits::FromFloat(value);
  }
}

}  // namespace tv::gemm::cuda::kernels
