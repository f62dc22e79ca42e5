#include "gemm/cuda/cuda_gemm.h"

#include <cuda_runtime_api.h>

#include <string>

#include "device/cuda/cuda_device_info.h"
#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/splitk_reduce.h"

namespace tv::gemm::cuda {

struct CudaGemm::Impl {
  int ordinal = 0;
  tv_device_info device{};
  cudaStream_t stream = nullptr;
  void* workspace = nullptr;  // split-K partial sums
  size_t workspace_bytes = 0;

  Status EnsureWorkspace(size_t bytes) {
    if (bytes <= workspace_bytes) return Status::Ok();
    if (workspace != nullptr) {
      TV_RETURN_IF_ERROR(
          CudaStatus(cudaStreamSynchronize(stream), "synchronize before growing the workspace"));
      TV_RETURN_IF_ERROR(CudaStatus(cudaFree(workspace), "cudaFree(split-K workspace)"));
      workspace = nullptr;
      workspace_bytes = 0;
    }
    TV_RETURN_IF_ERROR(CudaStatus(cudaMalloc(&workspace, bytes),
                                  "cudaMalloc(" + std::to_string(bytes) + " bytes of split-K workspace)"));
    workspace_bytes = bytes;
    return Status::Ok();
  }
};

CudaGemm::CudaGemm() : impl_(std::make_unique<Impl>()) {}

CudaGemm::~CudaGemm() {
  if (impl_->workspace != nullptr) cudaFree(impl_->workspace);
  if (impl_->stream != nullptr) cudaStreamDestroy(impl_->stream);
}

Result<std::unique_ptr<CudaGemm>> CudaGemm::Create(int ordinal) {
  std::unique_ptr<CudaGemm> gemm(new CudaGemm());
  TV_RETURN_IF_ERROR(device::FillCudaDeviceInfo(&gemm->impl_->device, ordinal));
  if (gemm->impl_->device.gpu_count == 0) {
    return Status::Unavailable("no CUDA GPU: " + device::CudaUnavailableReason());
  }
  gemm->impl_->ordinal = ordinal;
  TV_RETURN_IF_ERROR(CudaStatus(cudaSetDevice(ordinal), "cudaSetDevice(" + std::to_string(ordinal) + ")"));
  TV_RETURN_IF_ERROR(
      CudaStatus(cudaStreamCreateWithFlags(&gemm->impl_->stream, cudaStreamNonBlocking), "cudaStreamCreate"));
  return gemm;
}

Status ValidateArgs(const CudaGemmArgs& args) {
  auto bad = [](const std::string& what, int64_t value, const std::string& rule) {
    return Status::InvalidArgument("GEMM argument " + what + " = " + std::to_string(value) + ": " + rule);
  };
  if (args.m < 0) return bad("m", args.m, "must be >= 0");
  if (args.n < 0) return bad("n", args.n, "must be >= 0");
  if (args.k < 0) return bad("k", args.k, "must be >= 0");
  if (args.lda < (args.k > 0 ? args.k : 1))
    return bad("lda", args.lda, "must be >= max(1, k) (A is m x k, row-major)");
  if (args.ldb < (args.n > 0 ? args.n : 1))
    return bad("ldb", args.ldb, "must be >= max(1, n) (B is k x n, row-major)");
  if (args.ldc < (args.n > 0 ? args.n : 1))
    return bad("ldc", args.ldc, "must be >= max(1, n) (C is m x n, row-major)");
  if (args.m > 0 && args.n > 0) {
    if (args.c == nullptr) return Status::InvalidArgument("GEMM argument c is null");
    if (args.k > 0 && (args.a == nullptr || args.b == nullptr)) {
      return Status::InvalidArgument("GEMM argument a or b is null");
    }
  }
  return Status::Ok();
}

Status CudaGemm::Run(const CudaGemmArgs& args, const tv_tile_config& tiles) {
  TV_RETURN_IF_ERROR(ValidateArgs(args));
  Result<LegalConfig> legal = Legalize(tiles, ProblemOf(args));
  if (!legal.ok()) return legal.status();
  return RunLegal(args, *legal);
}

Status CudaGemm::RunLegal(const CudaGemmArgs& args, const LegalConfig& legal) {
  if (args.m == 0 || args.n == 0) return Status::Ok();
  const KernelInstance& instance = *legal.instance;
  kernels::MmaGemmParams params;
  params.m = static_cast<int>(args.m);
  params.n = static_cast<int>(args.n);
  params.k = static_cast<int>(args.k);
  params.a = args.a;
  params.b = args.b;
  params.c = args.c;
  params.lda = args.lda;
  params.ldb = args.ldb;
  params.ldc = args.ldc;
  params.alpha = args.alpha;
  params.beta = args.beta;
  params.k_tiles_per_split = legal.k_tiles_per_split;
  params.swizzle_log2 = legal.swizzle;
  const int64_t tiles =
      ((args.m + instance.bm - 1) / instance.bm) * ((args.n + instance.bn - 1) / instance.bn);
  if (legal.split_k > 1) {
    TV_RETURN_IF_ERROR(
        impl_->EnsureWorkspace(static_cast<size_t>(legal.split_k) * args.m * args.n * sizeof(float)));
    params.partial = static_cast<float*>(impl_->workspace);
  }
  TV_RETURN_IF_ERROR(
      CudaStatus(instance.launch(params, static_cast<int>(tiles), legal.split_k, impl_->stream),
                 "launch of " + ConfigName(legal)));
  if (legal.split_k > 1) {
    kernels::SplitKReduceParams reduce;
    reduce.m = params.m;
    reduce.n = params.n;
    reduce.split = legal.split_k;
    reduce.partial = params.partial;
    reduce.c = args.c;
    reduce.ldc = args.ldc;
    reduce.alpha = args.alpha;
    reduce.beta = args.beta;
    reduce.dtype = args.dtype;
    TV_RETURN_IF_ERROR(CudaStatus(kernels::LaunchSplitKReduce(reduce, impl_->stream),
                                  "launch of the split-K reduction of " + ConfigName(legal)));
  }
  return Status::Ok();
}

Result<LegalConfig> CudaGemm::Legalize(const tv_tile_config& requested, const CudaProblem& problem) const {
  return cuda::Legalize(requested, problem, impl_->device);
}

Status CudaGemm::Synchronize() { return CudaStatus(cudaStreamSynchronize(impl_->stream), "GEMM stream"); }

const tv_device_info& CudaGemm::device() const { return impl_->device; }
void* CudaGemm::stream() const { return impl_->stream; }
int CudaGemm::ordinal() const { return impl_->ordinal; }

}  // namespace tv::gemm::cuda
