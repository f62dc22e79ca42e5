// The 17 bf16 shapes of the GPU anchors (../shared/anchors/gpu-h100.md), in
// its order, named "<class>.<m>x<n>x<k>": C (m x n) = A (m x k) * B (k x n).
#pragma once

#include <vector>

#include "gemm/cuda/suite_timing.h"

namespace tv::bench::cuda {

std::vector<gemm::cuda::CudaSuiteShape> AnchorShapes();

// Parses "MxNxK[,MxNxK...]"; empty on a malformed entry (the caller reports it).
std::vector<gemm::cuda::CudaSuiteShape> ParseShapes(const std::string& text);

}  // namespace tv::bench::cuda
