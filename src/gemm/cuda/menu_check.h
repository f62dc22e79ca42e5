// Every kernel meets the reference on the same matrix of cases (STYLE.md
// habit 12): each menu instance that can implement a case runs it (split-K 1
// and more), C is compared with the float64 reference, and the padding
// columns of C (between n and ldc) must be left untouched.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "gemm/cuda/cuda_gemm.h"

namespace tv::gemm::cuda {

struct CheckCase {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  int64_t pad = 0;     // extra elements per row of A, B and C (ld = width + pad)
  int64_t offset = 0;  // elements the base pointers are moved by (1: misaligned)
  float alpha = 1.0f;
  float beta = 0.0f;  // 0: C is poisoned with NaN before the run
  std::string Text() const;
};

// Odd sizes, m = 1, k tails, k = 0, unaligned n and k, padded and misaligned
// operands, alpha/beta, and k deep enough for split-K.
std::vector<CheckCase> StandardCheckCases();

struct CheckFailure {
  std::string config;  // ConfigName
  std::string check_case;
  std::string message;
};

struct CheckSummary {
  int runs = 0;
  double worst_error = 0.0;
  std::string worst_config;
  std::vector<CheckFailure> failures;
  std::vector<std::string> instances_run;  // names of the instances that ran at least one case
};

struct CheckOptions {
  DType dtype = DType::kBf16;
  std::vector<int> splits = {1, 3};
  double tolerance = 2e-2;
  // Runs only the instances whose name passes (empty: all).
  std::function<bool(const std::string&)> filter;
  // The tiles' pack_b: TV_PACK_ON runs the cases whose operands do not allow
  // 16-byte copies through aligned copies (with the 16-byte instances).
  int32_t pack_b = TV_PACK_AUTO;
};

// Fails only when the GPU fails outside a kernel (allocation, reference).
Result<CheckSummary> CheckMenu(CudaGemm& gemm, const std::vector<CheckCase>& cases,
                               const CheckOptions& options);

}  // namespace tv::gemm::cuda
