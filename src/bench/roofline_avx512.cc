// AVX-512 roofline loops. Compiled with -mavx512f (this file only); includes
// nothing that could emit shared inline code with those flags.
#include <immintrin.h>

#include <cstdint>

#include "bench/roofline_kernels.h"

namespace tv::bench::roofline_kernels {
namespace {

// Through memory: GCC 12's _mm512_reduce_add_ps warns (-Wuninitialized) inside its own header.
float HorizontalSum(__m512 v) {
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, v);
  float sum = 0;
  for (float x : lanes) sum += x;
  return sum;
}

}  // namespace

float FmaChainsAvx512(int64_t iterations) {
  __m512 acc[kFmaChains];
  for (int c = 0; c < kFmaChains; ++c) acc[c] = _mm512_set1_ps(static_cast<float>(c));
  // acc = acc * 0.999999 + 1e-6 stays bounded and cannot be folded away.
  const __m512 mul = _mm512_set1_ps(0.999999f);
  const __m512 add = _mm512_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int c = 0; c < kFmaChains; ++c) acc[c] = _mm512_fmadd_ps(acc[c], mul, add);
  }
  __m512 sum = acc[0];
  for (int c = 1; c < kFmaChains; ++c) sum = _mm512_add_ps(sum, acc[c]);
  return HorizontalSum(sum);
}

float SumAvx512(const float* data, int64_t count, int streams) {
  const int64_t part = count / streams;
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(),
         s3 = _mm512_setzero_ps();
  for (int64_t i = 0; i < part; i += 64) {
    for (int s = 0; s < streams; ++s) {
      const float* block = data + s * part + i;
      s0 = _mm512_add_ps(s0, _mm512_load_ps(block));
      s1 = _mm512_add_ps(s1, _mm512_load_ps(block + 16));
      s2 = _mm512_add_ps(s2, _mm512_load_ps(block + 32));
      s3 = _mm512_add_ps(s3, _mm512_load_ps(block + 48));
    }
  }
  return HorizontalSum(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

}  // namespace tv::bench::roofline_kernels
