// The epilogue of the warp-specialized TMA kernel without split-K: a consumer
// warpgroup's 64 x kBn fp32 accumulators go through shared memory so that
// global memory sees whole rows in 16-byte stores (8 elements of T per thread)
// instead of the wgmma fragment's 4-byte pairs spread over 8 rows. On shapes
// whose time is mostly writing C (k = 128 or 576 with m, n in the thousands)
// the fragment's stores were the bottleneck (docs/cuda-notes.md, call 16).
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_kernel.cuh"
#include "gemm/cuda/mma_gemm_params.h"

namespace tv::gemm::cuda::kernels {

// Row stride of the staging tile in floats: kBn + 8 puts the 8 rows of one
// fragment store (8-byte pairs, 16 lanes per phase) in distinct banks.
template <int kBn>
constexpr int kStagedRowFloats = kBn + 8;

// Shared memory the epilogue of kWarpgroups consumer warpgroups needs.
template <int kBn, int kWarpgroups>
constexpr int kStagedEpilogueBytes = kWarpgroups * 64 * kStagedRowFloats<kBn> * 4;

// Synchronizes `threads` threads (a multiple of 32) on named barrier `id` (1..15).
__device__ inline void NamedBarrierSync(int id, int threads) {
  asm volatile("bar.sync %0, %1;\n" ::"r"(id), "r"(threads) : "memory");
}

// Writes rows [m0, m0 + 64) x columns [n0, n0 + kBn) of C = alpha * acc + beta
// * C from the wgmma accumulators of one warpgroup (thread t of the group holds
// acc[4 i + 2 h + e] for row 16 (t / 32) + (t % 32) / 4 + 8 h and column 8 i +
// 2 (t % 4) + e). `stage` is this warpgroup's 64 x kStagedRowFloats<kBn> floats
// of shared memory, free of other use; `barrier_id` a named barrier of its own.
template <typename T, int kBn>
__device__ inline void StoreTileThroughShared(const MmaGemmParams& p, const float* acc, float* stage, int m0,
                                              int n0, int barrier_id) {
  using Traits = MmaTraits<T>;
  constexpr int kRow = kStagedRowFloats<kBn>;
  const int t = static_cast<int>(threadIdx.x) % 128;
  const int warp = t / 32;
  const int lane = t % 32;
#pragma unroll
  for (int i = 0; i < kBn / 8; ++i) {
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int row = warp * 16 + lane / 4 + h * 8;
      const int col = i * 8 + (lane % 4) * 2;
      *reinterpret_cast<float2*>(stage + row * kRow + col) =
          make_float2(acc[4 * i + 2 * h], acc[4 * i + 2 * h + 1]);
    }
  }
  NamedBarrierSync(barrier_id, 128);

  // 8 consecutive columns per thread; kBn / 8 threads per row.
  constexpr int kThreadsPerRow = kBn / 8;
  constexpr int kRowsPerPass = 128 / kThreadsPerRow;
  const int col = (t % kThreadsPerRow) * 8;
  const int gcol = n0 + col;
  const bool vector_ok = (p.ldc % 8) == 0 && (reinterpret_cast<uintptr_t>(p.c) % 16) == 0;
#pragma unroll 4
  for (int r = t / kThreadsPerRow; r < 64; r += kRowsPerPass) {
    const int grow = m0 + r;
    if (grow >= p.m || gcol >= p.n) continue;
    const float4 lo = *reinterpret_cast<const float4*>(stage + r * kRow + col);
    const float4 hi = *reinterpret_cast<const float4*>(stage + r * kRow + col + 4);
    float v[8] = {lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w};
    T* out = static_cast<T*>(p.c) + static_cast<int64_t>(grow) * p.ldc + gcol;
    if (vector_ok && gcol + 8 <= p.n) {
      alignas(16) T packed[8];
      if (p.beta != 0.0f) {
        *reinterpret_cast<uint4*>(packed) = *reinterpret_cast<const uint4*>(out);
#pragma unroll
        for (int e = 0; e < 8; ++e)
          packed[e] = Traits::FromFloat(p.alpha * v[e] + p.beta * Traits::ToFloat(packed[e]));
      } else {
#pragma unroll
        for (int e = 0; e < 8; ++e) packed[e] = Traits::FromFloat(p.alpha * v[e]);
      }
      *reinterpret_cast<uint4*>(out) = *reinterpret_cast<const uint4*>(packed);
    } else {
      for (int e = 0; e < 8 && gcol + e < p.n; ++e) {
        float r0 = p.alpha * v[e];
        if (p.beta != 0.0f) r0 += p.beta * Traits::ToFloat(out[e]);
        out[e] = Traits::FromFloat(r0);
      }
    }
  }
}

}  // namespace tv::gemm::cuda::kernels
