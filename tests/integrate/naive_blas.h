// Plain loops with the reference BLAS's semantics, in double, for checking the
// library's results: C = alpha * op(A) * op(B) + beta * C and y = alpha * op(A) * x + beta * y.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace tv::test {

// layout: 101 row-major, 102 column-major; trans: 111 no, 112/113 yes (cblas values).
inline void NaiveSgemm(int layout, int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha,
                       const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                       int64_t ldc) {
  const bool row = layout == 101;
  auto at = [&](int64_t i, int64_t p) {  // op(A)(i, p)
    const bool t = ta != 111;
    const int64_t r = t ? p : i, col = t ? i : p;
    return row ? a[r * lda + col] : a[col * lda + r];
  };
  auto bt = [&](int64_t p, int64_t j) {
    const bool t = tb != 111;
    const int64_t r = t ? j : p, col = t ? p : j;
    return row ? b[r * ldb + col] : b[col * ldb + r];
  };
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      if (alpha != 0.0f) {
        for (int64_t p = 0; p < k; ++p) sum += static_cast<double>(at(i, p)) * bt(p, j);
      }
      float& out = row ? c[i * ldc + j] : c[j * ldc + i];
      out = static_cast<float>(alpha * sum + (beta == 0.0f ? 0.0 : static_cast<double>(beta) * out));
    }
  }
}

inline std::vector<float> RandomFloats(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

// Largest |got - want| relative to the largest |want| (0 for empty input).
inline double MaxRelativeError(const std::vector<float>& got, const std::vector<float>& want) {
  double worst = 0, scale = 1e-30;
  for (size_t i = 0; i < got.size(); ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(got[i]) - want[i]));
    scale = std::max(scale, std::abs(static_cast<double>(want[i])));
  }
  return worst / scale;
}

}  // namespace tv::test
