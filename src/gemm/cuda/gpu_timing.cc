#include "gemm/cuda/gpu_timing.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/gpu_reference.h"

namespace tv::gemm::cuda {
namespace {

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

class EventPair {
 public:
  EventPair() {
    cudaEventCreate(&start_);
    cudaEventCreate(&stop_);
  }
  ~EventPair() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  EventPair(const EventPair&) = delete;
  EventPair& operator=(const EventPair&) = delete;

  // Milliseconds of `calls` back-to-back runs, operand sets in turn from `*next_set`.
  Result<double> Time(const GpuRunner& run, const GpuOperands& operands, int calls, int* next_set,
                      cudaStream_t stream) {
    TV_RETURN_IF_ERROR(CudaStatus(cudaEventRecord(start_, stream), "cudaEventRecord"));
    for (int i = 0; i < calls; ++i) {
      TV_RETURN_IF_ERROR(run(operands.Args(*next_set)));
      *next_set = (*next_set + 1) % operands.sets();
    }
    TV_RETURN_IF_ERROR(CudaStatus(cudaEventRecord(stop_, stream), "cudaEventRecord"));
    TV_RETURN_IF_ERROR(CudaStatus(cudaEventSynchronize(stop_), "a timed repetition"));
    float ms = 0.0f;
    TV_RETURN_IF_ERROR(CudaStatus(cudaEventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime"));
    return static_cast<double>(ms);
  }

 private:
  cudaEvent_t start_ = nullptr;
  cudaEvent_t stop_ = nullptr;
};

Status Check(const GpuContender& contender, const GpuOperands& operands, const float* reference,
             cudaStream_t stream, double tolerance, double* relative_error) {
  const CudaGemmArgs& args = operands.Args(0);
  TV_RETURN_IF_ERROR(FillNaN(args.c, args.m, args.n, args.ldc, args.dtype, stream));
  TV_RETURN_IF_ERROR(contender.run(args));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(stream), contender.name));
  Result<ErrorReport> error = RelativeError(args, reference, stream);
  if (!error.ok()) return error.status();
  *relative_error = error->relative_error;
  if (error->non_finite > 0) {
    return Status::Internal(contender.name + " left " + std::to_string(error->non_finite) +
                            " entries of C NaN or infinite (unwritten?)");
  }
  if (error->relative_error > tolerance) {
    return Status::Internal(contender.name + " is wrong: relative error " +
                            std::to_string(error->relative_error) + " > " + std::to_string(tolerance));
  }
  return Status::Ok();
}

}  // namespace

Result<GpuComparison> CompareOnGpu(std::span<const GpuContender> contenders, const GpuOperands& operands,
                                   const float* reference, void* stream_handle,
                                   const GpuMeasureOptions& options) {
  auto stream = static_cast<cudaStream_t>(stream_handle);
  GpuComparison result;
  EventPair events;
  int next_set = 0;
  for (const GpuContender& contender : contenders) {
    GpuTiming timing;
    timing.name = contender.name;
    timing.status = Check(contender, operands, reference, stream, options.tolerance, &timing.relative_error);
    if (timing.status.ok()) {
      Result<double> warm =
          events.Time(contender.run, operands, std::max(1, options.warmup_calls), &next_set, stream);
      int calls = 1;
      while (warm.ok()) {
        warm = events.Time(contender.run, operands, calls, &next_set, stream);
        if (!warm.ok() || *warm >= options.min_rep_ms || calls >= options.max_calls_per_rep) break;
        const double scale = *warm > 0.0 ? options.min_rep_ms / *warm : 2.0;
        calls = std::min(options.max_calls_per_rep,
                         std::max(calls * 2, static_cast<int>(calls * scale * 1.2) + 1));
      }
      if (!warm.ok()) timing.status = warm.status();
      timing.calls_per_rep = calls;
    }
    result.contenders.push_back(timing);
  }
  const size_t count = contenders.size();
  std::vector<std::vector<double>> per_call(count);
  std::vector<std::vector<double>> ratios(count);
  for (int round = 0; round < options.reps; ++round) {
    std::vector<double> this_round(count, 0.0);
    for (size_t j = 0; j < count; ++j) {
      const size_t i = (j + static_cast<size_t>(round)) % count;
      GpuTiming& timing = result.contenders[i];
      if (!timing.status.ok()) continue;
      Result<double> ms = events.Time(contenders[i].run, operands, timing.calls_per_rep, &next_set, stream);
      if (!ms.ok()) {
        timing.status = ms.status();
        continue;
      }
      this_round[i] = *ms * 1000.0 / timing.calls_per_rep;
      per_call[i].push_back(this_round[i]);
    }
    for (size_t i = 0; i < count; ++i) {
      if (this_round[i] > 0.0 && this_round[0] > 0.0) ratios[i].push_back(this_round[i] / this_round[0]);
    }
    ++result.rounds;
  }
  for (size_t i = 0; i < count; ++i) {
    GpuTiming& timing = result.contenders[i];
    if (timing.status.ok() && !per_call[i].empty()) {
      timing.median_us = Median(per_call[i]);
      timing.min_us = *std::min_element(per_call[i].begin(), per_call[i].end());
      timing.max_us = *std::max_element(per_call[i].begin(), per_call[i].end());
    }
    result.ratio_to_first.push_back(Median(ratios[i]));
  }
  return result;
}

}  // namespace tv::gemm::cuda
