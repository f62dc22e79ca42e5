// The tensor-core kernel of the stream family, for GEMMs of up to 16 rows:
//   C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, all row-major,
//   A, B and C in bf16 or fp16, products accumulated in fp32.
//
// Like StreamGemmKernel (stream_gemm_kernel.cuh) it reads every element of B
// once, 16 bytes at a time, straight into registers: at m <= 16 a GEMM is still
// a read of B. With 16 rows, though, the fp32 FMAs of that kernel (16 x 8 per
// 16 bytes of B, plus a load of A for each row) make it compute-bound; here the
// tensor cores do the products, and what is left per 16 bytes of B is one
// register transpose.
//
// The product is taken transposed, C^T = B^T A^T, with mma.sync m16n8k16: B^T's
// 16 columns x 16 depths are the mma's A operand, A^T (16 depths x 8 rows of A)
// its B operand. The A operand wants pairs of consecutive depths in a register;
// a 16-byte load of B holds 8 consecutive columns of one depth. So each lane of
// a warp loads 16 bytes of B at one of 8 depths (lane / 4 picks it) and columns
// n0 + 8 * (lane % 4) .. + 7: register j of the lane holds columns
// n0 + 8 * (lane % 4) + 2j, + 1. Register j of the 32 lanes is an 8 x 8 matrix
// (depths x a permutation of 8 columns) in the fragment layout of ldmatrix;
// movmatrix.trans transposes it into the mma's A-operand layout. The column
// permutation is undone when the sums are written (ColumnOf); the order of the
// depths is chosen so that A is read in whole 32-byte sectors (load_whole).
//
// One CTA owns a kBm x kBn tile of C (kBm = 8 or 16 rows: one or two mmas per
// 16 x 16 block of B; kBn = 32 or 64 columns) and, with split-K, one slice of k.
// Every warp covers all kBn columns and takes every kWarps-th block of 16
// depths, kUnroll blocks in flight; the warps' sums meet in shared memory.
// Needs n, k, lda and ldb multiples of 8 and 16-byte aligned operands (the
// menu offers it for vector-8 operands only); m is free. Each element of C is
// written by one thread. Split-K as StreamGemmKernel: blockIdx.z takes k tiles
// of kWarps * 16 depths and writes fp32 partial sums for SplitKReduce.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_kernel.cuh"
#include "gemm/cuda/mma_gemm_params.h"
#include "gemm/cuda/stream_gemm_kernel.cuh"

namespace tv::gemm::cuda::kernels {

// The 8 x 8 matrix of 16-bit elements held by a warp (lane l: row l / 4,
// columns 2 (l % 4) and + 1), transposed, in the same layout.
__device__ inline uint32_t TransposeInWarp(uint32_t bits) {
  uint32_t out;
  asm volatile("movmatrix.sync.aligned.m8n8.trans.b16 %0, %1;" : "=r"(out) : "r"(bits));
  return out;
}

template <int kMBlocks, int kChunks, int kThreads, int kUnroll>
struct StreamMmaShape {
  static constexpr int kBm = 8 * kMBlocks;  // rows of C: 8 per mma of the transposed product
  static constexpr int kBn = 32 * kChunks;  // columns of C: 32 per 16-byte load of a warp's lanes
  static constexpr int kWarps = kThreads / 32;
  static constexpr int kRowsPerPass = 16 * kWarps;  // depths of B one pass of the CTA reads
  // Shared memory holds one tile per warp of the upper half; the lower half adds into them.
  static constexpr int kSmemBytes = (kWarps / 2) * kBm * kBn * static_cast<int>(sizeof(float));
  static_assert(kMBlocks == 1 || kMBlocks == 2, "8 or 16 rows");
  static_assert(kThreads % 64 == 0 && kThreads <= 1024, "an even number of whole warps");
  static_assert(kSmemBytes <= 48 * 1024, "the cross-warp sums fit static shared memory");
};

// Column (within the tile) of the accumulator element `e` (0..3) of mma `p`
// (0, 1) in chunk `c`, for the lane in group g = lane / 4: the mma's row g
// (e < 2) or g + 8 (e >= 2) came from register 2p or 2p + 1 of the 16-byte loads.
__device__ inline int ColumnOf(int c, int p, int e, int g) {
  return 32 * c + 8 * (g >> 1) + 4 * p + 2 * (e >> 1) + (g & 1);
}

template <typename T, int kMBlocks, int kChunks, int kThreads, int kUnroll>
__global__ void __launch_bounds__(kThreads) StreamMmaGemmKernel(const MmaGemmParams p) {
  using Shape = StreamMmaShape<kMBlocks, kChunks, kThreads, kUnroll>;
  using Traits = MmaTraits<T>;
  constexpr int kBm = Shape::kBm;
  constexpr int kBn = Shape::kBn;
  constexpr int kRowsPerPass = Shape::kRowsPerPass;
  constexpr int kHalfWarps = Shape::kWarps / 2;
  __shared__ float handed_over[kHalfWarps][kBm][kBn];

  const int n_tiles = (p.n + kBn - 1) / kBn;
  const int m0 = static_cast<int>(blockIdx.x / n_tiles) * kBm;
  const int n0 = static_cast<int>(blockIdx.x % n_tiles) * kBn;
  const int warp = static_cast<int>(threadIdx.x) / 32;
  const int lane = static_cast<int>(threadIdx.x) % 32;
  const int g = lane / 4;
  const int t = lane % 4;
  int k_begin = 0;
  int k_end = p.k;
  if (gridDim.z > 1) {
    k_begin = static_cast<int>(blockIdx.z) * p.k_tiles_per_split * kRowsPerPass;
    k_end = min(p.k, k_begin + p.k_tiles_per_split * kRowsPerPass);
  }
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  // Programmatic dependent launch and B asked of L2 meanwhile, as StreamGemmKernel.
  PrefetchRowsToL2<T>(p, k_begin, min(k_end - k_begin, p.prefetch_rows), n0, kBn);
  asm volatile("griddepcontrol.wait;" ::: "memory");
  asm volatile("griddepcontrol.launch_dependents;");
#endif

  // This lane's 16-byte column group in each chunk, and its rows of A (row g
  // of each block of 8; rows at or past m read as zeros).
  // (In a whole block the lane reads rows 4 (g / 2) + g % 2 and + 2 of B and
  // depths 4t .. 4t + 3 of A, in a half block row g of B and depths 2t, 2t + 1.)
  const T* b_lane[kChunks];
  const T* b_half_lane[kChunks];
  bool column_valid[kChunks];
#pragma unroll
  for (int c = 0; c < kChunks; ++c) {
    const int col = n0 + 32 * c + 8 * t;
    column_valid[c] = col < p.n;
    b_lane[c] = static_cast<const T*>(p.b) + static_cast<int64_t>(4 * (g >> 1) + (g & 1)) * p.ldb + col;
    b_half_lane[c] = static_cast<const T*>(p.b) + static_cast<int64_t>(g) * p.ldb + col;
  }
  const T* a_row[kMBlocks];
  bool row_valid[kMBlocks];
#pragma unroll
  for (int mb = 0; mb < kMBlocks; ++mb) {
    const int row = m0 + 8 * mb + g;
    row_valid[mb] = row < p.m;
    a_row[mb] = static_cast<const T*>(p.a) + static_cast<int64_t>(row_valid[mb] ? row : 0) * p.lda;
  }

  float acc[kChunks][2][kMBlocks][4];
#pragma unroll
  for (int c = 0; c < kChunks; ++c)
#pragma unroll
    for (int q = 0; q < 2; ++q)
#pragma unroll
      for (int mb = 0; mb < kMBlocks; ++mb)
#pragma unroll
        for (int e = 0; e < 4; ++e) acc[c][q][mb][e] = 0.0f;

  // One block of 16 depths starting at k0, loaded: B's two halves of 8 depths
  // per chunk, and A^T's fragments (2 registers per block of 8 rows).
  //
  // The mma's depth order within a block is free as long as A and B agree. In
  // a whole block, depth d of the mma is row 4 (d / 2 % 4) + 2 (d / 8) + d % 2
  // of B: the fragment of the lane with t = lane % 4 (depths 2t, 2t + 1,
  // 8 + 2t, 9 + 2t) is then rows 4t .. 4t + 3, one 8-byte load of each row of
  // A, and the 4 lanes of a row of A read one 32-byte sector. The half block
  // at the end of k (k is a multiple of 8) keeps the plain order.
  struct Block {
    uint4 b[2][kChunks];
    uint32_t a[kMBlocks][2];
  };
  auto load_whole = [&](Block& block, int k0) {
#pragma unroll
    for (int h = 0; h < 2; ++h)
#pragma unroll
      for (int c = 0; c < kChunks; ++c) {
        block.b[h][c] = column_valid[c] ? LoadOnce(b_lane[c] + static_cast<int64_t>(k0 + 2 * h) * p.ldb)
                                        : make_uint4(0u, 0u, 0u, 0u);
      }
#pragma unroll
    for (int mb = 0; mb < kMBlocks; ++mb) {
      const uint2 pair =
          row_valid[mb] ? *reinterpret_cast<const uint2*>(a_row[mb] + k0 + 4 * t) : make_uint2(0u, 0u);
      block.a[mb][0] = pair.x;
      block.a[mb][1] = pair.y;
    }
  };
  auto load_half = [&](Block& block, int k0) {
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      block.b[0][c] = column_valid[c] ? LoadOnce(b_half_lane[c] + static_cast<int64_t>(k0) * p.ldb)
                                      : make_uint4(0u, 0u, 0u, 0u);
      block.b[1][c] = make_uint4(0u, 0u, 0u, 0u);
    }
#pragma unroll
    for (int mb = 0; mb < kMBlocks; ++mb) {
      block.a[mb][0] = row_valid[mb] ? *reinterpret_cast<const uint32_t*>(a_row[mb] + k0 + 2 * t) : 0u;
      block.a[mb][1] = 0u;
    }
  };
  auto multiply = [&](const Block& block) {
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      const uint32_t low[4] = {block.b[0][c].x, block.b[0][c].y, block.b[0][c].z, block.b[0][c].w};
      const uint32_t high[4] = {block.b[1][c].x, block.b[1][c].y, block.b[1][c].z, block.b[1][c].w};
#pragma unroll
      for (int q = 0; q < 2; ++q) {
        // The mma's rows 0-7 are register 2q's columns, rows 8-15 register 2q + 1's.
        const uint32_t b_t[4] = {TransposeInWarp(low[2 * q]), TransposeInWarp(low[2 * q + 1]),
                                 TransposeInWarp(high[2 * q]), TransposeInWarp(high[2 * q + 1])};
#pragma unroll
        for (int mb = 0; mb < kMBlocks; ++mb) {
          const uint32_t a_t[2] = {block.a[mb][0], block.a[mb][1]};
          Traits::Mma(acc[c][q][mb], b_t, a_t);
        }
      }
    }
  };

  int k0 = k_begin + 16 * warp;
  for (; k0 + (kUnroll - 1) * kRowsPerPass + 16 <= k_end; k0 += kUnroll * kRowsPerPass) {
    Block blocks[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) load_whole(blocks[u], k0 + u * kRowsPerPass);
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) multiply(blocks[u]);
  }
  for (; k0 < k_end; k0 += kRowsPerPass) {
    Block block;
    if (k0 + 16 <= k_end) {
      load_whole(block, k0);
    } else {
      load_half(block, k0);  // k_end is a multiple of 8: the last block may be 8 depths deep
    }
    multiply(block);
  }

  // The warps' sums: the upper half of the warps writes its tiles, the lower
  // half adds its own into them (warp w into slot w); then one thread per
  // element of the tile adds the slots and writes it.
  auto for_each_sum = [&](auto&& f) {
#pragma unroll
    for (int c = 0; c < kChunks; ++c)
#pragma unroll
      for (int q = 0; q < 2; ++q)
#pragma unroll
        for (int mb = 0; mb < kMBlocks; ++mb)
#pragma unroll
          for (int e = 0; e < 4; ++e) f(acc[c][q][mb][e], 8 * mb + 2 * t + (e & 1), ColumnOf(c, q, e, g));
  };
  if (warp >= kHalfWarps) {
    for_each_sum([&](float sum, int i, int col) { handed_over[warp - kHalfWarps][i][col] = sum; });
  }
  __syncthreads();
  if (warp < kHalfWarps) for_each_sum([&](float sum, int i, int col) { handed_over[warp][i][col] += sum; });
  __syncthreads();

  const int rows = min(kBm, p.m - m0);
  for (int i_t = static_cast<int>(threadIdx.x); i_t < kBm * kBn; i_t += kThreads) {
    const int i = i_t / kBn;
    const int col = i_t % kBn;
    const int row = m0 + i;
    const int out_col = n0 + col;
    if (i >= rows || out_col >= p.n) continue;
    float sum = 0.0f;
#pragma unroll
    for (int w = 0; w < kHalfWarps; ++w) sum += handed_over[w][i][col];
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
