// What the small-M path does for one problem, shared by LegalizeSmallM and
// RunSmallM so that the tiles legalized are the tiles run: which kernel form,
// its column width (nr), and how depth and columns are split among threads.
#pragma once

#include <cstdint>

#include "gemm/cpu/cpu_gemm.h"

namespace tv::gemm::cpu::small_m {

enum class Form : uint8_t {
  kAxpy,           // B rows contiguous (b_cs == 1): register strips of C, B rows streamed
  kDot,            // B columns contiguous (b_rs == 1): vector dot products along k
  kDotTransposed,  // the same B, m >= kDotTransposedMinRows on AVX-512: chunks of B
                   // transposed into L1, then the axpy strips
  kStrided,        // the portable loops: the reference ISA, or B with no unit stride
};

// kAuto -> the widest ISA this CPU and OS support; a named ISA is kept.
Isa ResolveIsa(Isa isa);

// REQUIRES: isa != Isa::kAuto.
Form FormOf(Isa isa, int64_t m, bool b_rows_contiguous, bool b_columns_contiguous);

// Columns of C one kernel call covers for m rows (1 for kStrided).
// REQUIRES: 1 <= m <= kMaxRows (small_m_kernels.h).
int KernelWidth(Isa isa, Form form, int64_t m);

// Depth chunks (kc) below k are multiples of this.
int64_t DepthGranule(Form form);

// Each thread's share of k under TV_PARALLEL_K is a multiple of this (but the
// last). Fine enough to split a model's hidden sizes evenly: at 64, smollm2's
// k = 576 (9 units) gave one thread 5 units and the other 4, and in its decode
// the main thread waited on the worker for 15% of the run's samples (perf,
// 2 threads, 2026-11-27 night).
inline constexpr int64_t kDepthSliceGranule = 16;

// A thread needs at least this much depth to be worth starting.
inline constexpr int64_t kMinDepthPerThread = 64;

// Thread t's half-open share [begin, end) of `units` units of `granule` items
// over `total` items, balanced to within one unit. Empty when t has nothing.
struct Range {
  int64_t begin;
  int64_t end;
};
Range SliceOf(int64_t total, int64_t granule, int threads, int t);

}  // namespace tv::gemm::cpu::small_m
