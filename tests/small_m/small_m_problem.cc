#include "small_m_problem.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>

namespace tv::gemm::cpu::testing {
namespace {
constexpr float kSentinel = 12345.0f;
}  // namespace

const char* BLayoutName(BLayout layout) {
  switch (layout) {
    case BLayout::kRows:
      return "Rows";
    case BLayout::kColumns:
      return "Columns";
    case BLayout::kStrided:
      return "Strided";
    case BLayout::kRowsLineStride:
      return "RowsLineStride";
  }
  return "?";
}

double ErrorBound(int64_t k) { return static_cast<double>(k + 4) * FLT_EPSILON; }

SmallMProblem::SmallMProblem(int64_t m, int64_t n, int64_t k, BLayout layout, float alpha, float beta,
                             std::mt19937& rng, int64_t b_offset) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  p_.m = m;
  p_.n = n;
  p_.k = k;
  p_.alpha = alpha;
  p_.beta = beta;
  switch (layout) {
    case BLayout::kRows:
      p_.a_rs = k + 1, p_.a_cs = 1, p_.b_rs = n + 3, p_.b_cs = 1;
      break;
    case BLayout::kColumns:
      p_.a_rs = 1, p_.a_cs = m + 2, p_.b_rs = 1, p_.b_cs = k + 5;
      break;
    case BLayout::kStrided:
      p_.a_rs = k + 1, p_.a_cs = 1, p_.b_rs = 2 * n + 1, p_.b_cs = 2;
      break;
    case BLayout::kRowsLineStride:
      p_.a_rs = k + 1, p_.a_cs = 1, p_.b_rs = (n + 15) / 16 * 16 + 16, p_.b_cs = 1;
      break;
  }
  // Sizes: the last element's offset plus one (B: plus room to place its start).
  constexpr int64_t kLineFloats = 16;
  a_.resize(static_cast<size_t>((m - 1) * p_.a_rs + (k - 1) * p_.a_cs + 1));
  b_.resize(static_cast<size_t>((k - 1) * p_.b_rs + (n - 1) * p_.b_cs + 1 + 2 * kLineFloats));
  for (float& x : a_) x = dist(rng);
  for (float& x : b_) x = dist(rng);
  int64_t b_start = 0;
  if (layout == BLayout::kRowsLineStride) {
    while (reinterpret_cast<uintptr_t>(b_.data() + b_start) % 64 != 0) ++b_start;
    b_start += b_offset % kLineFloats;
  }
  const float* b_values = b_.data() + b_start;
  p_.ldc = n + 7;
  c0_.assign(static_cast<size_t>(m * p_.ldc), kSentinel);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      c0_[i * p_.ldc + j] = beta == 0.0f ? std::numeric_limits<float>::quiet_NaN() : dist(rng);
    }
  }
  c_ = c0_;
  p_.a = a_.data();
  p_.b = b_values;
  p_.c = c_.data();
  ab_.assign(static_cast<size_t>(m * n), 0.0);
  abs_ab_.assign(static_cast<size_t>(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t q = 0; q < k; ++q) {
      const double a = a_[i * p_.a_rs + q * p_.a_cs];
      for (int64_t j = 0; j < n; ++j) {
        const double b = b_values[q * p_.b_rs + j * p_.b_cs];
        ab_[i * n + j] += a * b;
        abs_ab_[i * n + j] += std::fabs(a * b);
      }
    }
  }
}

double SmallMProblem::ErrorAndReset(std::string* where) {
  double worst = 0.0;
  const double alpha = p_.alpha, beta = p_.beta;
  for (int64_t i = 0; i < p_.m; ++i) {
    for (int64_t j = 0; j < p_.ldc; ++j) {
      const float got = c_[i * p_.ldc + j];
      double error = 0.0;
      if (j >= p_.n) {
        error = got == kSentinel ? 0.0 : INFINITY;  // padding written
      } else {
        const double c0 = beta == 0.0 ? 0.0 : c0_[i * p_.ldc + j];
        const double want = alpha * ab_[i * p_.n + j] + beta * c0;
        const double scale = std::fabs(alpha) * abs_ab_[i * p_.n + j] + std::fabs(beta) * std::fabs(c0);
        if (!std::isfinite(got)) {
          error = INFINITY;
        } else if (scale == 0.0) {
          error = got == want ? 0.0 : INFINITY;
        } else {
          error = std::fabs(got - want) / scale;
        }
      }
      if (error > worst) {
        worst = error;
        *where = "C(" + std::to_string(i) + ", " + std::to_string(j) + ") = " + std::to_string(got);
      }
    }
  }
  c_ = c0_;
  return worst;
}

}  // namespace tv::gemm::cpu::testing
