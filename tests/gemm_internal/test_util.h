// Helpers shared by the gemm_internal tests: random matrices, the ISAs this CPU runs.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/isa.h"

namespace tv::gemm::cpu::testing {

inline std::vector<float> RandomFloats(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

inline std::vector<Isa> AvailableIsas() {
  std::vector<Isa> isas;
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512}) {
    if (IsaAvailable(isa)) isas.push_back(isa);
  }
  return isas;
}

// Test-name suffix of an ISA-parameterized test: "reference", "avx2", "avx512".
inline std::string IsaTestName(const ::testing::TestParamInfo<Isa>& param) { return IsaName(param.param); }

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// |got - want| <= tol * (sum of |terms| + 1), the error of a k-term dot product.
inline bool Close(double got, double want, double magnitude, int64_t k) {
  const double tol = 4.0 * (static_cast<double>(k) + 2.0) * 6e-8;
  return std::fabs(got - want) <= tol * (magnitude + 1.0);
}

}  // namespace tv::gemm::cpu::testing
