// The tile-templated GEMM kernel of the mma.sync family (sm_80 and newer):
//   C (m x n) = alpha * A (m x k) * B (k x n) + beta * C, all row-major,
//   A, B and C in bf16 or fp16, products accumulated in fp32.
//
// One CTA computes a kBm x kBn tile of C; its (kBm / kWm) x (kBn / kWn) warps
// each own a kWm x kWn sub-tile built from m16n8k16 tensor-core MMAs fed by
// ldmatrix. A and B stream through a kStages-deep ring of shared-memory
// stages filled by cp.async, kVec elements (2 * kVec bytes) per copy.
// kVec = 8 (16-byte copies) needs k, n, lda, ldb multiples of 8 and 16-byte
// aligned base pointers; kVec = 4 and 2 need the same for 4 and 2; kVec = 1
// loads element by element with ordinary loads (any alignment, slower).
// Rows and columns past m, n and k are zero-filled on load and never stored.
//
// Split-K: blockIdx.z takes one contiguous slice of the k tiles; with more
// than one slice the CTA writes its fp32 partial tile to `partial`
// (split x m x n, row stride n) and SplitKReduce finishes C.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm/cuda/mma_gemm_params.h"

namespace tv::gemm::cuda::kernels {

template <typename T>
struct MmaTraits;

template <>
struct MmaTraits<__nv_bfloat16> {
  __device__ static void Mma(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  }
  __device__ static __nv_bfloat16 FromFloat(float x) { return __float2bfloat16_rn(x); }
  __device__ static float ToFloat(__nv_bfloat16 x) { return __bfloat162float(x); }
};

template <>
struct MmaTraits<__half> {
  __device__ static void Mma(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  }
  __device__ static __half FromFloat(float x) { return __float2half_rn(x); }
  __device__ static float ToFloat(__half x) { return __half2float(x); }
};

__device__ inline uint32_t SharedAddress(const void* p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

// Copies kBytes (4, 8 or 16) from global to shared memory asynchronously;
// `valid` false writes zeros instead (src-size 0: the source is not read).
template <int kBytes>
__device__ inline void CpAsync(void* smem, const void* gmem, bool valid) {
  const uint32_t dst = SharedAddress(smem);
  const int src_size = valid ? kBytes : 0;
  if constexpr (kBytes == 16) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(gmem), "r"(src_size));
  } else {
    asm volatile("cp.async.ca.shared.global [%0], [%1], %2, %3;\n" ::"r"(dst), "l"(gmem), "n"(kBytes),
                 "r"(src_size));
  }
}

__device__ inline void CpAsyncCommit() { asm volatile("cp.async.commit_group;\n" ::); }

template <int kPending>
__device__ inline void CpAsyncWait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(kPending));
}

__device__ inline void LdMatrixX4(uint32_t (&r)[4], const void* smem) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(SharedAddress(smem)));
}

__device__ inline void LdMatrixX4Trans(uint32_t (&r)[4], const void* smem) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(SharedAddress(smem)));
}

// Shared-memory geometry of one instance. Rows are padded by 8 elements (16
// bytes) so that the 8 rows one ldmatrix reads fall in distinct bank groups.
template <int kBm, int kBn, int kBk, int kStages>
struct SmemLayout {
  static constexpr int kPad = 8;
  static constexpr int kAStride = kBk + kPad;  // elements per A row (m x k tile)
  static constexpr int kBStride = kBn + kPad;  // elements per B row (k x n tile)
  static constexpr int kAStage = kBm * kAStride;
  static constexpr int kBStage = kBk * kBStride;
  static constexpr int kBytes = kStages * (kAStage + kBStage) * 2;
};

// Loads rows [0, kRows) x columns [0, kCols) of a tile whose top-left element
// is (row0, col0) of a rows x cols matrix into smem (row stride kSmemStride).
template <typename T, int kRows, int kCols, int kSmemStride, int kThreads, int kVec>
__device__ inline void LoadTile(T* smem, const T* g, int64_t ld, int row0, int col0, int rows, int cols) {
  constexpr int kChunksPerRow = kCols / kVec;
  constexpr int kChunks = kRows * kChunksPerRow;
  static_assert(kCols % kVec == 0, "tile width must be a multiple of the copy width");
  constexpr int kIters = (kChunks + kThreads - 1) / kThreads;
#pragma unroll
  for (int it = 0; it < kIters; ++it) {
    const int i = it * kThreads + static_cast<int>(threadIdx.x);
    if (kChunks % kThreads != 0 && i >= kChunks) break;
    const int r = i / kChunksPerRow;
    const int c = (i % kChunksPerRow) * kVec;
    const int gr = row0 + r;
    const int gc = col0 + c;
    T* dst = smem + r * kSmemStride + c;
    if constexpr (kVec == 1) {
      // Any alignment: ordinary loads, zero outside the matrix.
      *dst = (gr < rows && gc < cols) ? g[static_cast<int64_t>(gr) * ld + gc] : MmaTraits<T>::FromFloat(0.0f);
    } else {
      // cols % kVec == 0 (legalized), so a chunk is wholly inside or outside.
      const bool valid = gr < rows && gc < cols;
      const T* src = valid ? g + static_cast<int64_t>(gr) * ld + gc : g;
      CpAsync<kVec * 2>(dst, src, valid);
    }
  }
}

// Stores accumulators (row, col) and (row, col + 1), skipping what lies outside
// m x n: with split-K (gridDim.z > 1) as fp32 partial sums of slice
// blockIdx.z, else as alpha * acc + beta * C in T. REQUIRES: col is even.
template <typename T, int kVec>
__device__ inline void StoreAccumulatorPair(const MmaGemmParams& p, int row, int col, float v0, float v1) {
  using Traits = MmaTraits<T>;
  if (row >= p.m || col >= p.n) return;
  if (gridDim.z > 1) {
    float* out = p.partial + (static_cast<int64_t>(blockIdx.z) * p.m + row) * p.n + col;
    if (col + 1 < p.n && (p.n & 1) == 0) {
      *reinterpret_cast<float2*>(out) = make_float2(v0, v1);
    } else {
      out[0] = v0;
      if (col + 1 < p.n) out[1] = v1;
    }
    return;
  }
  T* out = static_cast<T*>(p.c) + static_cast<int64_t>(row) * p.ldc + col;
  float r0 = p.alpha * v0;
  float r1 = p.alpha * v1;
  if (p.beta != 0.0f) {
    r0 += p.beta * Traits::ToFloat(out[0]);
    if (col + 1 < p.n) r1 += p.beta * Traits::ToFloat(out[1]);
  }
  if (kVec >= 2 && col + 1 < p.n) {
    // ldc and the base are multiples of 2 elements: one 4-byte store.
    T pair[2] = {Traits::FromFloat(r0), Traits::FromFloat(r1)};
    *reinterpret_cast<uint32_t*>(out) = *reinterpret_cast<const uint32_t*>(pair);
  } else {
    out[0] = Traits::FromFloat(r0);
    if (col + 1 < p.n) out[1] = Traits::FromFloat(r1);
  }
}

template <typename T, int kBm, int kBn, int kBk, int kWm, int kWn, int kStages, int kVec>
__global__ void __launch_bounds__((kBm / kWm) * (kBn / kWn) * 32) MmaGemmKernel(const MmaGemmParams p) {
  constexpr int kWarpsM = kBm / kWm;
  constexpr int kWarpsN = kBn / kWn;
  constexpr int kThreads = kWarpsM * kWarpsN * 32;
  constexpr int kMi = kWm / 16;  // m16 MMA tiles per warp
  constexpr int kNi = kWn / 8;   // n8 MMA tiles per warp
  static_assert(kBm % kWm == 0 && kBn % kWn == 0, "warp tiles must divide the CTA tile");
  static_assert(kWm % 16 == 0 && kWn % 16 == 0 && kBk % 16 == 0, "m16n8k16 MMA granularity");
  static_assert(kStages >= 2, "a pipeline needs two stages");
  using Layout = SmemLayout<kBm, kBn, kBk, kStages>;
  using Traits = MmaTraits<T>;

  extern __shared__ __align__(16) unsigned char smem_raw[];
  T* smem_a = reinterpret_cast<T*>(smem_raw);
  T* smem_b = smem_a + kStages * Layout::kAStage;

  // CTA raster: groups of 2^swizzle tile rows walked column by column, so that
  // CTAs resident together share A rows and B columns in L2.
  const int tiles_m = (p.m + kBm - 1) / kBm;
  const int tiles_n = (p.n + kBn - 1) / kBn;
  const int group_rows = 1 << p.swizzle_log2;
  const int bid = static_cast<int>(blockIdx.x);
  const int group_size = group_rows * tiles_n;
  const int group = bid / group_size;
  const int first_m = group * group_rows;
  const int rows_in_group = min(tiles_m - first_m, group_rows);
  const int tile_m = first_m + (bid % group_size) % rows_in_group;
  const int tile_n = (bid % group_size) / rows_in_group;
  const int m0 = tile_m * kBm;
  const int n0 = tile_n * kBn;

  const int k_tiles_total = (p.k + kBk - 1) / kBk;
  const int kt_begin = static_cast<int>(blockIdx.z) * p.k_tiles_per_split;
  const int kt_end = min(k_tiles_total, kt_begin + p.k_tiles_per_split);
  const int k_tiles = max(0, kt_end - kt_begin);

  const T* a = static_cast<const T*>(p.a);
  const T* b = static_cast<const T*>(p.b);
  auto load_stage = [&](int stage, int kt) {
    const int k0 = (kt_begin + kt) * kBk;
    LoadTile<T, kBm, kBk, Layout::kAStride, kThreads, kVec>(smem_a + stage * Layout::kAStage, a, p.lda, m0,
                                                            k0, p.m, p.k);
    LoadTile<T, kBk, kBn, Layout::kBStride, kThreads, kVec>(smem_b + stage * Layout::kBStage, b, p.ldb, k0,
                                                            n0, p.k, p.n);
  };

  const int warp = static_cast<int>(threadIdx.x) / 32;
  const int lane = static_cast<int>(threadIdx.x) % 32;
  const int warp_m0 = (warp / kWarpsN) * kWm;
  const int warp_n0 = (warp % kWarpsN) * kWn;

  float acc[kMi][kNi][4];
#pragma unroll
  for (int i = 0; i < kMi; ++i) {
#pragma unroll
    for (int j = 0; j < kNi; ++j) {
#pragma unroll
      for (int e = 0; e < 4; ++e) acc[i][j][e] = 0.0f;
    }
  }

#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (s < k_tiles) load_stage(s, s);
    CpAsyncCommit();
  }

  // ldmatrix x4 lane addressing: lanes 0-15 rows 0-15 at column 0, lanes 16-31
  // rows 0-15 at column 8 (A: rows = m, columns = k; B: rows = k, columns = n).
  const int ld_row = lane % 16;
  const int ld_col = (lane / 16) * 8;

  for (int kt = 0; kt < k_tiles; ++kt) {
    CpAsyncWait<kStages - 2>();
    __syncthreads();  // stage kt is in; stage kt - 1 is no longer read by anyone

    const int next = kt + kStages - 1;
    if (next < k_tiles) load_stage(next % kStages, next);
    CpAsyncCommit();

    const T* sa = smem_a + (kt % kStages) * Layout::kAStage;
    const T* sb = smem_b + (kt % kStages) * Layout::kBStage;
#pragma unroll
    for (int kk = 0; kk < kBk; kk += 16) {
      uint32_t af[kMi][4];
      uint32_t bf[kNi][2];
#pragma unroll
      for (int i = 0; i < kMi; ++i) {
        LdMatrixX4(af[i], sa + (warp_m0 + i * 16 + ld_row) * Layout::kAStride + kk + ld_col);
      }
#pragma unroll
      for (int j = 0; j < kNi; j += 2) {
        uint32_t r[4];
        LdMatrixX4Trans(r, sb + (kk + ld_row) * Layout::kBStride + warp_n0 + j * 8 + ld_col);
        bf[j][0] = r[0];
        bf[j][1] = r[1];
        bf[j + 1][0] = r[2];
        bf[j + 1][1] = r[3];
      }
#pragma unroll
      for (int i = 0; i < kMi; ++i) {
#pragma unroll
        for (int j = 0; j < kNi; ++j) Traits::Mma(acc[i][j], af[i], bf[j]);
      }
    }
  }
  CpAsyncWait<0>();

  // Epilogue. acc[i][j][e]: row warp_m0 + 16i + lane/4 (+8 for e >= 2),
  // column warp_n0 + 8j + 2(lane%4) (+1 for odd e).
#pragma unroll
  for (int i = 0; i < kMi; ++i) {
#pragma unroll
    for (int j = 0; j < kNi; ++j) {
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const int row = m0 + warp_m0 + i * 16 + lane / 4 + h * 8;
        const int col = n0 + warp_n0 + j * 8 + (lane % 4) * 2;
        StoreAccumulatorPair<T, kVec>(p, row, col, acc[i][j][2 * h], acc[i][j][2 * h + 1]);
      }
    }
  }
}

}  // namespace tv::gemm::cuda::kernels
