// CUDA and cuBLAS return codes as tv::Status, naming what failed.
#pragma once

#include <string>

#include "core/status.h"

namespace tv::gemm::cuda {

// Ok for cudaSuccess (0); otherwise Internal("<what>: <cudaErrorName>: <description>").
Status CudaStatus(int cuda_error, const std::string& what);

// Ok for CUBLAS_STATUS_SUCCESS (0); otherwise Internal("<what>: <cublas status name>").
Status CublasStatus(int cublas_status, const std::string& what);

}  // namespace tv::gemm::cuda
