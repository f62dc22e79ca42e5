// Candidate tiles against the baseline heuristic's, side by side on one shape
// (DESIGN.md rule 4, the GPU half of bench/paired_measurer.h): the evaluator of
// `tilevolve eval|evolve --backend cuda` keeps one PairedShape per suite shape
// (operands and the float64 reference are made once) and times every pair of
// legalized configurations through one CompareOnGpu, baseline first.
//
//   Result<std::unique_ptr<PairedShape>> shape = PairedShape::Prepare(gemm, {"decode", 1, 4096, 4096}, {});
//   Result<PairedGpuResult> r = (*shape)->Compare(baseline_legal, candidate_legal, {});
//   // r->speedup = median over rounds of t_baseline / t_candidate (> 1: the candidate is faster)
#pragma once

#include <memory>

#include "core/status.h"
#include "gemm/cuda/cuda_gemm.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/gpu_operands.h"
#include "gemm/cuda/gpu_timing.h"
#include "gemm/cuda/legalize.h"
#include "gemm/cuda/suite_timing.h"

namespace tv::gemm::cuda {

struct PairedGpuResult {
  GpuTiming baseline;   // contender 0; status not ok: the baseline failed its check (a tilevolve bug)
  GpuTiming candidate;  // status not ok: failed the check against the reference, or its launch
  double speedup = 0;   // median of the per-round paired t_baseline / t_candidate; 0 when either failed
  // The larger of the two contenders' spreads ((max - min) / median of their rounds):
  // CompareOnGpu reports the paired ratio's median, not its spread.
  double spread = 0;
};

class PairedShape {
 public:
  // Makes the operand sets and the reference product of `shape` on gemm's device.
  // `gemm` must outlive the PairedShape.
  static Result<std::unique_ptr<PairedShape>> Prepare(CudaGemm& gemm, const CudaSuiteShape& shape,
                                                      const SuiteOptions& options);

  // REQUIRES: both came from gemm.Legalize for this shape's problem.
  // Checks both, then times them interleaved (one timing at a time).
  // Fails only when the GPU itself fails.
  Result<PairedGpuResult> Compare(const LegalConfig& baseline, const LegalConfig& candidate,
                                  const GpuMeasureOptions& options);

  const CudaSuiteShape& shape() const { return shape_; }
  const CudaProblem& problem() const { return problem_; }

 private:
  PairedShape(CudaGemm& gemm, CudaSuiteShape shape, CudaProblem problem, GpuOperands operands,
              DeviceBuffer reference);
  CudaGemm& gemm_;
  CudaSuiteShape shape_;
  CudaProblem problem_;
  GpuOperands operands_;
  DeviceBuffer reference_;  // m x n fp32, ReferenceGemm of operands_.Args(0)
};

}  // namespace tv::gemm::cuda
