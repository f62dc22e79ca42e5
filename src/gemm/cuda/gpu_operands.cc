#include "gemm/cuda/gpu_operands.h"

#include <algorithm>
#include <cmath>

#include "gemm/cuda/gpu_reference.h"

namespace tv::gemm::cuda {

Result<GpuOperands> GpuOperands::Create(int64_t m, int64_t n, int64_t k, DType dtype, int64_t l2_bytes,
                                        const OperandOptions& options, void* stream) {
  GpuOperands ops;
  constexpr int64_t kElement = 2;  // bf16 and fp16
  const int64_t a_bytes = std::max<int64_t>(1, m * k) * kElement;
  const int64_t b_bytes = std::max<int64_t>(1, k * n) * kElement;
  const int64_t c_bytes = std::max<int64_t>(1, m * n) * kElement;
  ops.bytes_per_set_ = a_bytes + b_bytes + c_bytes;
  const double wanted = options.l2_multiple * static_cast<double>(l2_bytes);
  int64_t sets = static_cast<int64_t>(std::ceil(wanted / static_cast<double>(ops.bytes_per_set_)));
  sets = std::min<int64_t>({std::max<int64_t>(sets, 1), options.max_sets,
                            std::max<int64_t>(1, options.max_bytes / ops.bytes_per_set_)});
  for (int64_t s = 0; s < sets; ++s) {
    CudaGemmArgs args;
    args.dtype = dtype;
    args.m = m;
    args.n = n;
    args.k = k;
    args.lda = std::max<int64_t>(k, 1);
    args.ldb = std::max<int64_t>(n, 1);
    args.ldc = std::max<int64_t>(n, 1);
    void* pointers[3] = {nullptr, nullptr, nullptr};
    const int64_t sizes[3] = {a_bytes, b_bytes, c_bytes};
    for (int i = 0; i < 3; ++i) {
      Result<DeviceBuffer> buffer = DeviceBuffer::Allocate(static_cast<size_t>(sizes[i]));
      if (!buffer.ok()) return buffer.status();
      pointers[i] = buffer->get();
      TV_RETURN_IF_ERROR(FillRandom(pointers[i], sizes[i] / kElement, dtype,
                                    options.seed * 1000003ULL + static_cast<uint64_t>(s * 3 + i), stream));
      ops.buffers_.push_back(std::move(*buffer));
    }
    args.a = pointers[0];
    args.b = pointers[1];
    args.c = pointers[2];
    ops.args_.push_back(args);
  }
  return ops;
}

}  // namespace tv::gemm::cuda
