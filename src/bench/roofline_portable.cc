// Roofline loops for CPUs with neither AVX2 nor AVX-512 (baseline SSE2 on x86-64).
#include <cstdint>

#include "bench/roofline_kernels.h"

namespace tv::bench::roofline_kernels {

float FmaChainsPortable(int64_t iterations) {
  // kFmaChains chains of 4 lanes; the compiler turns each chain into one SSE mul + add.
  float acc[kFmaChains][4];
  for (int c = 0; c < kFmaChains; ++c) {
    for (int l = 0; l < 4; ++l) acc[c][l] = static_cast<float>(c + l);
  }
  for (int64_t i = 0; i < iterations; ++i) {
    for (int c = 0; c < kFmaChains; ++c) {
      for (int l = 0; l < 4; ++l) acc[c][l] = acc[c][l] * 0.999999f + 1e-6f;
    }
  }
  float sum = 0;
  for (int c = 0; c < kFmaChains; ++c) {
    for (int l = 0; l < 4; ++l) sum += acc[c][l];
  }
  return sum;
}

float SumPortable(const float* data, int64_t count, int streams) {
  const int64_t part = count / streams;
  float s[16] = {};
  for (int64_t i = 0; i < part; i += 64) {
    for (int stream = 0; stream < streams; ++stream) {
      const float* block = data + stream * part + i;
      for (int j = 0; j < 64; j += 16) {
        for (int l = 0; l < 16; ++l) s[l] += block[j + l];
      }
    }
  }
  float sum = 0;
  for (float v : s) sum += v;
  return sum;
}

}  // namespace tv::bench::roofline_kernels
