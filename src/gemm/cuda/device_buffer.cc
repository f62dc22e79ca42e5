#include "gemm/cuda/device_buffer.h"

#include <cuda_runtime_api.h>

#include <string>

#include "gemm/cuda/cuda_error.h"

namespace tv::gemm::cuda {

Result<DeviceBuffer> DeviceBuffer::Allocate(size_t bytes) {
  DeviceBuffer buffer;
  if (bytes == 0) return buffer;
  TV_RETURN_IF_ERROR(
      CudaStatus(cudaMalloc(&buffer.data_, bytes), "cudaMalloc(" + std::to_string(bytes) + " bytes)"));
  buffer.bytes_ = bytes;
  return buffer;
}

DeviceBuffer::~DeviceBuffer() {
  if (data_ != nullptr) cudaFree(data_);
}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) cudaFree(data_);
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

}  // namespace tv::gemm::cuda
