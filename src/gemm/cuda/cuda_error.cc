#include "gemm/cuda/cuda_error.h"

#include <cublas_api.h>
#include <cuda_runtime_api.h>

namespace tv::gemm::cuda {

Status CudaStatus(int cuda_error, const std::string& what) {
  if (cuda_error == 0) return Status::Ok();
  const auto e = static_cast<cudaError_t>(cuda_error);
  return Status::Internal(what + ": " + cudaGetErrorName(e) + ": " + cudaGetErrorString(e));
}

Status CublasStatus(int cublas_status, const std::string& what) {
  if (cublas_status == 0) return Status::Ok();
  return Status::Internal(what + ": " + cublasGetStatusName(static_cast<cublasStatus_t>(cublas_status)) +
                          " (" + cublasGetStatusString(static_cast<cublasStatus_t>(cublas_status)) + ")");
}

}  // namespace tv::gemm::cuda
