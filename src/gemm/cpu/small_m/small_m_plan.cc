#include "gemm/cpu/small_m/small_m_plan.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include "gemm/cpu/small_m/small_m_kernels.h"

namespace tv::gemm::cpu::small_m {

Isa ResolveIsa(Isa isa) {
  if (isa != Isa::kAuto) return isa;
  // GCC's cpu model also checks that the OS saves the wide registers (XGETBV).
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
    return Isa::kAvx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
  return Isa::kReference;
}

Form FormOf(Isa isa, int64_t m, bool b_rows_contiguous, bool b_columns_contiguous) {
  assert(isa != Isa::kAuto);
  if (isa == Isa::kReference) return Form::kStrided;
  if (b_rows_contiguous) return Form::kAxpy;
  if (b_columns_contiguous) {
    return isa == Isa::kAvx512 && m >= kDotTransposedMinRows ? Form::kDotTransposed : Form::kDot;
  }
  return Form::kStrided;
}

int KernelWidth(Isa isa, Form form, int64_t m) {
  assert(m >= 1 && m <= kMaxRows);
  // The widest row group sets the width (row_groups.h: RowGroups<m>::kRows0).
  const int64_t groups = (m + kMaxGroupRows - 1) / kMaxGroupRows;
  const int64_t group = (m + groups - 1) / groups;
  const bool avx512 = isa == Isa::kAvx512;
  switch (form) {
    case Form::kAxpy:
      return avx512 ? kAxpyVectorsAvx512[group] * 16 : kAxpyVectorsAvx2[group] * 8;
    case Form::kDot:
      return avx512 ? kDotColumnsAvx512[group] : kDotColumnsAvx2[group];
    case Form::kDotTransposed:
      return static_cast<int>(kDotTransposeWidth);
    case Form::kStrided:
      return 1;
  }
  return 1;
}

int64_t LineAlignmentPeel(const float* b, int64_t ldb, int64_t n) {
  constexpr uintptr_t kLineBytes = 64;
  constexpr int64_t kLineFloats = kLineBytes / sizeof(float);
  const uintptr_t offset = reinterpret_cast<uintptr_t>(b) % kLineBytes;
  if (offset == 0 || offset % sizeof(float) != 0 || ldb % kLineFloats != 0) return 0;
  const int64_t peel = kLineFloats - static_cast<int64_t>(offset / sizeof(float));
  return peel < n ? peel : 0;
}

int64_t DepthGranule(Form form) { return form == Form::kDot ? kDotDepthGranule : 1; }

Range SliceOf(int64_t total, int64_t granule, int threads, int t) {
  assert(granule >= 1 && threads >= 1 && t >= 0 && t < threads);
  const int64_t units = (total + granule - 1) / granule;
  const int64_t begin = units * t / threads * granule;
  const int64_t end = units * (t + 1) / threads * granule;
  return {std::min(begin, total), std::min(end, total)};
}

}  // namespace tv::gemm::cpu::small_m
