// AVX-512 microkernels (MR x NR, NR a multiple of 16 floats) and packers.
// Compiled with -mavx512f -mavx512bw -mavx512vl -mavx512dq -mfma -mavx2 (this
// file only). Everything but the table getter is in an anonymous namespace, and
// only <immintrin.h>, <cstdint>, <cstddef>, kernel_table.h, prefetch_stepper.h
// and transpose16.h (internal linkage only) are included, so no AVX-512
// instance of shared inline code can leak into generic code.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "gemm/cpu/kernel_table.h"
#include "gemm/cpu/kernels/avx512/transpose16.h"
#include "gemm/cpu/kernels/prefetch_stepper.h"

namespace tv::gemm::cpu {
namespace {

constexpr int kLanes = 16;  // floats per __m512

// Lanes of vector v (columns [16 v, 16 v + 16)) that hold a column < n.
inline __mmask16 ColumnMask(int n, int v) {
  const int rem = n - v * kLanes;
  if (rem >= kLanes) return static_cast<__mmask16>(0xFFFF);
  if (rem <= 0) return 0;
  return static_cast<__mmask16>((1u << rem) - 1u);
}

// Rows x (16 NV) register block, accumulators in Rows * NV zmm registers; each
// element of A is broadcast straight from memory into the FMA ({1to16}).
// kPackedMr > 0: A is a packed micro-panel (a_rs == 1, a_cs == kPackedMr known
// here, so the broadcasts are constant offsets). kFullN: n == 16 NV, no masks.
// kCopyB: each row of B read is also stored at t.b_copy (MicroTile).
template <int Rows, int NV, int kPackedMr, bool kFullN, bool kCopyB = false>
void Tile(const MicroTile& t) {
  __m512 acc[Rows][NV];
#pragma GCC unroll 64
  for (int i = 0; i < Rows; ++i) {
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  __mmask16 mask[NV];
#pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) mask[v] = kFullN ? static_cast<__mmask16>(0xFFFF) : ColumnMask(t.n, v);

  const int64_t a_rs = kPackedMr > 0 ? 1 : t.a_rs;
  const int64_t a_cs = kPackedMr > 0 ? kPackedMr : t.a_cs;
  const int64_t b_ks = t.b_ks;
  const float* a = t.a;
  const float* b = t.b;
  float* b_copy = t.b_copy;
  const int64_t b_copy_ks = t.b_copy_ks;
  // The C block's lines (NV a row) and the cursor's (the next B block), one of
  // each per 4 steps of k; with A packed, also the lines of A kPackedAAheadSteps
  // steps ahead (prefetch_stepper.h).
  CBlockStepper c_lines(t.c, t.ldc, Rows, NV * kLanes * static_cast<int>(sizeof(float)), t.kc);
  PrefetchStepper next_b(t.prefetch);
  PrefetchStepper next_panel(t.prefetch_panel);

  // One step of k: NV vectors of B, Rows broadcasts of A, Rows x NV FMAs.
  auto step = [&]() __attribute__((always_inline)) {
    __m512 bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      bv[v] = kFullN ? _mm512_loadu_ps(b + v * kLanes) : _mm512_maskz_loadu_ps(mask[v], b + v * kLanes);
    }
    if constexpr (kCopyB) {
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) _mm512_storeu_ps(b_copy + v * kLanes, bv[v]);
      b_copy += b_copy_ks;
    }
#pragma GCC unroll 64
    for (int i = 0; i < Rows; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i * a_rs]);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
    a += a_cs;
    b += b_ks;
  };
  int64_t p = 0;
  for (; p + 4 <= t.kc; p += 4) {
    c_lines.Next();
    next_b.Next();
    next_panel.Next();
    if constexpr (kPackedMr > 0) {
      for (int q = 0; q < PackedALinesPerFourSteps(kPackedMr); ++q) {
        _mm_prefetch(reinterpret_cast<const char*>(a + kPackedAAheadSteps * kPackedMr + q * kLanes),
                     _MM_HINT_T0);
      }
    }
    step();
    step();
    step();
    step();
  }
  for (; p < t.kc; ++p) step();
  next_b.Finish();
  next_panel.Finish();

  const __m512 alpha = _mm512_set1_ps(t.alpha);
  if (t.beta == 0.0f) {
#pragma GCC unroll 64
    for (int i = 0; i < Rows; ++i) {
      float* c = t.c + i * t.ldc;
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) {
        const __m512 r = _mm512_mul_ps(acc[i][v], alpha);
        if (kFullN) {
          _mm512_storeu_ps(c + v * kLanes, r);
        } else {
          _mm512_mask_storeu_ps(c + v * kLanes, mask[v], r);
        }
      }
    }
    return;
  }
  const __m512 beta = _mm512_set1_ps(t.beta);
#pragma GCC unroll 64
  for (int i = 0; i < Rows; ++i) {
    float* c = t.c + i * t.ldc;
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      const __m512 old =
          kFullN ? _mm512_loadu_ps(c + v * kLanes) : _mm512_maskz_loadu_ps(mask[v], c + v * kLanes);
      const __m512 r = _mm512_fmadd_ps(acc[i][v], alpha, _mm512_mul_ps(old, beta));
      if (kFullN) {
        _mm512_storeu_ps(c + v * kLanes, r);
      } else {
        _mm512_mask_storeu_ps(c + v * kLanes, mask[v], r);
      }
    }
  }
}

// Runs the instance with 16 NV >= t.n > 16 (NV - 1): an edge panel narrower
// than the kernel skips the vectors it has no column in (8 x 48 with 32
// columns left runs as 8 x 32), reading the packed panel at its own stride.
template <int Rows, int NV, int kMr>
void DispatchColumns(const MicroTile& t) {
  if constexpr (NV > 1) {
    if (t.n <= (NV - 1) * kLanes) return DispatchColumns<Rows, NV - 1, kMr>(t);
  }
  const bool packed_a = t.a_rs == 1 && t.a_cs == kMr;
  const bool full_n = t.n == NV * kLanes;
  if (packed_a && t.b_copy != nullptr) {
    full_n ? Tile<Rows, NV, kMr, true, true>(t) : Tile<Rows, NV, kMr, false, true>(t);
  } else if (packed_a) {
    full_n ? Tile<Rows, NV, kMr, true>(t) : Tile<Rows, NV, kMr, false>(t);
  } else {
    full_n ? Tile<Rows, NV, 0, true>(t) : Tile<Rows, NV, 0, false>(t);
  }
}

// Runs the instance with Rows == t.m, so unpacked A is never read past row m.
template <int Rows, int NV, int kMr>
void DispatchRows(const MicroTile& t) {
  if constexpr (Rows > 1) {
    if (t.m < Rows) return DispatchRows<Rows - 1, NV, kMr>(t);
  }
  DispatchColumns<Rows, NV, kMr>(t);
}

template <int kMr, int NV>
void MicrokernelAvx512(const MicroTile& t) {
  DispatchRows<kMr, NV, kMr>(t);
}

// B columns contiguous along K (b_rs == 1, B transposed: numpy's x @ W.T):
// 16 columns x 16 depths at a time through registers (Transpose16), each
// column read as one run down the panel's kc depths; columns past nc are zeros.
void PackBTransposedAvx512(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_cs, float* dst) {
  constexpr int64_t kAheadFloats = 64;  // four lines further down each column
  for (int64_t j0 = 0; j0 < nc; j0 += nr) {
    float* panel = dst + j0 * kc;
    for (int jb = 0; jb < nr; jb += kLanes) {
      const int64_t columns = nc - j0 - jb < kLanes ? nc - j0 - jb : kLanes;  // may be <= 0: zeros
      const float* src = columns > 0 ? b + (j0 + jb) * b_cs : b;              // not read when columns <= 0
      for (int64_t p = 0; p < kc; p += kLanes) {
        const int depths = static_cast<int>(kc - p < kLanes ? kc - p : kLanes);
        Transpose16(src + p, b_cs, kAheadFloats, static_cast<int>(columns), depths, panel + p * nr + jb, nr);
      }
    }
  }
}

// B rows contiguous along N (b_cs == 1): row by row, so each row's nc floats
// are read as one contiguous run (walking a panel down kc rows instead touches a
// new page per row, which the hardware prefetchers do not follow), with the row
// kPackAheadRows ahead requested meanwhile; whole-vector copies, masked at the edge.
// B transposed goes to PackBTransposedAvx512, other strides to PackBGeneric.
void PackBAvx512(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_rs, int64_t b_cs, float* dst) {
  if (b_rs == 1 && b_cs != 1 && nr % kLanes == 0) {
    PackBTransposedAvx512(nr, kc, nc, b, b_cs, dst);
    return;
  }
  if (b_cs != 1 || nr % kLanes != 0) {
    PackBGeneric(nr, kc, nc, b, b_rs, b_cs, dst);
    return;
  }
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
      for (int v = 0; v < nv; ++v) _mm512_storeu_ps(out + v * kLanes, _mm512_loadu_ps(row + j0 + v * kLanes));
    }
    if (tail > 0) {
      for (int v = 0; v < nv; ++v) {
        _mm512_storeu_ps(out + v * kLanes,
                         _mm512_maskz_loadu_ps(ColumnMask(tail, v), row + full_cols + v * kLanes));
      }
    }
  }
}

// A rows contiguous along k (a_cs == 1): 16 x 16 register transposes for full
// 16-row slabs of a micro-panel, scalar for the rest.
void PackAAvx512(int mr, int64_t mc, int64_t kc, const float* a, int64_t a_rs, int64_t a_cs, float* dst) {
  if (a_cs != 1) {
    PackAGeneric(mr, mc, kc, a, a_rs, a_cs, dst);
    return;
  }
  for (int64_t i0 = 0; i0 < mc; i0 += mr) {
    const int rows = mc - i0 < mr ? static_cast<int>(mc - i0) : mr;
    const float* src = a + i0 * a_rs;
    float* panel = dst + i0 * kc;
    // The next micro-panel's rows, requested line by line as this one is read.
    const float* next_src = src + mr * a_rs;
    const int next_rows = mc - i0 - mr <= 0 ? 0 : (mc - i0 - mr < mr ? static_cast<int>(mc - i0 - mr) : mr);
    // Rows in slabs of up to 16: each slab loads 16 columns of each of its rows
    // (masked by rows), transposes, and stores slab-rows-wide pieces.
    for (int r0 = 0; r0 < mr; r0 += kLanes) {
      const int slab = mr - r0 < kLanes ? mr - r0 : kLanes;  // rows of the panel in this slab
      const int live = rows - r0 < 0 ? 0 : (rows - r0 < slab ? rows - r0 : slab);  // rows with data
      const __mmask16 store_mask = static_cast<__mmask16>((1u << slab) - 1u);
      int64_t p = 0;
      for (; p + kLanes <= kc; p += kLanes) {
        for (int r = r0; r < r0 + slab && r < next_rows; ++r)
          __builtin_prefetch(next_src + r * a_rs + p, 0, 3);
        __m512 x[16];
#pragma GCC unroll 16
        for (int r = 0; r < 16; ++r) {
          x[r] = r < live ? _mm512_loadu_ps(src + (r0 + r) * a_rs + p) : _mm512_setzero_ps();
        }
        Transpose16x16(x);
#pragma GCC unroll 16
        for (int q = 0; q < 16; ++q) _mm512_mask_storeu_ps(panel + (p + q) * mr + r0, store_mask, x[q]);
      }
      for (; p < kc; ++p) {
        float* out = panel + p * mr + r0;
        for (int r = 0; r < slab; ++r) out[r] = r < live ? src[(r0 + r) * a_rs + p] : 0.0f;
      }
    }
  }
}

constexpr MicrokernelEntry kKernels[] = {
    {6, 32, &MicrokernelAvx512<6, 2>}, {14, 32, &MicrokernelAvx512<14, 2>},
    {8, 48, &MicrokernelAvx512<8, 3>}, {12, 32, &MicrokernelAvx512<12, 2>},
    {4, 64, &MicrokernelAvx512<4, 4>},
};

constexpr KernelTable kTable = {"avx512",     kKernels,     sizeof(kKernels) / sizeof(kKernels[0]),
                                &PackAAvx512, &PackBAvx512, true};

}  // namespace

const KernelTable& Avx512KernelTable() { return kTable; }

}  // namespace tv::gemm::cpu
