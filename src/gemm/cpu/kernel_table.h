// The microkernel ABI and the per-ISA tables that offer it.
//
// Plain header: only <cstdint> and <cstddef>, because the ISA files compiled
// with -mavx512f / -mavx2 include it (a std header instantiated there could
// hand AVX-512 code to the generic parts of the binary).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tv::gemm::cpu {

// Lines of memory a microkernel requests (prefetches) while it computes, to be
// read after it: the source of the next packed B block, rows of lines_per_row
// cache lines row_bytes apart. The kernel requests up to lines_per_call lines
// from (row, line) on and advances the cursor past them; a kernel may ignore it.
struct PrefetchCursor {
  const char* row;
  int64_t row_bytes;
  int64_t lines_per_row;
  int64_t line;        // next line within row
  int64_t lines_left;  // in the whole block
  int64_t lines_per_call;
};

// One register block of C:  C[0:m, 0:n] = alpha * A * B + beta * C.
//   A (m x kc): element (i, p) at a[i * a_rs + p * a_cs]. A packed micro-panel
//               of an MR x NR kernel has a_rs = 1, a_cs = MR.
//   B (kc x n): element (p, j) at b[p * b_ks + j]. Rows are contiguous along N;
//               a packed micro-panel has b_ks = NR.
//   C (m x n):  element (i, j) at c[i * ldc + j].
// REQUIRES: 1 <= m <= MR, 1 <= n <= NR, kc >= 0. Reads only rows i < m of A and
// columns j < n of B and C. When beta == 0, C is written, never read (NaN safe).
// prefetch: nullptr, or lines to request meanwhile (see PrefetchCursor).
// b_copy: nullptr, or where a kernel of a table with copies_b writes the B it
// reads, as a packed micro-panel (row p at b_copy + p * b_copy_ks; lanes of
// columns >= n zero, vectors with no column < n unwritten), so that the first
// call on an unpacked B block packs it for the calls after it.
// prefetch_panel: nullptr, or a second cursor (the next micro-panel of such a
// block, still in place), requested like `prefetch`; a kernel may ignore it.
struct MicroTile {
  int64_t kc;
  float alpha;
  const float* a;
  int64_t a_rs;
  int64_t a_cs;
  const float* b;
  int64_t b_ks;
  float beta;
  float* c;
  int64_t ldc;
  int m;
  int n;
  PrefetchCursor* prefetch;
  float* b_copy = nullptr;
  int64_t b_copy_ks = 0;
  PrefetchCursor* prefetch_panel = nullptr;
};
using MicrokernelFn = void (*)(const MicroTile& tile);

// An MR x NR microkernel.
struct MicrokernelEntry {
  int mr;
  int nr;
  MicrokernelFn fn;
};

// Packs A (mc x kc, element (i, p) at a[i * a_rs + p * a_cs]) into ceil(mc / mr)
// micro-panels, panel q at dst + q * mr * kc, element (i, p) of the panel at
// [p * mr + i]; rows past mc are zero. dst holds round_up(mc, mr) * kc floats.
using PackAFn = void (*)(int mr, int64_t mc, int64_t kc, const float* a, int64_t a_rs, int64_t a_cs,
                         float* dst);
// Packs B (kc x nc, element (p, j) at b[p * b_rs + j * b_cs]) into ceil(nc / nr)
// micro-panels, panel q at dst + q * nr * kc, element (p, j) of the panel at
// [p * nr + j]; columns past nc are zero. dst holds round_up(nc, nr) * kc floats.
using PackBFn = void (*)(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_rs, int64_t b_cs,
                         float* dst);

// Everything one ISA offers the blocked GEMM. kernels[0] is the default shape
// (auto requests may take another; legalize.cc AutoBlockedKernel).
struct KernelTable {
  const char* name;
  const MicrokernelEntry* kernels;
  int kernel_count;
  PackAFn pack_a;
  PackBFn pack_b;
  bool copies_b = false;  // its kernels honor MicroTile::b_copy where A is packed
};

// Tables of each ISA. Calling one whose ISA the CPU lacks is a bug (see isa.h).
const KernelTable& ReferenceKernelTable();
const KernelTable& Avx2KernelTable();
const KernelTable& Avx512KernelTable();

// Plain scalar packers for any strides (pack_generic.cc): the reference table's
// packers, and the fallback of the ISA packers for layouts without a fast path.
void PackAGeneric(int mr, int64_t mc, int64_t kc, const float* a, int64_t a_rs, int64_t a_cs, float* dst);
void PackBGeneric(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_rs, int64_t b_cs, float* dst);

}  // namespace tv::gemm::cpu
