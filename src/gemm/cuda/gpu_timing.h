// The measurement protocol on the GPU (DESIGN.md rules 3-4, the GPU side of
// bench/comparison.h). For each contender, in order and one at a time:
//   1. check: C of operand set 0 is poisoned with NaN, the contender runs once,
//      and C must match the float64 reference (relative error <= tolerance, no
//      NaN); a contender that fails is reported with that Status, never timed;
//   2. warm up (warmup_calls calls), then size a repetition: calls_per_rep
//      back-to-back calls (walking the operand sets) lasting >= min_rep_ms.
// Then `reps` rounds; in each every contender times one repetition with CUDA
// events (the first contender rotates round by round). Per contender: median
// microseconds per call and the spread; ratios to contender 0 are medians of
// the per-round paired ratios.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"
#include "gemm/cuda/gpu_operands.h"

namespace tv::gemm::cuda {

// Launches one GEMM with exactly the args given, asynchronously on the stream.
using GpuRunner = std::function<Status(const CudaGemmArgs& args)>;

struct GpuContender {
  std::string name;
  GpuRunner run;
};

struct GpuMeasureOptions {
  int warmup_calls = 5;
  double min_rep_ms = 1.0;      // one timed repetition lasts at least this long
  int max_calls_per_rep = 512;  // ... unless it already holds this many calls
  int reps = 11;                // rounds
  double tolerance = 2e-2;      // relative error allowed (bf16 rounding is ~2e-3)
};

struct GpuTiming {
  std::string name;
  Status status;           // not ok: failed the check or a launch; not timed
  double median_us = 0.0;  // per call
  double min_us = 0.0;
  double max_us = 0.0;
  double relative_error = 0.0;  // of the checked call
  int calls_per_rep = 0;
  double spread() const { return median_us > 0.0 ? (max_us - min_us) / median_us : 0.0; }
};

struct GpuComparison {
  std::vector<GpuTiming> contenders;   // in the order given
  std::vector<double> ratio_to_first;  // median of time_i / time_0 per round; 0 where untimed
  int rounds = 0;
};

// `reference`: device, dense m x n fp32, ReferenceGemm of operands.Args(0).
// `stream`: the cudaStream_t the contenders launch on.
Result<GpuComparison> CompareOnGpu(std::span<const GpuContender> contenders, const GpuOperands& operands,
                                   const float* reference, void* stream, const GpuMeasureOptions& options);

}  // namespace tv::gemm::cuda
