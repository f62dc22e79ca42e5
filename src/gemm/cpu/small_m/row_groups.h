// How the ISA kernel files split m rows into row groups (small_m_kernels.h:
// kMaxGroupRows) and run one register strip over every group in turn.
//
// Included by the ISA-flagged kernel files only; everything here has internal
// linkage (anonymous namespace), so each file compiles its own copy with its
// own flags and none can be shared with another. (A namespace-scope template
// is not enough: GCC 12 gives ByRows<AxpyRows, ...> external, weak linkage
// although AxpyRows is file-local, and the linker then ran the AVX2 file's
// instance for the AVX-512 entry point, or could run AVX-512 code on an AVX2
// CPU.)
#pragma once

#include <cstdint>

#include "gemm/cpu/small_m/small_m_kernels.h"

namespace tv::gemm::cpu::small_m {
namespace {

// The row groups of M rows, as equal as can be: kGroups0 groups of kRows0
// rows, then kGroups - kGroups0 groups of kRows1 = kRows0 or kRows0 - 1 rows.
// E.g. 12 rows: 6 + 6; 17 rows: 6 + 6 + 5; 32 rows: 8 + 8 + 8 + 8.
template <int M>
struct RowGroups {
  static_assert(M >= 1 && M <= kMaxRows);
  static constexpr int kGroups = (M + kMaxGroupRows - 1) / kMaxGroupRows;
  static constexpr int kRows0 = (M + kGroups - 1) / kGroups;
  static constexpr int kRows1 = M / kGroups;
  static constexpr int kGroups0 = kRows0 == kRows1 ? kGroups : M - kGroups * kRows1;
  static_assert(kGroups0 * kRows0 + (kGroups - kGroups0) * kRows1 == M);
};

// Calls strip.template operator()<Rows>(first_row) for each row group of M
// rows, top to bottom.
template <int M, typename Strip>
void ForEachRowGroup(Strip&& strip) {
  using G = RowGroups<M>;
  for (int g = 0; g < G::kGroups0; ++g) strip.template operator()<G::kRows0>(int64_t{g} * G::kRows0);
  for (int g = G::kGroups0; g < G::kGroups; ++g) {
    strip.template operator()<G::kRows1>(int64_t{G::kGroups0} * G::kRows0 +
                                         int64_t{g - G::kGroups0} * G::kRows1);
  }
}

// Calls Loops<M>::Run(blk) for M = blk.m; blk.m outside [1, kMaxRows] is a
// caller bug (the callers assert) and runs nothing.
template <template <int> class Loops, typename Block, int M = 1>
void ByRows(const Block& blk) {
  if (blk.m == M) return Loops<M>::Run(blk);
  if constexpr (M < kMaxRows) ByRows<Loops, Block, M + 1>(blk);
}

}  // namespace
}  // namespace tv::gemm::cpu::small_m
