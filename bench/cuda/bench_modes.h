// The modes of tilevolve-cuda-bench (main.cc parses the command line).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gemm/cuda/suite_timing.h"

namespace tv::bench::cuda {

struct BenchOptions {
  bool info = false;
  bool check = false;
  bool suite = false;
  bool oracle = false;
  std::string filter;           // --check: instance names containing this
  bool aligned_copies = false;  // --check: operands that do not allow 16-byte copies copied aligned first
  bool small_cases = false;     // --check: only cases of at most 2^21 multiply-adds (for compute-sanitizer)
  std::vector<gemm::cuda::CudaSuiteShape> shapes;
  gemm::cuda::DType dtype = gemm::cuda::DType::kBf16;
  int reps = 11;
};

// Runs the chosen modes in the order info, check, oracle, suite; prints tables
// on stdout and adds records to `json` ("device", "check", "oracle", "suite").
// Returns the process exit code: 0, 1 when a check failed or a step errored,
// 3 when there is no GPU.
int RunBench(const BenchOptions& options, nlohmann::json& json);

}  // namespace tv::bench::cuda
