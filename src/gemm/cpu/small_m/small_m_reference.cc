// The portable small-M kernel: plain loops, any strides. Compiled without ISA
// flags; it is the reference ISA's kernel and the fallback for a B with no unit
// stride.
#include "gemm/cpu/small_m/small_m_kernels.h"

namespace tv::gemm::cpu::small_m {

void StridedReference(const StridedBlock& blk) {
  for (int64_t i = 0; i < blk.m; ++i) {
    const float* a_row = blk.a + i * blk.a_rs;
    float* c_row = blk.c + i * blk.ldc;
    for (int64_t j = 0; j < blk.n; ++j) {
      const float* b_col = blk.b + j * blk.b_cs;
      float sum = 0.0f;
      for (int64_t p = 0; p < blk.k; ++p) sum += a_row[p * blk.a_cs] * b_col[p * blk.b_rs];
      const float ab = blk.alpha * sum;
      c_row[j] = blk.beta == 0.0f ? ab : ab + blk.beta * c_row[j];  // beta == 0: C not read
    }
  }
}

}  // namespace tv::gemm::cpu::small_m
