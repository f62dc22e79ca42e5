// AVX2 + FMA roofline loops. Compiled with -mavx2 -mfma (this file only).
#include <immintrin.h>

#include <cstdint>

#include "bench/roofline_kernels.h"

namespace tv::bench::roofline_kernels {
namespace {

float HorizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

}  // namespace

float FmaChainsAvx2(int64_t iterations) {
  __m256 acc[kFmaChains];
  for (int c = 0; c < kFmaChains; ++c) acc[c] = _mm256_set1_ps(static_cast<float>(c));
  const __m256 mul = _mm256_set1_ps(0.999999f);
  const __m256 add = _mm256_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int c = 0; c < kFmaChains; ++c) acc[c] = _mm256_fmadd_ps(acc[c], mul, add);
  }
  __m256 sum = acc[0];
  for (int c = 1; c < kFmaChains; ++c) sum = _mm256_add_ps(sum, acc[c]);
  return HorizontalSum(sum);
}

float SumAvx2(const float* data, int64_t count, int streams) {
  const int64_t part = count / streams;
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(),
         s3 = _mm256_setzero_ps();
  for (int64_t i = 0; i < part; i += 64) {
    for (int s = 0; s < streams; ++s) {
      const float* block = data + s * part + i;
      s0 = _mm256_add_ps(s0, _mm256_add_ps(_mm256_load_ps(block), _mm256_load_ps(block + 8)));
      s1 = _mm256_add_ps(s1, _mm256_add_ps(_mm256_load_ps(block + 16), _mm256_load_ps(block + 24)));
      s2 = _mm256_add_ps(s2, _mm256_add_ps(_mm256_load_ps(block + 32), _mm256_load_ps(block + 40)));
      s3 = _mm256_add_ps(s3, _mm256_add_ps(_mm256_load_ps(block + 48), _mm256_load_ps(block + 56)));
    }
  }
  return HorizontalSum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

}  // namespace tv::bench::roofline_kernels
