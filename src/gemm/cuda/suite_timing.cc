#include "gemm/cuda/suite_timing.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <utility>

#include "core/int_math.h"
#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/gpu_reference.h"
#include "gemm/cuda/kernel_menu.h"

namespace tv::gemm::cuda {
namespace {

// The operands of one shape and their float64 reference product.
struct ShapeSetup {
  GpuOperands operands;
  DeviceBuffer reference;
};

Result<ShapeSetup> Prepare(CudaGemm& gemm, const CudaSuiteShape& shape, const SuiteOptions& options) {
  Result<GpuOperands> operands = GpuOperands::Create(
      shape.m, shape.n, shape.k, options.dtype, gemm.device().gpu_l2_bytes, options.operands, gemm.stream());
  if (!operands.ok()) return operands.status();
  Result<DeviceBuffer> reference =
      DeviceBuffer::Allocate(static_cast<size_t>(std::max<int64_t>(1, shape.m * shape.n)) * sizeof(float));
  if (!reference.ok()) return reference.status();
  TV_RETURN_IF_ERROR(ReferenceGemm(operands->Args(0), static_cast<float*>(reference->get()), gemm.stream()));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(static_cast<cudaStream_t>(gemm.stream())),
                                "the reference product of " + shape.name));
  return ShapeSetup{std::move(*operands), std::move(*reference)};
}

GpuContender OursWith(CudaGemm& gemm, const LegalConfig& legal) {
  return {ConfigName(legal), [&gemm, legal](const CudaGemmArgs& args) { return gemm.RunLegal(args, legal); }};
}

GpuContender CublasContender(CublasGemm* cublas) {
  return {"cublas", [cublas](const CudaGemmArgs& args) { return cublas->Run(args); }};
}

}  // namespace

Result<std::vector<SuiteShapeResult>> TimeSuite(CudaGemm& gemm, CublasGemm* cublas,
                                                std::span<const CudaSuiteShape> shapes,
                                                const TileChooser& chooser, const SuiteOptions& options) {
  std::vector<SuiteShapeResult> results;
  for (const CudaSuiteShape& shape : shapes) {
    SuiteShapeResult record;
    record.shape = shape;
    record.cublas.name = "cublas";
    record.cublas.status = Status::Unavailable("no cuBLAS peer was asked for");
    const CudaProblem problem{shape.m, shape.n, shape.k, options.dtype, MaxVectorDense(shape.n, shape.k)};
    Result<LegalConfig> legal = gemm.Legalize(chooser(shape.m, shape.n, shape.k, gemm.device()), problem);
    if (!legal.ok()) {
      record.ours.status = legal.status();
      results.push_back(std::move(record));
      continue;
    }
    record.config = ConfigName(*legal);
    record.tiles = ToTileConfig(*legal);
    Result<ShapeSetup> setup = Prepare(gemm, shape, options);
    if (!setup.ok()) {
      record.ours.status = setup.status();
      results.push_back(std::move(record));
      continue;
    }
    std::vector<GpuContender> contenders = {OursWith(gemm, *legal)};
    if (cublas != nullptr) contenders.push_back(CublasContender(cublas));
    Result<GpuComparison> comparison =
        CompareOnGpu(contenders, setup->operands, static_cast<const float*>(setup->reference.get()),
                     gemm.stream(), options.measure);
    if (!comparison.ok()) return comparison.status();
    record.ours = comparison->contenders[0];
    if (cublas != nullptr) {
      record.cublas = comparison->contenders[1];
      record.speedup_vs_cublas = comparison->ratio_to_first[1];
    }
    results.push_back(std::move(record));
  }
  return results;
}

std::vector<LegalConfig> OracleCandidates(const CudaProblem& problem, const tv_device_info& device) {
  const int64_t sms = device.gpu_sm_count > 0 ? device.gpu_sm_count : 100;
  std::vector<LegalConfig> candidates;
  // Operands that do not allow 16-byte copies: the narrow-copy kernels on them
  // as they are, and the 16-byte menu on aligned copies.
  const std::vector<int32_t> packs =
      problem.vector < 8 ? std::vector<int32_t>{TV_PACK_OFF, TV_PACK_ON} : std::vector<int32_t>{TV_PACK_OFF};
  for (int32_t pack : packs) {
    const CudaProblem kernel_problem = KernelProblem(problem, pack == TV_PACK_ON);
    int widest = 0;
    for (const KernelInstance& instance : Menu()) {
      if (CanImplement(instance, kernel_problem, device).ok()) widest = std::max(widest, instance.vector);
    }
    const tv_tile_config defaults = DefaultTiles(kernel_problem, device);
    for (const KernelInstance& instance : Menu()) {
      if (instance.vector != widest || !CanImplement(instance, kernel_problem, device).ok()) continue;
      const int64_t row_tiles = CeilDiv(std::max<int64_t>(problem.m, 1), instance.bm);
      // The stream kernel reads all of B once per row tile: a candidate only where that is a few reads.
      if (instance.family == TV_GPU_KERNEL_STREAM && row_tiles > 4) continue;
      const int64_t ctas = row_tiles * CeilDiv(std::max<int64_t>(kernel_problem.n, 1), instance.bn);
      const int64_t k_tiles = CeilDiv(std::max<int64_t>(kernel_problem.k, 1), instance.bk);
      for (int split : {1, 2, 4, 8, 16}) {
        if (split > 1 && (ctas >= 2 * sms || k_tiles / split < 4)) break;
        tv_tile_config tiles{};
        tiles.mc = instance.bm;
        tiles.nc = instance.bn;
        tiles.kc = instance.bk;
        tiles.warp_m = instance.wm;
        tiles.warp_n = instance.wn;
        tiles.stages = instance.stages;
        tiles.gpu_kernel = instance.family;
        tiles.split_k = split;
        tiles.swizzle = row_tiles >= 8 ? defaults.swizzle : 0;
        tiles.pack_b = pack;
        Result<LegalConfig> legal = Legalize(tiles, problem, device);
        if (legal.ok() && legal->instance == &instance) candidates.push_back(*legal);
      }
    }
  }
  return candidates;
}

Result<std::vector<OracleShapeResult>> OracleSuite(CudaGemm& gemm, CublasGemm* cublas,
                                                   std::span<const CudaSuiteShape> shapes,
                                                   const SuiteOptions& options) {
  std::vector<OracleShapeResult> results;
  for (const CudaSuiteShape& shape : shapes) {
    OracleShapeResult record;
    record.shape = shape;
    record.cublas.name = "cublas";
    record.cublas.status = Status::Unavailable("no cuBLAS peer was asked for");
    const CudaProblem problem{shape.m, shape.n, shape.k, options.dtype, MaxVectorDense(shape.n, shape.k)};
    std::vector<LegalConfig> candidates = OracleCandidates(problem, gemm.device());
    Result<ShapeSetup> setup = Prepare(gemm, shape, options);
    if (!setup.ok()) return setup.status();
    std::vector<GpuContender> contenders;
    for (const LegalConfig& legal : candidates) contenders.push_back(OursWith(gemm, legal));
    if (cublas != nullptr) contenders.push_back(CublasContender(cublas));
    Result<GpuComparison> comparison =
        CompareOnGpu(contenders, setup->operands, static_cast<const float*>(setup->reference.get()),
                     gemm.stream(), options.measure);
    if (!comparison.ok()) return comparison.status();
    for (size_t i = 0; i < candidates.size(); ++i) {
      const GpuTiming& timing = comparison->contenders[i];
      record.configs.push_back(timing);
      if (timing.status.ok() && timing.median_us > 0.0 &&
          (record.best < 0 || timing.median_us < record.configs[record.best].median_us)) {
        record.best = static_cast<int>(i);
      }
    }
    if (cublas != nullptr) record.cublas = comparison->contenders.back();
    results.push_back(std::move(record));
  }
  return results;
}

}  // namespace tv::gemm::cuda
