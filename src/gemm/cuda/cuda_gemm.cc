#include "gemm/cuda/cuda_gemm.h"

#include <cuda_runtime_api.h>

#include <cstdint>
#include <string>

#include "core/int_math.h"
#include "device/cuda/cuda_device_info.h"
#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/splitk_reduce.h"

namespace tv::gemm::cuda {

namespace {

constexpr int64_t kElementBytes = 2;  // bf16 and fp16

bool Aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

}  // namespace

struct CudaGemm::Impl {
  // Device memory that grows on demand and is reused by later calls.
  struct Workspace {
    const char* what = "";
    void* data = nullptr;
    size_t bytes = 0;

    // Waits for `stream` before freeing a smaller buffer that a launch may still use.
    Status Ensure(size_t wanted, cudaStream_t stream) {
      if (wanted <= bytes) return Status::Ok();
      if (data != nullptr) {
        TV_RETURN_IF_ERROR(
            CudaStatus(cudaStreamSynchronize(stream), "synchronize before growing the workspace"));
        TV_RETURN_IF_ERROR(CudaStatus(cudaFree(data), std::string("cudaFree(") + what + ")"));
        data = nullptr;
        bytes = 0;
      }
      TV_RETURN_IF_ERROR(CudaStatus(cudaMalloc(&data, wanted),
                                    "cudaMalloc(" + std::to_string(wanted) + " bytes of " + what + ")"));
      bytes = wanted;
      return Status::Ok();
    }
    ~Workspace() {
      if (data != nullptr) cudaFree(data);
    }
  };

  int ordinal = 0;
  tv_device_info device{};
  cudaStream_t stream = nullptr;
  Workspace partial_sums{"split-K workspace"};
  Workspace aligned{"aligned operand copies"};

  // Copies the operands of `args` that do not allow 16-byte copies into
  // `aligned`, n and k padded to multiples of 8 (A's extra columns and B's
  // extra rows zero), and returns the arguments the kernel runs. C's copy is
  // read back by FinishAlignedC.
  Result<CudaGemmArgs> CopyAligned(const CudaGemmArgs& args);
  Status FinishAlignedC(const CudaGemmArgs& args, const CudaGemmArgs& kernel_args);
};

Result<CudaGemmArgs> CudaGemm::Impl::CopyAligned(const CudaGemmArgs& args) {
  const int64_t kp = RoundUp(args.k, 8);
  const int64_t np = RoundUp(args.n, 8);
  // With k = 0 neither A nor B is read.
  const bool copy_a = args.k > 0 && (kp != args.k || args.lda % 8 != 0 || !Aligned16(args.a));
  const bool copy_b = args.k > 0 && (kp != args.k || np != args.n || args.ldb % 8 != 0 || !Aligned16(args.b));
  const bool copy_c = np != args.n || args.ldc % 8 != 0 || !Aligned16(args.c);
  // Each copy starts on a 256-byte boundary.
  const int64_t a_bytes = copy_a ? RoundUp(args.m * kp * kElementBytes, 256) : 0;
  const int64_t b_bytes = copy_b ? RoundUp(kp * np * kElementBytes, 256) : 0;
  const int64_t c_bytes = copy_c ? RoundUp(args.m * np * kElementBytes, 256) : 0;
  TV_RETURN_IF_ERROR(aligned.Ensure(static_cast<size_t>(a_bytes + b_bytes + c_bytes), stream));
  char* base = static_cast<char*>(aligned.data);
  CudaGemmArgs out = args;
  out.k = kp;
  out.n = np;  // n % 8 != 0 copies both B and C
  if (copy_a) {
    out.a = base;
    out.lda = kp;
    TV_RETURN_IF_ERROR(
        CudaStatus(cudaMemcpy2DAsync(base, kp * kElementBytes, args.a, args.lda * kElementBytes,
                                     args.k * kElementBytes, args.m, cudaMemcpyDeviceToDevice, stream),
                   "copy of A into the aligned workspace"));
    if (kp != args.k) {
      TV_RETURN_IF_ERROR(CudaStatus(cudaMemset2DAsync(base + args.k * kElementBytes, kp * kElementBytes, 0,
                                                      (kp - args.k) * kElementBytes, args.m, stream),
                                    "zero padding of A's copy"));
    }
  }
  if (copy_b) {
    char* b = base + a_bytes;
    out.b = b;
    out.ldb = out.n;
    TV_RETURN_IF_ERROR(
        CudaStatus(cudaMemcpy2DAsync(b, out.n * kElementBytes, args.b, args.ldb * kElementBytes,
                                     args.n * kElementBytes, args.k, cudaMemcpyDeviceToDevice, stream),
                   "copy of B into the aligned workspace"));
    if (kp != args.k) {
      TV_RETURN_IF_ERROR(CudaStatus(cudaMemsetAsync(b + args.k * out.n * kElementBytes, 0,
                                                    (kp - args.k) * out.n * kElementBytes, stream),
                                    "zero padding of B's copy"));
    }
    // Columns n..np of B's copy are left as they are: they only reach columns
    // of C's copy that are never read back.
  }
  if (copy_c) {
    char* c = base + a_bytes + b_bytes;
    out.c = c;
    out.ldc = out.n;
    if (args.beta != 0.0f) {
      TV_RETURN_IF_ERROR(
          CudaStatus(cudaMemcpy2DAsync(c, out.ldc * kElementBytes, args.c, args.ldc * kElementBytes,
                                       args.n * kElementBytes, args.m, cudaMemcpyDeviceToDevice, stream),
                     "copy of C into the aligned workspace"));
    }
  }
  return out;
}

Status CudaGemm::Impl::FinishAlignedC(const CudaGemmArgs& args, const CudaGemmArgs& kernel_args) {
  if (kernel_args.c == args.c) return Status::Ok();
  return CudaStatus(
      cudaMemcpy2DAsync(args.c, args.ldc * kElementBytes, kernel_args.c, kernel_args.ldc * kElementBytes,
                        args.n * kElementBytes, args.m, cudaMemcpyDeviceToDevice, stream),
      "copy of C back from the aligned workspace");
}

CudaGemm::CudaGemm() : impl_(std::make_unique<Impl>()) {}

CudaGemm::~CudaGemm() {
  cudaStream_t stream = impl_->stream;
  impl_.reset();  // frees the workspaces (cudaFree waits for the device)
  if (stream != nullptr) cudaStreamDestroy(stream);
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
  CudaGemmArgs run = args;
  if (legal.aligned_copies) {
    Result<CudaGemmArgs> copied = impl_->CopyAligned(args);
    if (!copied.ok()) return copied.status();
    run = *copied;
  }
  const KernelInstance& instance = *legal.instance;
  kernels::MmaGemmParams params;
  params.m = static_cast<int>(run.m);
  params.n = static_cast<int>(run.n);
  params.k = static_cast<int>(run.k);
  params.a = run.a;
  params.b = run.b;
  params.c = run.c;
  params.lda = run.lda;
  params.ldb = run.ldb;
  params.ldc = run.ldc;
  params.alpha = run.alpha;
  params.beta = run.beta;
  params.k_tiles_per_split = legal.k_tiles_per_split;
  params.swizzle_log2 = legal.swizzle;
  const int64_t tiles = ((run.m + instance.bm - 1) / instance.bm) * ((run.n + instance.bn - 1) / instance.bn);
  if (legal.split_k > 1) {
    TV_RETURN_IF_ERROR(impl_->partial_sums.Ensure(
        static_cast<size_t>(legal.split_k) * run.m * run.n * sizeof(float), impl_->stream));
    params.partial = static_cast<float*>(impl_->partial_sums.data);
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
    reduce.c = run.c;
    reduce.ldc = run.ldc;
    reduce.alpha = run.alpha;
    reduce.beta = run.beta;
    reduce.dtype = run.dtype;
    TV_RETURN_IF_ERROR(CudaStatus(kernels::LaunchSplitKReduce(reduce, impl_->stream),
                                  "launch of the split-K reduction of " + ConfigName(legal)));
  }
  return legal.aligned_copies ? impl_->FinishAlignedC(args, run) : Status::Ok();
}

Result<LegalConfig> CudaGemm::Legalize(const tv_tile_config& requested, const CudaProblem& problem) const {
  return cuda::Legalize(requested, problem, impl_->device);
}

Status CudaGemm::Synchronize() { return CudaStatus(cudaStreamSynchronize(impl_->stream), "GEMM stream"); }

const tv_device_info& CudaGemm::device() const { return impl_->device; }
void* CudaGemm::stream() const { return impl_->stream; }
int CudaGemm::ordinal() const { return impl_->ordinal; }

}  // namespace tv::gemm::cuda
