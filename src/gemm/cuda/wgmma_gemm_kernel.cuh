// The tile-templated GEMM kernel of the Hopper wgmma family (sm_90a only):
//   C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, row-major, bf16 or
//   fp16 in and out, fp32 accumulators; same parameters, raster, split-K and
//   epilogue as the mma.sync family (mma_gemm_kernel.cuh).
//
// A CTA of kBm / 64 warpgroups computes a kBm x kBn tile of C; warpgroup g
// owns rows [64 g, 64 g + 64) and all kBn columns (wgmma m64nNk16, N = kBn).
// A and B stream through a kStages ring of shared memory filled with 16-byte
// cp.async copies (so k, n and the leading dimensions must be multiples of 8),
// stored in the 128-byte-swizzle layouts that wgmma's matrix descriptors read:
//   A stage: kBm rows of 64 k (128 bytes), 16-byte chunk c of row r at chunk c ^ (r % 8)
//            (K-major; descriptor stride between 8-row groups SBO = 1024 bytes)
//   B stage: kBn / 64 blocks of 64 columns; block j holds 64 rows of k, 128 bytes each
//            (N-major, chunk c of row k at c ^ (k % 8); LBO = block stride, SBO = 1024)
// While the tensor cores work on stage kt, the copies of stage kt + kStages - 1
// are in flight; a stage is refilled only after every warpgroup's wgmma that
// read it has completed (wgmma.wait_group 1 plus a barrier).
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_kernel.cuh"
#include "gemm/cuda/mma_gemm_params.h"
#include "gemm/cuda/wgmma_ops.cuh"

namespace tv::gemm::cuda::kernels {

inline constexpr int kWgmmaBk = 64;  // one 128-byte swizzle row of bf16/fp16

template <int kBm, int kBn, int kStages>
struct WgmmaSmemLayout {
  static constexpr int kAStageBytes = kBm * kWgmmaBk * 2;
  static constexpr int kBStageBytes = kWgmmaBk * kBn * 2;
  // + 1024: the dynamic shared memory base is aligned up to the swizzle atom.
  static constexpr int kBytes = kStages * (kAStageBytes + kBStageBytes) + 1024;
};

// A wgmma shared-memory matrix descriptor with 128-byte swizzling.
__device__ inline uint64_t SwizzledDescriptor(uint32_t smem_address, uint32_t leading_bytes,
                                              uint32_t stride_bytes) {
  uint64_t desc = 0;
  desc |= static_cast<uint64_t>((smem_address & 0x3FFFF) >> 4);
  desc |= static_cast<uint64_t>((leading_bytes >> 4) & 0x3FFF) << 16;
  desc |= static_cast<uint64_t>((stride_bytes >> 4) & 0x3FFF) << 32;
  desc |= uint64_t{1} << 62;  // 128-byte swizzle
  return desc;
}

__device__ inline void WgmmaFence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ inline void WgmmaCommit() { asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory"); }
template <int kPending>
__device__ inline void WgmmaWait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(kPending) : "memory");
}
// Orders this thread's generic-proxy writes to shared memory (cp.async included)
// before later async-proxy reads (wgmma).
__device__ inline void FenceProxyAsync() { asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory"); }

// Two CTAs of at most 128 x 128 share an SM where shared memory allows it
// (registers capped at 128 per thread), so one CTA's barriers and copies
// overlap the other's MMAs.
template <int kBm, int kBn, int kStages>
inline constexpr int kWgmmaMinBlocks = (kBm <= 128 && kBn <= 128 &&
                                        2 * WgmmaSmemLayout<kBm, kBn, kStages>::kBytes <= 227 * 1024)
                                           ? 2
                                           : 1;

template <typename T, int kBm, int kBn, int kStages>
__global__ void __launch_bounds__(kBm / 64 * 128, (kWgmmaMinBlocks<kBm, kBn, kStages>))
    WgmmaGemmKernel(const MmaGemmParams p) {
  constexpr int kWarpgroups = kBm / 64;
  constexpr int kThreads = kWarpgroups * 128;
  constexpr int kAcc = kBn / 2;  // fp32 accumulators per thread (64 x kBn over 128 threads)
  using Layout = WgmmaSmemLayout<kBm, kBn, kStages>;
  static_assert(kBm % 64 == 0 && kBn % 64 == 0 && kBn <= 256, "wgmma tile: 64 rows per warpgroup, N <= 256");

#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 900) && defined(__CUDA_ARCH_FEAT_SM90_ALL)
  extern __shared__ __align__(16) unsigned char smem_raw[];
  const uint32_t raw_address = SharedAddress(smem_raw);
  const uint32_t base = (raw_address + 1023u) & ~1023u;
  unsigned char* smem = smem_raw + (base - raw_address);
  const uint32_t a_base = base;
  const uint32_t b_base = base + kStages * Layout::kAStageBytes;

  const int tiles_m = (p.m + kBm - 1) / kBm;
  const int tiles_n = (p.n + kBn - 1) / kBn;
  const int group_rows = 1 << p.swizzle_log2;
  const int bid = static_cast<int>(blockIdx.x);
  const int group_size = group_rows * tiles_n;
  const int first_m = (bid / group_size) * group_rows;
  const int rows_in_group = min(tiles_m - first_m, group_rows);
  const int m0 = (first_m + (bid % group_size) % rows_in_group) * kBm;
  const int n0 = ((bid % group_size) / rows_in_group) * kBn;

  const int k_tiles_total = (p.k + kWgmmaBk - 1) / kWgmmaBk;
  const int kt_begin = static_cast<int>(blockIdx.z) * p.k_tiles_per_split;
  const int k_tiles = max(0, min(k_tiles_total, kt_begin + p.k_tiles_per_split) - kt_begin);

  const T* a = static_cast<const T*>(p.a);
  const T* b = static_cast<const T*>(p.b);
  auto load_stage = [&](int stage, int kt) {
    const int k0 = (kt_begin + kt) * kWgmmaBk;
    unsigned char* sa = smem + (a_base - base) + stage * Layout::kAStageBytes;
    unsigned char* sb = smem + (b_base - base) + stage * Layout::kBStageBytes;
    constexpr int kAChunks = kBm * 8;
#pragma unroll
    for (int it = 0; it < (kAChunks + kThreads - 1) / kThreads; ++it) {
      const int i = it * kThreads + static_cast<int>(threadIdx.x);
      if (kAChunks % kThreads != 0 && i >= kAChunks) break;
      const int r = i / 8;
      const int c = i % 8;
      const int gr = m0 + r;
      const int gk = k0 + c * 8;
      const bool valid = gr < p.m && gk < p.k;
      CpAsync<16>(sa + r * 128 + ((c ^ (r & 7)) << 4), valid ? a + static_cast<int64_t>(gr) * p.lda + gk : a,
                  valid);
    }
    constexpr int kBChunks = kWgmmaBk * kBn / 8;
#pragma unroll
    for (int it = 0; it < (kBChunks + kThreads - 1) / kThreads; ++it) {
      const int i = it * kThreads + static_cast<int>(threadIdx.x);
      if (kBChunks % kThreads != 0 && i >= kBChunks) break;
      const int kr = i / (kBn / 8);
      const int cn = i % (kBn / 8);
      const int gk = k0 + kr;
      const int gn = n0 + cn * 8;
      const bool valid = gk < p.k && gn < p.n;
      CpAsync<16>(sb + (cn / 8) * (kWgmmaBk * 128) + kr * 128 + (((cn % 8) ^ (kr & 7)) << 4),
                  valid ? b + static_cast<int64_t>(gk) * p.ldb + gn : b, valid);
    }
  };

  const int warpgroup = static_cast<int>(threadIdx.x) / 128;
  float acc[kAcc];
#pragma unroll
  for (int i = 0; i < kAcc; ++i) acc[i] = 0.0f;

#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (s < k_tiles) load_stage(s, s);
    CpAsyncCommit();
  }

  for (int kt = 0; kt < k_tiles; ++kt) {
    CpAsyncWait<kStages - 2>();
    FenceProxyAsync();
    __syncthreads();  // stage kt is in shared memory for every thread

    const int stage = kt % kStages;
    const uint32_t a_stage = a_base + stage * Layout::kAStageBytes + warpgroup * 64 * 128;
    const uint32_t b_stage = b_base + stage * Layout::kBStageBytes;
    WgmmaFence();
#pragma unroll
    for (int j = 0; j < kWgmmaBk / 16; ++j) {
      const uint64_t desc_a = SwizzledDescriptor(a_stage + j * 32, 16, 1024);
      const uint64_t desc_b = SwizzledDescriptor(b_stage + j * 16 * 128, kWgmmaBk * 128, 1024);
      Wgmma<T, kBn>::Mma(acc, desc_a, desc_b, 1);
    }
    WgmmaCommit();
    WgmmaWait<1>();   // this warpgroup's wgmmas of stage kt - 1 are done
    __syncthreads();  // ... and every warpgroup's: stage kt - 1 may be refilled

    const int next = kt + kStages - 1;
    if (next < k_tiles) load_stage(next % kStages, next);
    CpAsyncCommit();
  }
  WgmmaWait<0>();
  CpAsyncWait<0>();

  // acc[4 i + e]: row 64 g + 16 (warp % 4) + lane / 4 (+ 8 for e >= 2), column 8 i + 2 (lane % 4) (+ 1 for
  // odd e).
  const int warp = (static_cast<int>(threadIdx.x) / 32) % 4;
  const int lane = static_cast<int>(threadIdx.x) % 32;
#pragma unroll
  for (int i = 0; i < kBn / 8; ++i) {
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int row = m0 + warpgroup * 64 + warp * 16 + lane / 4 + h * 8;
      const int col = n0 + i * 8 + (lane % 4) * 2;
      StoreAccumulatorPair<T, 8>(p, row, col, acc[4 * i + 2 * h], acc[4 * i + 2 * h + 1]);
    }
  }
#endif
}

}  // namespace tv::gemm::cuda::kernels
