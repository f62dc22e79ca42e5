// A 16 x 16 transpose of floats in AVX-512 registers, for the AVX-512 files
// that turn runs along one dimension into runs along the other: the packing of
// A and of B transposed (sgemm_kernels_avx512.cc) and the small-M path's dot
// form (small_m_avx512.cc). Included by those ISA-flagged files only;
// everything here has internal linkage (anonymous namespace), so each file
// compiles its own copy with its own flags and none can leak into generic code.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace tv::gemm::cpu {
namespace {

// Transposes a 16 x 16 block in registers: r[j] holds row j; afterwards r[c]
// holds column c. (The maskz forms: GCC 12's unmasked unpack and shuffle
// intrinsics trip -Wmaybe-uninitialized inside its own headers.)
inline void Transpose16x16(__m512 r[16]) {
  constexpr __mmask16 kAll = 0xFFFF;
  constexpr __mmask8 kAllPairs = 0xFF;
  // Pairs of rows interleaved, then quadruples: u[4i + q] holds, in 128-bit
  // lane l, column 4l + q of rows 4i .. 4i + 3.
  __m512 t[16];
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_maskz_unpacklo_ps(kAll, r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_maskz_unpackhi_ps(kAll, r[2 * i], r[2 * i + 1]);
  }
  __m512 u[16];
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    const __m512d t0 = _mm512_castps_pd(t[4 * i]);
    const __m512d t1 = _mm512_castps_pd(t[4 * i + 1]);
    const __m512d t2 = _mm512_castps_pd(t[4 * i + 2]);
    const __m512d t3 = _mm512_castps_pd(t[4 * i + 3]);
    u[4 * i] = _mm512_castpd_ps(_mm512_maskz_unpacklo_pd(kAllPairs, t0, t2));
    u[4 * i + 1] = _mm512_castpd_ps(_mm512_maskz_unpackhi_pd(kAllPairs, t0, t2));
    u[4 * i + 2] = _mm512_castpd_ps(_mm512_maskz_unpacklo_pd(kAllPairs, t1, t3));
    u[4 * i + 3] = _mm512_castpd_ps(_mm512_maskz_unpackhi_pd(kAllPairs, t1, t3));
  }
  // A 4 x 4 transpose of 128-bit lanes per q: column 4l + q of all 16 rows.
#pragma GCC unroll 4
  for (int q = 0; q < 4; ++q) {
    const __m512 x0 = _mm512_maskz_shuffle_f32x4(kAll, u[q], u[4 + q], 0x44);
    const __m512 x1 = _mm512_maskz_shuffle_f32x4(kAll, u[q], u[4 + q], 0xEE);
    const __m512 x2 = _mm512_maskz_shuffle_f32x4(kAll, u[8 + q], u[12 + q], 0x44);
    const __m512 x3 = _mm512_maskz_shuffle_f32x4(kAll, u[8 + q], u[12 + q], 0xEE);
    r[q] = _mm512_maskz_shuffle_f32x4(kAll, x0, x2, 0x88);
    r[4 + q] = _mm512_maskz_shuffle_f32x4(kAll, x0, x2, 0xDD);
    r[8 + q] = _mm512_maskz_shuffle_f32x4(kAll, x1, x3, 0x88);
    r[12 + q] = _mm512_maskz_shuffle_f32x4(kAll, x1, x3, 0xDD);
  }
}

// dst[p * ldd + j] = src[j * lds + p] for p < depths, j < 16 (j >= columns read
// as zeros); depths, columns <= 16 (columns may be <= 0: all zeros). Each
// source run is also requested into L1 `ahead` floats further along k, where
// the caller reads next.
inline void Transpose16(const float* src, int64_t lds, int64_t ahead, int columns, int depths, float* dst,
                        int64_t ldd) {
  const __mmask16 mask =
      depths >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << depths) - 1u);
  __m512 r[16];
#pragma GCC unroll 16
  for (int j = 0; j < 16; ++j) {
    if (j < columns) {
      r[j] = _mm512_maskz_loadu_ps(mask, src + j * lds);
      _mm_prefetch(reinterpret_cast<const char*>(src + j * lds + ahead), _MM_HINT_T0);
    } else {
      r[j] = _mm512_setzero_ps();
    }
  }
  Transpose16x16(r);
#pragma GCC unroll 16
  for (int p = 0; p < 16; ++p) {
    if (p < depths) _mm512_storeu_ps(dst + p * ldd, r[p]);
  }
}

}  // namespace
}  // namespace tv::gemm::cpu
