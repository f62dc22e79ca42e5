#include "gemm/cuda/menu_check.h"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/gpu_reference.h"
#include "gemm/cuda/kernel_menu.h"

namespace tv::gemm::cuda {
namespace {

constexpr int64_t kElement = 2;

// The operands of one case: buffers, args, the C input and its reference.
struct CaseData {
  DeviceBuffer a;
  DeviceBuffer b;
  DeviceBuffer c;
  DeviceBuffer reference;
  CudaGemmArgs args;
  std::vector<uint16_t> c_input;  // the whole C buffer before any run
};

Result<CaseData> MakeCase(const CheckCase& check, DType dtype, uint64_t seed, cudaStream_t stream) {
  CaseData data;
  CudaGemmArgs& args = data.args;
  args.dtype = dtype;
  args.m = check.m;
  args.n = check.n;
  args.k = check.k;
  args.alpha = check.alpha;
  args.beta = check.beta;
  args.lda = std::max<int64_t>(check.k, 1) + check.pad;
  args.ldb = std::max<int64_t>(check.n, 1) + check.pad;
  args.ldc = std::max<int64_t>(check.n, 1) + check.pad;
  const int64_t a_elems = check.offset + std::max<int64_t>(check.m, 1) * args.lda;
  const int64_t b_elems = check.offset + std::max<int64_t>(check.k, 1) * args.ldb;
  const int64_t c_elems = check.offset + std::max<int64_t>(check.m, 1) * args.ldc;
  for (auto [buffer, elems] : {std::pair{&data.a, a_elems}, {&data.b, b_elems}, {&data.c, c_elems}}) {
    Result<DeviceBuffer> allocated = DeviceBuffer::Allocate(static_cast<size_t>(elems * kElement));
    if (!allocated.ok()) return allocated.status();
    *buffer = std::move(*allocated);
    TV_RETURN_IF_ERROR(FillRandom(buffer->get(), elems, dtype, seed++, stream));
  }
  args.a = static_cast<const char*>(data.a.get()) + check.offset * kElement;
  args.b = static_cast<const char*>(data.b.get()) + check.offset * kElement;
  args.c = static_cast<char*>(data.c.get()) + check.offset * kElement;
  Result<DeviceBuffer> reference =
      DeviceBuffer::Allocate(static_cast<size_t>(std::max<int64_t>(1, check.m * check.n)) * sizeof(float));
  if (!reference.ok()) return reference.status();
  data.reference = std::move(*reference);
  TV_RETURN_IF_ERROR(ReferenceGemm(args, static_cast<float*>(data.reference.get()), stream));
  if (check.beta == 0.0f) TV_RETURN_IF_ERROR(FillNaN(args.c, args.m, args.n, args.ldc, dtype, stream));
  data.c_input.resize(static_cast<size_t>(c_elems));
  TV_RETURN_IF_ERROR(CudaStatus(
      cudaMemcpyAsync(data.c_input.data(), data.c.get(), c_elems * kElement, cudaMemcpyDeviceToHost, stream),
      "copy of C"));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(stream), "the reference of a check case"));
  return data;
}

// Ok when every element of the C buffer outside the m x n product is as before.
Status CheckUntouched(const CaseData& data, const CheckCase& check, cudaStream_t stream) {
  std::vector<uint16_t> after(data.c_input.size());
  TV_RETURN_IF_ERROR(CudaStatus(
      cudaMemcpyAsync(after.data(), data.c.get(), after.size() * kElement, cudaMemcpyDeviceToHost, stream),
      "copy of C"));
  TV_RETURN_IF_ERROR(CudaStatus(cudaStreamSynchronize(stream), "copy of C"));
  for (size_t i = 0; i < after.size(); ++i) {
    const int64_t e = static_cast<int64_t>(i) - check.offset;
    const bool inside = e >= 0 && e / data.args.ldc < check.m && e % data.args.ldc < check.n;
    if (!inside && after[i] != data.c_input[i]) {
      return Status::Internal("wrote outside C's m x n: element " + std::to_string(e) + " of the buffer");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string CheckCase::Text() const {
  std::string text = std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
  if (pad != 0) text += " pad " + std::to_string(pad);
  if (offset != 0) text += " offset " + std::to_string(offset);
  if (alpha != 1.0f || beta != 0.0f)
    text += " alpha " + std::to_string(alpha) + " beta " + std::to_string(beta);
  return text;
}

std::vector<CheckCase> StandardCheckCases() {
  std::vector<CheckCase> cases = {
      {1, 1, 1},       {1, 64, 64},     {1, 4096, 512},   {7, 13, 5},         {16, 128, 64},
      {17, 33, 40},    {64, 64, 64},    {100, 200, 300},  {127, 129, 130},    {128, 256, 512},
      {255, 257, 263}, {1, 1000, 1000}, {33, 72, 1000},   {300, 500, 70},     {129, 36, 44},
      {5, 7, 0},       {16, 256, 2048}, {300, 520, 1000}, {130, 260, 136, 8}, {65, 90, 72, 0, 1},
      {12, 264, 1000}, {9, 136, 520},
  };
  cases.push_back({70, 136, 200, 0, 0, 0.5f, -1.5f});
  cases.push_back({3, 50, 30, 2, 0, 2.0f, 1.0f});
  return cases;
}

Result<CheckSummary> CheckMenu(CudaGemm& gemm, const std::vector<CheckCase>& cases,
                               const CheckOptions& options) {
  auto stream = static_cast<cudaStream_t>(gemm.stream());
  CheckSummary summary;
  uint64_t seed = 7;
  for (const CheckCase& check : cases) {
    Result<CaseData> data = MakeCase(check, options.dtype, seed, stream);
    seed += 3;
    if (!data.ok()) return data.status();
    const CudaProblem problem = ProblemOf(data->args);
    // Whether options.pack_b copies this case's operands aligned, and so which
    // instances can run it.
    tv_tile_config copies{};
    copies.pack_b = options.pack_b;
    Result<LegalConfig> copies_legal = gemm.Legalize(copies, problem);
    if (!copies_legal.ok() && copies_legal.status().code() == StatusCode::kUnavailable)
      continue;  // no such kernels
    if (!copies_legal.ok()) return copies_legal.status();
    const CudaProblem kernel_problem = KernelProblem(problem, copies_legal->aligned_copies);
    for (const KernelInstance& instance : Menu()) {
      if (options.filter && !options.filter(instance.name)) continue;
      if (!CanImplement(instance, kernel_problem, gemm.device()).ok()) continue;
      for (int split : options.splits) {
        tv_tile_config tiles{};
        tiles.mc = instance.bm;
        tiles.nc = instance.bn;
        tiles.kc = instance.bk;
        tiles.warp_m = instance.wm;
        tiles.warp_n = instance.wn;
        tiles.stages = instance.stages;
        tiles.gpu_kernel = instance.family;
        tiles.split_k = split;
        tiles.swizzle = split == 1 ? 2 : 0;
        tiles.pack_b = options.pack_b;
        Result<LegalConfig> legal = gemm.Legalize(tiles, problem);
        if (!legal.ok()) return legal.status();
        if (legal->instance != &instance) continue;  // snapped to a wider copy: checked as that one
        const std::string config = ConfigName(*legal);
        TV_RETURN_IF_ERROR(
            CudaStatus(cudaMemcpyAsync(data->c.get(), data->c_input.data(), data->c_input.size() * kElement,
                                       cudaMemcpyHostToDevice, stream),
                       "restore C"));
        ++summary.runs;
        if (std::find(summary.instances_run.begin(), summary.instances_run.end(), instance.name) ==
            summary.instances_run.end()) {
          summary.instances_run.push_back(instance.name);
        }
        Status status = gemm.RunLegal(data->args, *legal);
        if (status.ok()) status = gemm.Synchronize();
        if (!status.ok()) {
          summary.failures.push_back({config, check.Text(), status.message()});
          if (status.message().find("launch") == std::string::npos) return status;  // the context is gone
          continue;
        }
        Result<ErrorReport> error =
            RelativeError(data->args, static_cast<const float*>(data->reference.get()), stream);
        if (!error.ok()) return error.status();
        if (error->non_finite > 0 || error->relative_error > options.tolerance) {
          summary.failures.push_back({config, check.Text(),
                                      "relative error " + std::to_string(error->relative_error) + ", " +
                                          std::to_string(error->non_finite) + " non-finite"});
        } else if (Status untouched = CheckUntouched(*data, check, stream); !untouched.ok()) {
          summary.failures.push_back({config, check.Text(), untouched.message()});
        }
        if (error->relative_error > summary.worst_error) {
          summary.worst_error = error->relative_error;
          summary.worst_config = config + " on " + check.Text();
        }
      }
    }
  }
  return summary;
}

}  // namespace tv::gemm::cuda
