// Operand sets for timing one GEMM shape on the GPU: enough separate A, B, C
// sets that their total exceeds a multiple of the L2 size, so a timed call
// reads its operands from device memory, not from L2 (protocol rule: rotating
// buffers beyond L2). Inputs are random, never zeros (gpu_reference.h).
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"
#include "gemm/cuda/device_buffer.h"

namespace tv::gemm::cuda {

struct OperandOptions {
  double l2_multiple = 2.5;              // sets together exceed this many L2 sizes
  int max_sets = 64;                     // never more sets than this
  int64_t max_bytes = int64_t{8} << 30;  // nor more device memory than this (at least one set)
  uint64_t seed = 1;
};

class GpuOperands {
 public:
  // Dense row-major sets of the m x n x k problem (lda = k, ldb = ldc = n).
  static Result<GpuOperands> Create(int64_t m, int64_t n, int64_t k, DType dtype, int64_t l2_bytes,
                                    const OperandOptions& options, void* stream);

  int sets() const { return static_cast<int>(args_.size()); }
  // REQUIRES: 0 <= i < sets(). alpha 1, beta 0.
  const CudaGemmArgs& Args(int i) const { return args_[i]; }
  int64_t bytes_per_set() const { return bytes_per_set_; }

 private:
  std::vector<DeviceBuffer> buffers_;  // a, b, c per set
  std::vector<CudaGemmArgs> args_;
  int64_t bytes_per_set_ = 0;
};

}  // namespace tv::gemm::cuda
