// The warp-specialized Hopper GEMM kernel (sm_90a only): the same product,
// parameters, raster, split-K and epilogue as the other families, with
//   - one producer warpgroup whose first thread moves tiles with the bulk
//     tensor copy engine (TMA, cp.async.bulk.tensor) into a kStages ring;
//   - kConsumers consumer warpgroups, each computing 64 x kBn of the CTA's
//     (64 kConsumers) x kBn tile with wgmma m64nNk16 from shared memory;
//   - per stage a "full" mbarrier (the TMA's bytes arrived) and an "empty"
//     mbarrier (every consumer warpgroup's wgmmas that read it completed).
// The shared-memory layouts are those of wgmma_gemm_kernel.cuh (128-byte
// swizzle), which TMA writes directly: A box 64 (k) x kBm, B boxes 64 (n) x 64
// (k), one per 64 columns. Rows and columns past m, n, k are zero-filled by the
// TMA. Needs 16-byte aligned operands with k, n, lda, ldb multiples of 8.
#pragma once

#include <cuda.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_kernel.cuh"
#include "gemm/cuda/mma_gemm_params.h"
#include "gemm/cuda/staged_epilogue.cuh"
#include "gemm/cuda/wgmma_gemm_kernel.cuh"
#include "gemm/cuda/wgmma_ops.cuh"

namespace tv::gemm::cuda::kernels {

template <int kBm, int kBn, int kStages>
struct WgmmaTmaSmemLayout {
  static constexpr int kAStageBytes = kBm * kWgmmaBk * 2;
  static constexpr int kBStageBytes = kWgmmaBk * kBn * 2;
  static constexpr int kStageBytes = kAStageBytes + kBStageBytes;
  static constexpr int kBarrierBytes = 2 * kStages * 8;
  // + 1024: the base is aligned up to the swizzle atom.
  static constexpr int kBytes = kStages * kStageBytes + kBarrierBytes + 1024;
};

__device__ inline void MbarrierInit(uint32_t bar, uint32_t count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count));
}

__device__ inline void MbarrierArriveExpectTx(uint32_t bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes) : "memory");
}

__device__ inline void MbarrierArrive(uint32_t bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}

// Waits until the barrier's phase with parity `phase` has completed.
__device__ inline void MbarrierWait(uint32_t bar, uint32_t phase) {
  uint32_t done = 0;
  do {
    asm volatile(
        "{\n.reg .pred p;\nmbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\nselp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(phase)
        : "memory");
  } while (done == 0);
}

// One 2-D box of `map` at (c0 innermost, c1) into shared memory, completing on `bar`.
__device__ inline void TmaLoad2d(uint32_t dst, const CUtensorMap* map, int c0, int c1, uint32_t bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], "
      "[%4];\n" ::"r"(dst),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(bar)
      : "memory");
}

template <int kRegisters>
__device__ inline void SetMaxRegistersIncrease() {
  asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(kRegisters));
}
template <int kRegisters>
__device__ inline void SetMaxRegistersDecrease() {
  asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(kRegisters));
}

// The consumer warpgroup `consumer` (0-based): waits for each stage, runs its
// wgmmas, releases the stage before, and stores its 64 x kBn accumulators
// (through the then idle stage ring, `ring` = a_base as a generic pointer,
// unless they are split-K partial sums).
template <typename T, int kBm, int kBn, int kStages>
__device__ inline void ConsumeAndStore(const MmaGemmParams& p, int consumer, int m0, int n0, int k_tiles,
                                       unsigned char* ring, uint32_t a_base, uint32_t b_base,
                                       uint32_t full_bar, uint32_t empty_bar) {
  constexpr int kAcc = kBn / 2;
  using Layout = WgmmaTmaSmemLayout<kBm, kBn, kStages>;
  SetMaxRegistersIncrease<232>();
  const int thread_in_group = static_cast<int>(threadIdx.x) % 128;
  float acc[kAcc];
#pragma unroll
  for (int i = 0; i < kAcc; ++i) acc[i] = 0.0f;
  for (int kt = 0; kt < k_tiles; ++kt) {
    const int s = kt % kStages;
    MbarrierWait(full_bar + 8 * s, (kt / kStages) & 1);
    const uint32_t a_stage = a_base + s * Layout::kAStageBytes + consumer * 64 * 128;
    const uint32_t b_stage = b_base + s * Layout::kBStageBytes;
    WgmmaFence();
#pragma unroll
    for (int j = 0; j < kWgmmaBk / 16; ++j) {
      const uint64_t desc_a = SwizzledDescriptor(a_stage + j * 32, 16, 1024);
      const uint64_t desc_b = SwizzledDescriptor(b_stage + j * 16 * 128, kWgmmaBk * 128, 1024);
      Wgmma<T, kBn>::Mma(acc, desc_a, desc_b, 1);
    }
    WgmmaCommit();
    WgmmaWait<1>();  // the wgmmas of stage kt - 1 are done: release it
    if (kt > 0 && thread_in_group == 0) MbarrierArrive(empty_bar + 8 * ((kt - 1) % kStages));
  }
  WgmmaWait<0>();

  if (gridDim.z == 1) {
    // Every consumer warpgroup is past its last wgmma (and so past the last
    // TMA write): the ring may be overwritten.
    NamedBarrierSync(1, kBm / 64 * 128);
    float* stage = reinterpret_cast<float*>(ring) + consumer * 64 * kStagedRowFloats<kBn>;
    StoreTileThroughShared<T, kBn>(p, acc, stage, m0 + consumer * 64, n0, 2 + consumer);
    return;
  }
  const int warp = thread_in_group / 32;
  const int lane = thread_in_group % 32;
#pragma unroll
  for (int i = 0; i < kBn / 8; ++i) {
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int row = m0 + consumer * 64 + warp * 16 + lane / 4 + h * 8;
      const int col = n0 + i * 8 + (lane % 4) * 2;
      StoreAccumulatorPair<T, 8>(p, row, col, acc[4 * i + 2 * h], acc[4 * i + 2 * h + 1]);
    }
  }
}

// map_a: A as (k, m) with a 64 x kBm box; map_b: B as (n, k) with a 64 x 64 box.
template <typename T, int kBm, int kBn, int kStages>
__global__ void __launch_bounds__((kBm / 64 + 1) * 128, 1)
    WgmmaTmaGemmKernel(const MmaGemmParams p, const __grid_constant__ CUtensorMap map_a,
                       const __grid_constant__ CUtensorMap map_b) {
  constexpr int kConsumers = kBm / 64;
  using Layout = WgmmaTmaSmemLayout<kBm, kBn, kStages>;
  static_assert(kBm == 128 && kBn % 64 == 0 && kBn <= 256,
                "two consumer warpgroups (the register split of setmaxnreg 40/232), N <= 256");
  static_assert(kStagedEpilogueBytes<kBn, kBm / 64> <= kStages * Layout::kStageBytes,
                "the staged epilogue reuses the stage ring");

#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 900) && defined(__CUDA_ARCH_FEAT_SM90_ALL)
  extern __shared__ __align__(16) unsigned char smem_raw[];
  const uint32_t raw_address = SharedAddress(smem_raw);
  const uint32_t base = (raw_address + 1023u) & ~1023u;
  const uint32_t a_base = base;
  const uint32_t b_base = base + kStages * Layout::kAStageBytes;
  const uint32_t full_bar = base + kStages * Layout::kStageBytes;  // kStages x 8 bytes
  const uint32_t empty_bar = full_bar + kStages * 8;

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

  const int warpgroup = static_cast<int>(threadIdx.x) / 128;
  const int thread_in_group = static_cast<int>(threadIdx.x) % 128;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) {
      MbarrierInit(full_bar + 8 * s, 1);
      MbarrierInit(empty_bar + 8 * s, kConsumers);
    }
    asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
  }
  __syncthreads();

  if (warpgroup == 0) {
    // Producer: one thread issues every copy; stage s is refilled once all
    // consumer warpgroups released it (phase parity flips each pass of the ring).
    SetMaxRegistersDecrease<40>();
    if (thread_in_group == 0) {
      for (int kt = 0; kt < k_tiles; ++kt) {
        const int s = kt % kStages;
        const int pass = kt / kStages;
        if (pass > 0) MbarrierWait(empty_bar + 8 * s, (pass - 1) & 1);
        MbarrierArriveExpectTx(full_bar + 8 * s, Layout::kStageBytes);
        const int k0 = (kt_begin + kt) * kWgmmaBk;
        TmaLoad2d(a_base + s * Layout::kAStageBytes, &map_a, k0, m0, full_bar + 8 * s);
#pragma unroll
        for (int j = 0; j < kBn / 64; ++j) {
          TmaLoad2d(b_base + s * Layout::kBStageBytes + j * kWgmmaBk * 128, &map_b, n0 + j * 64, k0,
                    full_bar + 8 * s);
        }
      }
    }
  } else {
    unsigned char* ring = smem_raw + (a_base - raw_address);
    ConsumeAndStore<T, kBm, kBn, kStages>(p, warpgroup - 1, m0, n0, k_tiles, ring, a_base, b_base, full_bar,
                                          empty_bar);
  }
#endif
}

}  // namespace tv::gemm::cuda::kernels
