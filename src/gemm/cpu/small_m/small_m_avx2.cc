// AVX2+FMA small-M kernels. Compiled with -mavx2 -mfma (this file only): everything but the exported entry
// points is in an anonymous namespace, and only <immintrin.h>, <cstdint>, <cstddef>, the plain kernel
// header and row_groups.h (internal linkage only) are included, so no ISA-flagged inline code can leak
// into generic code.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "gemm/cpu/small_m/row_groups.h"
#include "gemm/cpu/small_m/small_m_kernels.h"

namespace tv::gemm::cpu::small_m {
namespace {

// Every loop over rows (i), vectors (v) or columns (j) of a register block is
// fully unrolled (#pragma GCC unroll): with constant indices the accumulator
// arrays live in registers; otherwise GCC 12 spills them every iteration.

constexpr int64_t kLanes = 8;

// kMaskTable + 8 - cols, read as 8 ints: lanes [0, cols) all ones.
alignas(64) const int32_t kMaskTable[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

// Lanes [0, cols) of one vector, all of them when cols >= 8.
__m256i LaneMask(int64_t cols) {
  const int64_t lanes = cols >= kLanes ? kLanes : cols;
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskTable + kLanes - lanes));
}

float ReduceAdd(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Writes one vector of results r to C: the first depth chunk sets
// C = r + beta * C (C not read when beta == 0), later chunks add r to C.
// kMasked == false: all 8 lanes, mask unused.
template <bool kMasked>
inline void StoreC(float* c, __m256i mask, __m256 r, bool first, float beta) {
  if (first && beta == 0.0f) {
    // C is not read.
  } else {
    const __m256 old = kMasked ? _mm256_maskload_ps(c, mask) : _mm256_loadu_ps(c);
    r = first ? _mm256_fmadd_ps(_mm256_set1_ps(beta), old, r) : _mm256_add_ps(r, old);
  }
  if (kMasked) {
    _mm256_maskstore_ps(c, mask, r);
  } else {
    _mm256_storeu_ps(c, r);
  }
}

// ---- axpy form: B rows contiguous along n --------------------------------

// One register strip: C[0:M, 0:NV*8] from pn rows of B; with kTail the strip
// is one vector whose lanes are limited by tail_mask. a: A(i, p) at
// a[p * lda + i]; b: B(p, j) at b[p * ldb + j].
template <int M, int NV, bool kTail>
void AxpyStrip(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t pn,
               bool first, float beta, __m256i tail_mask) {
  static_assert(!kTail || NV == 1, "a tail strip is one vector");
  __m256 acc[M][NV];
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  }
  for (int64_t p = 0; p < pn; ++p) {
    const float* brow = b + p * ldb;
    __m256 bv[NV];
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      bv[v] = kTail ? _mm256_maskload_ps(brow, tail_mask) : _mm256_loadu_ps(brow + v * kLanes);
    }
    // The next strip's part of this row (one prefetch per 64-byte line), kc
    // rows ahead of its use: the strip walks down kc rows, so the hardware
    // sees one short run per row.
#pragma GCC unroll 16
    for (int v = 0; v < NV; v += 2)
      _mm_prefetch(reinterpret_cast<const char*>(brow + (NV + v) * kLanes), _MM_HINT_T1);
    const float* ap = a + p * lda;
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m256 ai = _mm256_broadcast_ss(ap + i);
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) StoreC<kTail>(c + i * ldc + v * kLanes, tail_mask, acc[i][v], first, beta);
  }
}

// A strip of nv whole vectors, 1 <= nv <= NV.
template <int M, int NV>
void AxpyNarrowStrip(int nv, const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                     int64_t pn, bool first, float beta, __m256i all) {
  if constexpr (NV >= 1) {
    if (nv == NV) return AxpyStrip<M, NV, false>(a, lda, b, ldb, c, ldc, pn, first, beta, all);
    AxpyNarrowStrip<M, NV - 1>(nv, a, lda, b, ldb, c, ldc, pn, first, beta, all);
  }
}

// Rows [0, M) of C[:, 0:jn] from pn rows of B: strips of the widest register
// block, one narrower strip of the whole vectors left, then a masked vector,
// each strip run for every row group in turn.
template <int M>
void AxpyPanel(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t jn,
               int64_t pn, bool first, float beta) {
  constexpr int kNv = kAxpyVectorsAvx2[RowGroups<M>::kRows0];
  constexpr int64_t kWidth = kNv * kLanes;
  const __m256i all = LaneMask(kLanes);
  int64_t j = 0;
  for (; j + kWidth <= jn; j += kWidth) {
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      AxpyStrip<R, kNv, false>(a + row, lda, b + j, ldb, c + row * ldc + j, ldc, pn, first, beta, all);
    });
  }
  const int whole = static_cast<int>((jn - j) / kLanes);  // 0 .. kNv - 1 whole vectors left
  if (whole > 0) {
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      AxpyNarrowStrip<R, kNv - 1>(whole, a + row, lda, b + j, ldb, c + row * ldc + j, ldc, pn, first, beta,
                                  all);
    });
    j += whole * kLanes;
  }
  if (j < jn) {
    const __m256i mask = LaneMask(jn - j);
    ForEachRowGroup<M>([&]<int R>(int64_t row) {
      AxpyStrip<R, 1, true>(a + row, lda, b + j, ldb, c + row * ldc + j, ldc, pn, first, beta, mask);
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
  __m256 acc[M][NJ];
#pragma GCC unroll 16
  for (int i = 0; i < M; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) acc[i][j] = _mm256_setzero_ps();
  }
  int64_t p = 0;
  for (; p + kLanes <= pn; p += kLanes) {
    __m256 bv[NJ];
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) {
      if (p % 16 == 0) {  // one prefetch per 64-byte line
        _mm_prefetch(reinterpret_cast<const char*>(b + j * ldb + p + kDotPrefetchFloats), _MM_HINT_T0);
      }
      bv[j] = _mm256_loadu_ps(b + j * ldb + p);
    }
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m256 av = _mm256_loadu_ps(a + i * lda + p);
#pragma GCC unroll 16
      for (int j = 0; j < NJ; ++j) acc[i][j] = _mm256_fmadd_ps(av, bv[j], acc[i][j]);
    }
  }
  if (p < pn) {
    const __m256i mask = LaneMask(pn - p);
    __m256 bv[NJ];
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) bv[j] = _mm256_maskload_ps(b + j * ldb + p, mask);
#pragma GCC unroll 16
    for (int i = 0; i < M; ++i) {
      const __m256 av = _mm256_maskload_ps(a + i * lda + p, mask);
#pragma GCC unroll 16
      for (int j = 0; j < NJ; ++j) acc[i][j] = _mm256_fmadd_ps(av, bv[j], acc[i][j]);
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
  constexpr int kNj = kDotColumnsAvx2[RowGroups<M>::kRows0];
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

template <int M>
struct AxpyRows {
  static void Run(const AxpyBlock& blk) { AxpyLoops<M>(blk); }
};
template <int M>
struct DotRows {
  static void Run(const DotBlock& blk) { DotLoops<M>(blk); }
};

}  // namespace

void AxpyAvx2(const AxpyBlock& blk) { ByRows<AxpyRows>(blk); }
void DotAvx2(const DotBlock& blk) { ByRows<DotRows>(blk); }

}  // namespace tv::gemm::cpu::small_m
