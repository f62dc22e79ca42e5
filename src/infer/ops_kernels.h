// The vector kernels of ops.cc, one set per ISA, as plain functions.
//
// Plain on purpose (as gemm/cpu/small_m/small_m_kernels.h): ops_avx512.cc
// includes this header and is compiled with ISA flags, so it holds no inline
// functions and includes only <cstdint>. ops.cc picks a set by CPUID.
#pragma once

#include <cstdint>

namespace tv::infer::ops_avx512 {

// The largest of x[0, n). REQUIRES: n >= 1.
float Max(const float* x, int64_t n);

// x[i] = exp(x[i] - shift) for i < n (FastExp's polynomial, 16 lanes at a
// time); returns the sum of the new values.
float ExpShiftedSum(float* x, int64_t n, float shift);

// x[i] *= factor for i < n.
void Scale(float* x, int64_t n, float factor);

// gate[i] = gate[i] / (1 + exp(-gate[i])) * up[i] for i < n.
void SwiGlu(float* gate, const float* up, int64_t n);

}  // namespace tv::infer::ops_avx512
