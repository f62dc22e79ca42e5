#include "bench_modes.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gemm/cuda/cublas_gemm.h"
#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/cuda_gemm.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/kernel_menu.h"
#include "gemm/cuda/legalize.h"
#include "gemm/cuda/menu_check.h"
#include "gemm/cuda/suite_timing.h"
#include "tilevolve/heuristic.h"

namespace tv::bench::cuda {
namespace {

using gemm::cuda::CublasGemm;
using gemm::cuda::CudaGemm;
using gemm::cuda::GpuTiming;

double Tflops(const gemm::cuda::CudaSuiteShape& shape, double us) {
  if (us <= 0.0) return 0.0;
  return 2.0 * static_cast<double>(shape.m) * static_cast<double>(shape.n) * static_cast<double>(shape.k) /
         us * 1e-6;
}

// Bytes of A, B and C once each over the time (what decode is bound by), GB/s.
double GBps(const gemm::cuda::CudaSuiteShape& shape, double us) {
  if (us <= 0.0) return 0.0;
  const double bytes = 2.0 * static_cast<double>(shape.m * shape.k + shape.k * shape.n + shape.m * shape.n);
  return bytes / us * 1e-3;
}

nlohmann::json TimingJson(const gemm::cuda::CudaSuiteShape& shape, const GpuTiming& t) {
  nlohmann::json j = {{"name", t.name}, {"ok", t.status.ok()}};
  if (!t.status.ok()) {
    j["error"] = t.status.message();
    return j;
  }
  j["median_us"] = t.median_us;
  j["min_us"] = t.min_us;
  j["max_us"] = t.max_us;
  j["spread"] = t.spread();
  j["tflops"] = Tflops(shape, t.median_us);
  j["gbps"] = GBps(shape, t.median_us);
  j["relative_error"] = t.relative_error;
  j["calls_per_rep"] = t.calls_per_rep;
  return j;
}

nlohmann::json ShapeJson(const gemm::cuda::CudaSuiteShape& shape) {
  return {{"name", shape.name}, {"m", shape.m}, {"n", shape.n}, {"k", shape.k}};
}

// Device-to-device copy of 1 GiB, (read + write) bytes per second, median of 7.
Result<double> CopyBandwidth(void* stream_handle) {
  auto stream = static_cast<cudaStream_t>(stream_handle);
  constexpr size_t kBytes = size_t{1} << 30;
  Result<gemm::cuda::DeviceBuffer> src = gemm::cuda::DeviceBuffer::Allocate(kBytes);
  if (!src.ok()) return src.status();
  Result<gemm::cuda::DeviceBuffer> dst = gemm::cuda::DeviceBuffer::Allocate(kBytes);
  if (!dst.ok()) return dst.status();
  TV_RETURN_IF_ERROR(gemm::cuda::CudaStatus(cudaMemsetAsync(src->get(), 1, kBytes, stream), "cudaMemset"));
  cudaEvent_t start = nullptr;
  cudaEvent_t stop = nullptr;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  std::vector<double> rates;
  for (int i = 0; i < 8; ++i) {
    cudaEventRecord(start, stream);
    cudaMemcpyAsync(dst->get(), src->get(), kBytes, cudaMemcpyDeviceToDevice, stream);
    cudaEventRecord(stop, stream);
    TV_RETURN_IF_ERROR(gemm::cuda::CudaStatus(cudaEventSynchronize(stop), "the copy"));
    float ms = 0.0f;
    cudaEventElapsedTime(&ms, start, stop);
    if (i > 0) rates.push_back(2.0 * kBytes / (ms * 1e-3));  // the first call warms up
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

int RunInfo(CudaGemm& gemm, nlohmann::json& json) {
  const tv_device_info& d = gemm.device();
  int driver = 0;
  cudaDriverGetVersion(&driver);
  std::printf("GPU 0 of %d: %s, compute capability %d.%d, %d SMs, %lld MiB, L2 %lld MiB\n", d.gpu_count,
              d.gpu_name, d.gpu_cc_major, d.gpu_cc_minor, d.gpu_sm_count,
              static_cast<long long>(d.gpu_memory_bytes >> 20), static_cast<long long>(d.gpu_l2_bytes >> 20));
  std::printf(
      "shared memory %d B per block (opt-in), %d B per SM; %d registers per SM; DRAM peak %.0f GB/s\n",
      d.gpu_smem_per_block, d.gpu_smem_per_sm, d.gpu_regs_per_sm, d.gpu_memory_bandwidth * 1e-9);
  Result<double> copy = CopyBandwidth(gemm.stream());
  if (copy.ok()) std::printf("device-to-device copy of 1 GiB: %.0f GB/s (read + write)\n", *copy * 1e-9);
  std::printf("CUDA driver API %d; menu of %zu instances\n", driver, gemm::cuda::Menu().size());
  json["device"] = {{"gpu_name", d.gpu_name},
                    {"cc", std::to_string(d.gpu_cc_major) + "." + std::to_string(d.gpu_cc_minor)},
                    {"sm_count", d.gpu_sm_count},
                    {"smem_per_block", d.gpu_smem_per_block},
                    {"smem_per_sm", d.gpu_smem_per_sm},
                    {"regs_per_sm", d.gpu_regs_per_sm},
                    {"l2_bytes", d.gpu_l2_bytes},
                    {"memory_bytes", d.gpu_memory_bytes},
                    {"memory_bandwidth", d.gpu_memory_bandwidth},
                    {"driver_api_version", driver},
                    {"copy_bandwidth", copy.ok() ? *copy : 0.0}};
  return copy.ok() ? 0 : 1;
}

int RunCheck(CudaGemm& gemm, const BenchOptions& options, nlohmann::json& json) {
  int rc = 0;
  for (gemm::cuda::DType dtype : {gemm::cuda::DType::kBf16, gemm::cuda::DType::kFp16}) {
    gemm::cuda::CheckOptions check;
    check.dtype = dtype;
    if (options.aligned_copies) check.pack_b = TV_PACK_ON;
    const std::string filter = options.filter;
    if (!filter.empty())
      check.filter = [filter](const std::string& name) { return name.find(filter) != std::string::npos; };
    std::vector<gemm::cuda::CheckCase> cases = gemm::cuda::StandardCheckCases();
    if (options.small_cases) {
      std::erase_if(cases,
                    [](const gemm::cuda::CheckCase& c) { return c.m * c.n * c.k > (int64_t{1} << 21); });
    }
    Result<gemm::cuda::CheckSummary> summary = gemm::cuda::CheckMenu(gemm, cases, check);
    if (!summary.ok()) {
      std::printf("check %s: error: %s\n", gemm::cuda::DTypeName(dtype), summary.status().message().c_str());
      return 1;
    }
    std::printf("check %s: %d runs of %zu instances, %zu failures, worst relative error %.2e (%s)\n",
                gemm::cuda::DTypeName(dtype), summary->runs, summary->instances_run.size(),
                summary->failures.size(), summary->worst_error, summary->worst_config.c_str());
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : summary->failures) {
      std::printf("  FAIL %s on %s: %s\n", f.config.c_str(), f.check_case.c_str(), f.message.c_str());
      failures.push_back({{"config", f.config}, {"case", f.check_case}, {"message", f.message}});
    }
    json["check"][gemm::cuda::DTypeName(dtype)] = {{"runs", summary->runs},
                                                   {"instances", summary->instances_run},
                                                   {"worst_error", summary->worst_error},
                                                   {"failures", failures}};
    if (!summary->failures.empty()) rc = 1;
  }
  return rc;
}

gemm::cuda::SuiteOptions MakeSuiteOptions(const BenchOptions& options, int reps) {
  gemm::cuda::SuiteOptions suite;
  suite.dtype = options.dtype;
  suite.measure.reps = reps;
  return suite;
}

int RunOracle(CudaGemm& gemm, CublasGemm* cublas, const BenchOptions& options, nlohmann::json& json) {
  gemm::cuda::SuiteOptions suite = MakeSuiteOptions(options, std::max(3, options.reps / 2));
  suite.measure.warmup_calls = 2;
  std::printf("\n%-26s %9s %8s | %-40s %9s %8s %7s | %s\n", "shape (oracle)", "cuBLAS us", "TFLOP/s",
              "best config", "ours us", "TFLOP/s", "vs cuB", "candidates");
  double log_sum = 0.0;
  int counted = 0;
  for (const auto& shape : options.shapes) {
    Result<std::vector<gemm::cuda::OracleShapeResult>> result =
        gemm::cuda::OracleSuite(gemm, cublas, std::span(&shape, 1), suite);
    if (!result.ok()) {
      std::printf("%-26s error: %s\n", shape.name.c_str(), result.status().message().c_str());
      return 1;
    }
    const gemm::cuda::OracleShapeResult& r = result->front();
    nlohmann::json record = {{"shape", ShapeJson(shape)}, {"cublas", TimingJson(shape, r.cublas)}};
    nlohmann::json configs = nlohmann::json::array();
    int failed = 0;
    for (const GpuTiming& t : r.configs) {
      configs.push_back(TimingJson(shape, t));
      if (!t.status.ok()) {
        ++failed;
        std::printf("  FAIL %s: %s\n", t.name.c_str(), t.status.message().c_str());
      }
    }
    record["configs"] = configs;
    const GpuTiming* best = r.best >= 0 ? &r.configs[r.best] : nullptr;
    const double speed = best && r.cublas.median_us > 0 ? r.cublas.median_us / best->median_us : 0.0;
    if (speed > 0) {
      log_sum += std::log(speed);
      ++counted;
    }
    record["best"] = best ? best->name : "";
    record["best_speed_vs_cublas"] = speed;
    std::printf("%-26s %9.1f %8.1f | %-40s %9.1f %8.1f %7.3f | %zu (%d failed)\n", shape.name.c_str(),
                r.cublas.median_us, Tflops(shape, r.cublas.median_us), best ? best->name.c_str() : "-",
                best ? best->median_us : 0.0, best ? Tflops(shape, best->median_us) : 0.0, speed,
                r.configs.size(), failed);
    json["oracle"].push_back(record);
  }
  if (counted > 0)
    std::printf("oracle geomean speed vs cuBLAS: %.3f over %d shapes\n", std::exp(log_sum / counted),
                counted);
  return 0;
}

int RunSuite(CudaGemm& gemm, CublasGemm* cublas, const BenchOptions& options, const std::string& heuristic,
             const gemm::cuda::TileChooser& chooser, nlohmann::json& json) {
  const gemm::cuda::SuiteOptions suite = MakeSuiteOptions(options, options.reps);
  Result<std::vector<gemm::cuda::SuiteShapeResult>> results =
      gemm::cuda::TimeSuite(gemm, cublas, options.shapes, chooser, suite);
  if (!results.ok()) {
    std::printf("suite error: %s\n", results.status().message().c_str());
    return 1;
  }
  std::printf("\n%-26s %-40s %9s %7s %9s %7s %8s %7s\n", ("shape (" + heuristic + ")").c_str(), "config",
              "ours us", "spread", "cuBLAS us", "spread", "ours TF", "vs cuB");
  double log_sum = 0.0;
  int counted = 0;
  int rc = 0;
  for (const auto& r : *results) {
    if (!r.ours.status.ok()) {
      std::printf("%-26s FAIL %s\n", r.shape.name.c_str(), r.ours.status.message().c_str());
      rc = 1;
    }
    std::printf("%-26s %-40s %9.1f %6.1f%% %9.1f %6.1f%% %8.1f %7.3f\n", r.shape.name.c_str(),
                r.config.c_str(), r.ours.median_us, 100 * r.ours.spread(), r.cublas.median_us,
                100 * r.cublas.spread(), Tflops(r.shape, r.ours.median_us), r.speedup_vs_cublas);
    if (r.speedup_vs_cublas > 0) {
      log_sum += std::log(r.speedup_vs_cublas);
      ++counted;
    }
    json["suite"][heuristic].push_back({{"shape", ShapeJson(r.shape)},
                                        {"config", r.config},
                                        {"ours", TimingJson(r.shape, r.ours)},
                                        {"cublas", TimingJson(r.shape, r.cublas)},
                                        {"speedup_vs_cublas", r.speedup_vs_cublas}});
  }
  if (counted > 0) {
    std::printf("%s geomean speed vs cuBLAS (paired): %.3f over %d shapes\n", heuristic.c_str(),
                std::exp(log_sum / counted), counted);
  }
  return rc;
}

}  // namespace

int RunBench(const BenchOptions& options, nlohmann::json& json) {
  Result<std::unique_ptr<CudaGemm>> gemm = CudaGemm::Create();
  if (!gemm.ok()) {
    std::printf("no GPU: %s\n", gemm.status().message().c_str());
    return 3;
  }
  int rc = 0;
  if (options.info) rc |= RunInfo(**gemm, json);
  if (options.check) rc |= RunCheck(**gemm, options, json);
  if (options.oracle || options.suite) {
    Result<std::unique_ptr<CublasGemm>> cublas = CublasGemm::Create((*gemm)->stream());
    if (!cublas.ok()) {
      std::printf("cuBLAS: %s\n", cublas.status().message().c_str());
      return 1;
    }
    if (options.oracle) rc |= RunOracle(**gemm, cublas->get(), options, json);
    if (options.suite) {
      const gemm::cuda::DType dtype = options.dtype;
      rc |= RunSuite(
          **gemm, cublas->get(), options, "DefaultTiles",
          [dtype](int64_t m, int64_t n, int64_t k, const tv_device_info& device) {
            return gemm::cuda::DefaultTiles({m, n, k, dtype, gemm::cuda::MaxVectorDense(n, k)}, device);
          },
          json);
      // examples/gemm_tiling_cuda/initial_program.cpp, linked in (Generation 0 of the GPU example).
      rc |= RunSuite(
          **gemm, cublas->get(), options, "initial_program",
          [](int64_t m, int64_t n, int64_t k, const tv_device_info& device) {
            return choose_tile_size(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), &device);
          },
          json);
    }
  }
  return rc;
}

}  // namespace tv::bench::cuda
