// cuBLAS as the peer of the CUDA backend: the same row-major problem through
// cublasGemmEx (bf16 or fp16 in and out, fp32 compute, cuBLAS's own kernel
// choice), on its own handle bound to a caller's stream.
#pragma once

#include <memory>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"

namespace tv::gemm::cuda {

class CublasGemm {
 public:
  // `stream`: the cudaStream_t every call goes to (nullptr: the default stream).
  static Result<std::unique_ptr<CublasGemm>> Create(void* stream);
  ~CublasGemm();
  CublasGemm(const CublasGemm&) = delete;
  CublasGemm& operator=(const CublasGemm&) = delete;

  // C = alpha * A * B + beta * C, row-major, asynchronous on the stream.
  Status Run(const CudaGemmArgs& args);

 private:
  CublasGemm();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tv::gemm::cuda
