#include "gemm/cuda/cublas_gemm.h"

#include <cublas_v2.h>

#include "gemm/cuda/cuda_error.h"
#include "gemm/cuda/cuda_gemm.h"

namespace tv::gemm::cuda {

struct CublasGemm::Impl {
  cublasHandle_t handle = nullptr;
};

CublasGemm::CublasGemm() : impl_(std::make_unique<Impl>()) {}

CublasGemm::~CublasGemm() {
  if (impl_->handle != nullptr) cublasDestroy(impl_->handle);
}

Result<std::unique_ptr<CublasGemm>> CublasGemm::Create(void* stream) {
  std::unique_ptr<CublasGemm> peer(new CublasGemm());
  TV_RETURN_IF_ERROR(CublasStatus(cublasCreate(&peer->impl_->handle), "cublasCreate"));
  TV_RETURN_IF_ERROR(CublasStatus(cublasSetStream(peer->impl_->handle, static_cast<cudaStream_t>(stream)),
                                  "cublasSetStream"));
  return peer;
}

Status CublasGemm::Run(const CudaGemmArgs& args) {
  TV_RETURN_IF_ERROR(ValidateArgs(args));
  if (args.m == 0 || args.n == 0) return Status::Ok();
  // Row-major C = A * B is column-major C^T = B^T * A^T: cuBLAS sees an
  // n x m product of B (n x k, ld ldb) and A (k x m, ld lda).
  const cudaDataType_t type = args.dtype == DType::kBf16 ? CUDA_R_16BF : CUDA_R_16F;
  return CublasStatus(
      cublasGemmEx(impl_->handle, CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(args.n),
                   static_cast<int>(args.m), static_cast<int>(args.k), &args.alpha, args.b, type,
                   static_cast<int>(args.ldb), args.a, type, static_cast<int>(args.lda), &args.beta, args.c,
                   type, static_cast<int>(args.ldc), CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
      "cublasGemmEx");
}

}  // namespace tv::gemm::cuda
