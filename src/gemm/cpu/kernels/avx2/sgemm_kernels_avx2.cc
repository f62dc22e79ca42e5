// AVX2 + FMA microkernels (MR x NR, NR a multiple of 8 floats) and packers.
// Compiled with -mavx2 -mfma (this file only). Everything but the table getter
// is in an anonymous namespace, and only <immintrin.h>, <cstdint>, <cstddef>,
// kernel_table.h and prefetch_stepper.h are included (see sgemm_kernels_avx512.cc
// for why).
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "gemm/cpu/kernel_table.h"
#include "gemm/cpu/kernels/prefetch_stepper.h"

namespace tv::gemm::cpu {
namespace {

constexpr int kLanes = 8;  // floats per __m256

// Lanes of vector v (columns [8 v, 8 v + 8)) that hold a column < n: all ones there.
inline __m256i ColumnMask(int n, int v) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n - v * kLanes), lane);
}

// Rows x (8 NV) register block; see the AVX-512 Tile for the template arguments.
template <int Rows, int NV, int kPackedMr, bool kFullN>
void Tile(const MicroTile& t) {
  __m256 acc[Rows][NV];
#pragma GCC unroll 64
  for (int i = 0; i < Rows; ++i) {
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  }
  __m256i mask[NV];
#pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) mask[v] = kFullN ? _mm256_set1_epi32(-1) : ColumnMask(t.n, v);

  const int64_t a_rs = kPackedMr > 0 ? 1 : t.a_rs;
  const int64_t a_cs = kPackedMr > 0 ? kPackedMr : t.a_cs;
  const int64_t b_ks = t.b_ks;
  const float* a = t.a;
  const float* b = t.b;
#pragma GCC unroll 64
  for (int i = 0; i < Rows; ++i) _mm_prefetch(reinterpret_cast<const char*>(t.c + i * t.ldc), _MM_HINT_T0);

  // The cursor's lines (the next B block), one per 4 steps of k.
  PrefetchStepper next_b(t.prefetch);

  // One step of k: NV vectors of B, Rows broadcasts of A, Rows x NV FMAs.
  auto step = [&]() __attribute__((always_inline)) {
    __m256 bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      bv[v] = kFullN ? _mm256_loadu_ps(b + v * kLanes) : _mm256_maskload_ps(b + v * kLanes, mask[v]);
    }
#pragma GCC unroll 64
    for (int i = 0; i < Rows; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i * a_rs);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
    }
    a += a_cs;
    b += b_ks;
  };
  int64_t p = 0;
  for (; p + 4 <= t.kc; p += 4) {
    next_b.Next();
    step();
    step();
    step();
    step();
  }
  for (; p < t.kc; ++p) step();
  next_b.Finish();

  const __m256 alpha = _mm256_set1_ps(t.alpha);
  const bool read_c = t.beta != 0.0f;
  const __m256 beta = _mm256_set1_ps(t.beta);
#pragma GCC unroll 64
  for (int i = 0; i < Rows; ++i) {
    float* c = t.c + i * t.ldc;
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      __m256 r = _mm256_mul_ps(acc[i][v], alpha);
      if (read_c) {
        const __m256 old =
            kFullN ? _mm256_loadu_ps(c + v * kLanes) : _mm256_maskload_ps(c + v * kLanes, mask[v]);
        r = _mm256_fmadd_ps(old, beta, r);
      }
      if (kFullN) {
        _mm256_storeu_ps(c + v * kLanes, r);
      } else {
        _mm256_maskstore_ps(c + v * kLanes, mask[v], r);
      }
    }
  }
}

template <int Rows, int NV, int kMr>
void DispatchRows(const MicroTile& t) {
  if constexpr (Rows > 1) {
    if (t.m < Rows) return DispatchRows<Rows - 1, NV, kMr>(t);
  }
  const bool packed_a = t.a_rs == 1 && t.a_cs == kMr;
  const bool full_n = t.n == NV * kLanes;
  if (packed_a) {
    full_n ? Tile<Rows, NV, kMr, true>(t) : Tile<Rows, NV, kMr, false>(t);
  } else {
    full_n ? Tile<Rows, NV, 0, true>(t) : Tile<Rows, NV, 0, false>(t);
  }
}

template <int kMr, int NV>
void MicrokernelAvx2(const MicroTile& t) {
  DispatchRows<kMr, NV, kMr>(t);
}

// B rows contiguous along N (b_cs == 1): whole-vector copies, masked at the edge.
void PackBAvx2(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_rs, int64_t b_cs, float* dst) {
  if (b_cs != 1 || nr % kLanes != 0) {
    PackBGeneric(nr, kc, nc, b, b_rs, b_cs, dst);
    return;
  }
  // Row by row, each row's nc floats one contiguous read (see PackBAvx512).
  const int nv = nr / kLanes;
  const int64_t full_cols = nc / nr * nr;
  const int tail = static_cast<int>(nc - full_cols);
  for (int64_t p = 0; p < kc; ++p) {
    const float* row = b + p * b_rs;
    if (p + kPackAheadRows < kc) {
      RequestIntoL1(reinterpret_cast<const char*>(row + kPackAheadRows * b_rs),
                    nc * static_cast<int64_t>(sizeof(float)));
    }
    float* out = dst + p * nr;
    for (int64_t j0 = 0; j0 < full_cols; j0 += nr, out += kc * nr) {
      for (int v = 0; v < nv; ++v) _mm256_storeu_ps(out + v * kLanes, _mm256_loadu_ps(row + j0 + v * kLanes));
    }
    if (tail > 0) {
      for (int v = 0; v < nv; ++v) {
        _mm256_storeu_ps(out + v * kLanes,
                         _mm256_maskload_ps(row + full_cols + v * kLanes, ColumnMask(tail, v)));
      }
    }
  }
}

constexpr MicrokernelEntry kKernels[] = {
    {6, 16, &MicrokernelAvx2<6, 2>},
    {4, 24, &MicrokernelAvx2<4, 3>},
};

constexpr KernelTable kTable = {"avx2", kKernels, sizeof(kKernels) / sizeof(kKernels[0]), &PackAGeneric,
                                &PackBAvx2};

}  // namespace

const KernelTable& Avx2KernelTable() { return kTable; }

}  // namespace tv::gemm::cpu
