// AVX-512 small-M kernels. Compiled with -mavx512f/bw/vl/dq -mfma -mavx2 (this
// file only): everything but the exported entry points is in an anonymous
// namespace, and only <immintrin.h>, <cstdint>, <cstddef>, the plain kernel
// header and headers of internal-linkage code for the ISA files (row_groups.h,
// transpose16.h) are included, so no ISA-flagged inline code can leak into
// generic code.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "gemm/cpu/kernels/avx512/transpose16.h"
#include "gemm/cpu/small_m/row_groups.h"
#include "gemm/cpu/small_m/small_m_kernels.h"

namespace tv::gemm::cpu::small_m {
namespace {

// Every loop over rows (i), vectors (v) or columns (j) of a register block is
// fully unrolled (#pragma GCC unroll): with constant indices the accumulator
// arrays live in registers; otherwise GCC 12 spills them every iteration.

constexpr int64_t kLanes = 16;

// Lanes [0, cols) of one vector, all of them when cols >= 16.
__mmask16 LaneMask(int64_t cols) {
  return cols >= kLanes ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << cols) - 1u);
}

// Sum of the 16 lanes, all in 512-bit registers. (Not _mm512_reduce_add_ps,
// the 128-bit casts or the unmasked shuffles: GCC 12's versions trip
// -Wuninitialized inside its own headers.)
float ReduceAdd(__m512 v) {
  const __mmask16 all = 0xFFFF;
  v = _mm512_add_ps(v, _mm512_maskz_shuffle_f32x4(all, v, v, 0x4E));  // fold the 256-bit halves
  v = _mm512_add_ps(v, _mm512_maskz_shuffle_f32x4(all, v, v, 0xB1));  // fold the 128-bit quarters
  v = _mm512_add_ps(v, _mm512_maskz_permute_ps(all, v, 0x4E));        // fold pairs of lanes
  v = _mm512_add_ps(v, _mm512_maskz_permute_ps(all, v, 0xB1));        // fold neighbours
  return _mm512_cvtss_f32(v);
}

// Writes one vector of results r to C: the first depth chunk sets
// C = r + beta * C (C not read when beta == 0), later chunks add r to C.
inline void StoreC(float* c, __mmask16 mask, __m512 r, bool first, float beta) {
  if (!first) {
    r = _mm512_add_ps(r, _mm512_maskz_loadu_ps(mask, c));
  } else if (beta != 0.0f) {
    r = _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(mask, c), r);
  }
  _mm512_mask_storeu_ps(c, mask, r);
}

// ---- axpy form: B rows contiguous along n --------------------------------

// One register strip: C[0:M, 0:NV*16] (kMaskLast: the last vector masked by
// last_mask) from pn rows of B. a: A(i, p) at a[p * lda + i]; b: B(p, j) at
// b[p * ldb + j]. Full strips are instantiated unmasked: left to the compiler,
// whether a constant all-lanes mask was folded into plain loads changed with
// unrelated edits (12x4096x4096 at 2 threads moved 7% between builds).
//
// kPrefetchOneRow: for M = 1, request the next strip's part of each row
// (prefetcht0) after its FMAs; see AxpyPanel for when. AxpyStripBody is the
// strip inlined, for the one-row panel loop; AxpyStrip is it called.
template <int M, int NV, bool kMaskLast, bool kPrefetchOneRow = false>
__attribute__((always_inline)) inline void AxpyStripBody(const float* a, int64_t lda, const float* b,
                                                         int64_t ldb, float* c, int64_t ldc, int64_t pn,
                                                         bool first, float beta, __mmask16 last_mask) {
  __m512 acc[M][NV];
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  for (int64_t p = 0; p < pn; ++p) {
    const float* brow = b + p * ldb;
    __m512 bv[NV];
#pragma GCC unroll 16
    for (int v = 0; v < NV - 1; ++v) bv[v] = _mm512_loadu_ps(brow + v * kLanes);
    bv[NV - 1] = kMaskLast ? _mm512_maskz_loadu_ps(last_mask, brow + (NV - 1) * kLanes)
                           : _mm512_loadu_ps(brow + (NV - 1) * kLanes);
    // The next strip's part of this row, kc rows ahead of its use: the strip
    // walks down kc rows, so the hardware sees one short run per row. Not for
    // one row: with 1 FMA per load the core's own loads run far enough ahead,
    // and the requests cost more than they bring. Scratch loop over a token's
    // decode products (smollm2-135m, 2 threads, split over K, 2026-11-27):
    // m = 1 53-54 GB/s without them, 43-46 with; m = 2 38 without, 46 with;
    // m = 4 and 8 2-3x slower without. (That was these prefetcht1 requests in
    // the called strip; one row now has its own, kOneRowPrefetchMinCBytes.)
    if constexpr (M > 1) {
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v)
        _mm_prefetch(reinterpret_cast<const char*>(brow + (NV + v) * kLanes), _MM_HINT_T1);
    }
    const float* ap = a + p * lda;
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m512 ai = _mm512_set1_ps(ap[i]);
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
    if constexpr (M == 1 && kPrefetchOneRow) {
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v)
        _mm_prefetch(reinterpret_cast<const char*>(brow + (NV + v) * kLanes), _MM_HINT_T0);
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      const __mmask16 mask = kMaskLast && v == NV - 1 ? last_mask : static_cast<__mmask16>(0xFFFF);
      StoreC(c + i * ldc + v * kLanes, mask, acc[i][v], first, beta);
    }
  }
}

template <int M, int NV, bool kMaskLast>
void AxpyStrip(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t pn,
               bool first, float beta, __mmask16 last_mask) {
  AxpyStripBody<M, NV, kMaskLast>(a, lda, b, ldb, c, ldc, pn, first, beta, last_mask);
}

// A strip of nv vectors, 1 <= nv <= NV (the last one masked by last_mask).
template <int M, int NV>
void AxpyNarrowStrip(int nv, const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                     int64_t pn, bool first, float beta, __mmask16 last_mask) {
  if constexpr (NV >= 1) {
    if (nv == NV) return AxpyStrip<M, NV, true>(a, lda, b, ldb, c, ldc, pn, first, beta, last_mask);
    AxpyNarrowStrip<M, NV - 1>(nv, a, lda, b, ldb, c, ldc, pn, first, beta, last_mask);
  }
}

// The one-row strips prefetch the next strip of each of their kc rows
// (prefetcht0, after the FMAs) when C's row chunk, read and written once per
// kc rows, is larger than this, the Zen 5 L1D. Without it the hardware
// prefetchers alone read B at 72-86% of the roofline's plain sum. A scratch
// driver around RunSmallM (variants alternating every 50 ms, 9 rounds, 1
// thread, 2026-11-27), against the strips without it: 1x14336x4096 (56 KiB of
// C) 1.04-1.10x, 1x151936x896 (an LM head, 594 KiB) 1.09-1.13x, but where C
// stays in L1 it cost: 1x4096x14336 (16 KiB) 0.92-0.95x, 1x11008x4096 (43
// KiB) 0.93-0.99x. `tilevolve bench --heuristic auto`, the binaries before and
// after alternating 6 rounds: 1 thread 1x151936x896 1.21x (77% -> 91% of the
// roofline), 1x14336x4096 1.08x (78% -> 85%); 2 threads 1x151936x896 and
// smollm2's 1x49152x576 head 1.22x.
constexpr int64_t kOneRowPrefetchMinCBytes = 48 * 1024;

// Rows [0, M) of C[:, 0:jn] from pn rows of B: strips of the widest register
// block, then one narrower strip for the columns left (one pass down the rows,
// not one per vector), each strip run for every row group in turn.
template <int M>
void AxpyPanel(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t jn,
               int64_t pn, bool first, float beta) {
  constexpr int kNv = kAxpyVectorsAvx512[RowGroups<M>::kRows0];
  constexpr int64_t kWidth = kNv * kLanes;
  int64_t j = 0;
  if constexpr (M == 1) {
    // One row: the strips inlined into this loop (called, the one-row decode
    // products read B 0-5% slower), prefetching where C's row chunk overflows
    // L1; see kOneRowPrefetchMinCBytes.
    if (jn * static_cast<int64_t>(sizeof(float)) > kOneRowPrefetchMinCBytes) {
      for (; j + kWidth <= jn; j += kWidth)
        AxpyStripBody<1, kNv, false, true>(a, lda, b + j, ldb, c + j, ldc, pn, first, beta, 0xFFFF);
    } else {
      for (; j + kWidth <= jn; j += kWidth)
        AxpyStripBody<1, kNv, false, false>(a, lda, b + j, ldb, c + j, ldc, pn, first, beta, 0xFFFF);
    }
  }
  for (; j + kWidth <= jn; j += kWidth) {
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      AxpyStrip<R, kNv, false>(a + row, lda, b + j, ldb, c + row * ldc + j, ldc, pn, first, beta, 0xFFFF);
    });
  }
  if (j < jn) {
    const int nv = static_cast<int>((jn - j + kLanes - 1) / kLanes);  // 1 .. kNv, the last one partial
    const __mmask16 mask = LaneMask(jn - j - (nv - 1) * kLanes);
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      AxpyNarrowStrip<R, kNv>(nv, a + row, lda, b + j, ldb, c + row * ldc + j, ldc, pn, first, beta, mask);
    });
  }
}

// Column chunks of nc, depth chunks of kc. Where B's rows share an offset in
// their 64-byte lines, the columns before the first aligned one (the peel) run
// as their own narrow panel beside the first chunk, row chunk by row chunk, so
// the rest of the loads each touch one line.
template <int M>
void AxpyLoops(const AxpyBlock& blk) {
  const int64_t peel = LineAlignmentPeel(blk.b, blk.ldb, blk.n);
  for (int64_t j0 = peel; j0 < blk.n; j0 += blk.nc) {
    const int64_t jn = blk.nc < blk.n - j0 ? blk.nc : blk.n - j0;
    for (int64_t p0 = 0; p0 < blk.k; p0 += blk.kc) {
      const int64_t pn = blk.kc < blk.k - p0 ? blk.kc : blk.k - p0;
      const float* a = blk.a + p0 * blk.m;
      const float* b = blk.b + p0 * blk.ldb;
      if (j0 == peel && peel > 0) {
        AxpyPanel<M>(a, blk.m, b, blk.ldb, blk.c, blk.ldc, peel, pn, p0 == 0, blk.beta);
      }
      AxpyPanel<M>(a, blk.m, b + j0, blk.ldb, blk.c + j0, blk.ldc, jn, pn, p0 == 0, blk.beta);
    }
  }
}

// ---- dot form: B columns contiguous along k -------------------------------

// How far ahead down each B column the dot kernel prefetches. The hardware
// prefetcher alone ran each column stream at ~4 GB/s (one line per ~60 cycles),
// so few columns per tile (m = 8: NJ = 2) were latency-bound at 16 ms for
// 8x4096x4096; 2 KB ahead covers ~100 ns of DRAM latency at full bandwidth.
constexpr int64_t kDotPrefetchFloats = 512;

// One tile: C[0:M, 0:NJ] from depth [0, pn). a: A(i, p) at a[i * lda + p];
// b: B(p, j) at b[j * ldb + p]. Vector partial sums, reduced at the end.
template <int M, int NJ>
void DotTile(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t pn,
             bool first, float beta) {
  __m512 acc[M][NJ];
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_setzero_ps();
  }
  int64_t p = 0;
  for (; p + kLanes <= pn; p += kLanes) {
    __m512 bv[NJ];
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) {
      _mm_prefetch(reinterpret_cast<const char*>(b + j * ldb + p + kDotPrefetchFloats), _MM_HINT_T0);
      bv[j] = _mm512_loadu_ps(b + j * ldb + p);
    }
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m512 av = _mm512_loadu_ps(a + i * lda + p);
#pragma GCC unroll 16
      for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_fmadd_ps(av, bv[j], acc[i][j]);
    }
  }
  if (p < pn) {
    const __mmask16 mask = LaneMask(pn - p);
    __m512 bv[NJ];
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) bv[j] = _mm512_maskz_loadu_ps(mask, b + j * ldb + p);
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m512 av = _mm512_maskz_loadu_ps(mask, a + i * lda + p);
#pragma GCC unroll 16
      for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_fmadd_ps(av, bv[j], acc[i][j]);
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) {
      const float s = ReduceAdd(acc[i][j]);
      float* cp = c + i * ldc + j;
      if (!first) {
        *cp += s;
      } else {
        *cp = beta != 0.0f ? s + beta * *cp : s;
      }
    }
  }
}

template <int M>
void DotPanel(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t jn,
              int64_t pn, bool first, float beta) {
  constexpr int kNj = kDotColumnsAvx512[RowGroups<M>::kRows0];
  int64_t j = 0;
  for (; j + kNj <= jn; j += kNj) {
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      DotTile<R, kNj>(a + row * lda, lda, b + j * ldb, ldb, c + row * ldc + j, ldc, pn, first, beta);
    });
  }
  for (; j < jn; ++j) {
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      DotTile<R, 1>(a + row * lda, lda, b + j * ldb, ldb, c + row * ldc + j, ldc, pn, first, beta);
    });
  }
}

template <int M>
void DotLoops(const DotBlock& blk) {
  for (int64_t j0 = 0; j0 < blk.n; j0 += blk.nc) {
    const int64_t jn = blk.nc < blk.n - j0 ? blk.nc : blk.n - j0;
    for (int64_t p0 = 0; p0 < blk.k; p0 += blk.kc) {
      const int64_t pn = blk.kc < blk.k - p0 ? blk.kc : blk.k - p0;
      DotPanel<M>(blk.a + p0, blk.lda, blk.b + j0 * blk.ldb + p0, blk.ldb, blk.c + j0, blk.ldc, jn, pn,
                  p0 == 0, blk.beta);
    }
  }
}

// ---- the dot form through the axpy kernels (m >= kDotTransposedMinRows) -----

// Column chunks of kDotTransposeWidth, depth chunks of kDotTransposeDepth:
// each chunk of B transposed into `rows` (rows along n, as the axpy form has
// them), then the axpy panel over it. Later depth chunks add to C (beta 1).
template <int M>
void DotTransposedLoops(const DotTransposedBlock& blk) {
  alignas(64) float rows[kDotTransposeDepth * kDotTransposeWidth];
  for (int64_t j0 = 0; j0 < blk.n; j0 += kDotTransposeWidth) {
    const int64_t jn = kDotTransposeWidth < blk.n - j0 ? kDotTransposeWidth : blk.n - j0;
    for (int64_t p0 = 0; p0 < blk.k; p0 += kDotTransposeDepth) {
      const int64_t pn = kDotTransposeDepth < blk.k - p0 ? kDotTransposeDepth : blk.k - p0;
      for (int64_t jb = 0; jb < jn; jb += 16) {
        for (int64_t pb = 0; pb < pn; pb += 16) {
          Transpose16(blk.b + (j0 + jb) * blk.ldb + p0 + pb, blk.ldb, kDotTransposeDepth,
                      static_cast<int>(jn - jb < 16 ? jn - jb : 16),
                      static_cast<int>(pn - pb < 16 ? pn - pb : 16), rows + pb * kDotTransposeWidth + jb,
                      kDotTransposeWidth);
        }
      }
      AxpyPanel<M>(blk.a + p0 * blk.m, blk.m, rows, kDotTransposeWidth, blk.c + j0, blk.ldc, jn, pn, p0 == 0,
                   blk.beta);
    }
  }
}

template <int M>
struct AxpyRows {
  static void Run(const AxpyBlock& blk) { AxpyLoops<M>(blk); }
};
template <int M>
struct DotRows {
  static void Run(const DotBlock& blk) { DotLoops<M>(blk); }
};
template <int M>
struct DotTransposedRows {
  static void Run(const DotTransposedBlock& blk) { DotTransposedLoops<M>(blk); }
};

}  // namespace

void AxpyAvx512(const AxpyBlock& blk) { ByRows<AxpyRows>(blk); }
void DotAvx512(const DotBlock& blk) { ByRows<DotRows>(blk); }
void DotTransposedAvx512(const DotTransposedBlock& blk) { ByRows<DotTransposedRows>(blk); }

}  // namespace tv::gemm::cpu::small_m
