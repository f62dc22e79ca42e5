#include "gemm/cuda/suite_pairing.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/gpu_reference.h"

namespace tv::gemm::cuda {

PairedShape::PairedShape(CudaGemm& gemm, CudaSuiteShape shape, CudaProblem problem, GpuOperands operands,
                         DeviceBuffer reference)
    : gemm_(gemm),
      shape_(std::move(shape)),
      problem_(problem),
      operands_(std::move(operands)),
      reference_(std::move(reference)) {}

Result<std::unique_ptr<PairedShape>> PairedShape::Prepare(CudaGemm& gemm, const CudaSuiteShape& shape,
                                                          const SuiteOptions& options) {
  if (shape.m < 1 || shape.n < 1 || shape.k < 1) {
    return Status::InvalidArgument("shape " + shape.name +
                                   " has a size below 1; every suite size must be >= 1");
  }
  const CudaProblem problem{shape.m, shape.n, shape.k, options.dtype, MaxVectorDense(shape.n, shape.k)};
  Result<GpuOperands> operands = GpuOperands::Create(
      shape.m, shape.n, shape.k, options.dtype, gemm.device().gpu_l2_bytes, options.operands, gemm.stream());
  if (!operands.ok()) return operands.status();
  Result<DeviceBuffer> reference =
      DeviceBuffer::Allocate(static_cast<size_t>(shape.m * shape.n) * sizeof(float));
  if (!reference.ok()) return reference.status();
  TV_RETURN_IF_ERROR(ReferenceGemm(operands->Args(0), static_cast<float*>(reference->get()), gemm.stream()));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(static_cast<cudaStream_t>(gemm.stream())),
                                "the reference product of " + shape.name));
  return std::unique_ptr<PairedShape>(
      new PairedShape(gemm, shape, problem, std::move(*operands), std::move(*reference)));
}

Result<PairedGpuResult> PairedShape::Compare(const LegalConfig& baseline, const LegalConfig& candidate,
                                             const GpuMeasureOptions& options) {
  CudaGemm* gemm = &gemm_;
  const std::vector<GpuContender> contenders = {
      {"baseline " + ConfigName(baseline),
       [gemm, baseline](const CudaGemmArgs& args) { return gemm->RunLegal(args, baseline); }},
      {ConfigName(candidate),
       [gemm, candidate](const CudaGemmArgs& args) { return gemm->RunLegal(args, candidate); }},
  };
  Result<GpuComparison> comparison = CompareOnGpu(
      contenders, operands_, static_cast<const float*>(reference_.get()), gemm_.stream(), options);
  if (!comparison.ok()) return comparison.status();
  PairedGpuResult result;
  result.baseline = comparison->contenders[0];
  result.candidate = comparison->contenders[1];
  const double ratio = comparison->ratio_to_first[1];  // median of t_candidate / t_baseline
  if (result.baseline.status.ok() && result.candidate.status.ok() && ratio > 0) {
    result.speedup = 1.0 / ratio;
    result.spread = std::max(result.baseline.spread(), result.candidate.spread());
  }
  return result;
}

}  // namespace tv::gemm::cuda
