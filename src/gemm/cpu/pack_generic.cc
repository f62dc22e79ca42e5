#include <algorithm>

#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {

void PackAGeneric(int mr, int64_t mc, int64_t kc, const float* a, int64_t a_rs, int64_t a_cs, float* dst) {
  for (int64_t i0 = 0; i0 < mc; i0 += mr) {
    const int rows = static_cast<int>(std::min<int64_t>(mr, mc - i0));
    const float* src = a + i0 * a_rs;
    float* panel = dst + i0 * kc;
    if (a_cs == 1) {
      // Rows of A contiguous along k: read each row once, write with stride mr.
      for (int i = 0; i < rows; ++i) {
        const float* row = src + i * a_rs;
        for (int64_t p = 0; p < kc; ++p) panel[p * mr + i] = row[p];
      }
      for (int64_t p = 0; p < kc; ++p) std::fill(panel + p * mr + rows, panel + (p + 1) * mr, 0.0f);
      continue;
    }
    for (int64_t p = 0; p < kc; ++p) {
      float* out = panel + p * mr;
      const float* col = src + p * a_cs;
      for (int i = 0; i < rows; ++i) out[i] = col[i * a_rs];
      std::fill(out + rows, out + mr, 0.0f);
    }
  }
}

void PackBGeneric(int nr, int64_t kc, int64_t nc, const float* b, int64_t b_rs, int64_t b_cs, float* dst) {
  for (int64_t j0 = 0; j0 < nc; j0 += nr) {
    const int cols = static_cast<int>(std::min<int64_t>(nr, nc - j0));
    const float* src = b + j0 * b_cs;
    float* panel = dst + j0 * kc;
    if (b_rs == 1) {
      // Columns of B contiguous along k: read each column once.
      for (int j = 0; j < cols; ++j) {
        const float* col = src + j * b_cs;
        for (int64_t p = 0; p < kc; ++p) panel[p * nr + j] = col[p];
      }
      for (int64_t p = 0; p < kc; ++p) std::fill(panel + p * nr + cols, panel + (p + 1) * nr, 0.0f);
      continue;
    }
    for (int64_t p = 0; p < kc; ++p) {
      float* out = panel + p * nr;
      const float* row = src + p * b_rs;
      for (int j = 0; j < cols; ++j) out[j] = row[j * b_cs];
      std::fill(out + cols, out + nr, 0.0f);
    }
  }
}

}  // namespace tv::gemm::cpu
