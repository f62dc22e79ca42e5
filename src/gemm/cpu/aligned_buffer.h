// A float buffer aligned to 64 bytes (one cache line, one zmm register) that
// only grows: packing buffers are allocated once per engine and reused.
#pragma once

#include <cstddef>
#include <new>

namespace tv::gemm::cpu {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  ~AlignedBuffer() { Free(); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& other) noexcept : data_(other.data_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.capacity_ = 0;
  }

  // Returns room for at least `floats` floats; old contents are not kept.
  float* Reserve(size_t floats) {
    if (floats > capacity_) {
      Free();
      const size_t rounded = (floats + 15) / 16 * 16;
      data_ = static_cast<float*>(::operator new (rounded * sizeof(float), std::align_val_t{kAlignment}));
      capacity_ = rounded;
    }
    return data_;
  }

 private:
  static constexpr size_t kAlignment = 64;
  void Free() {
    if (data_ != nullptr) ::operator delete (data_, std::align_val_t{kAlignment});
    data_ = nullptr;
    capacity_ = 0;
  }
  float* data_ = nullptr;
  size_t capacity_ = 0;
};

}  // namespace tv::gemm::cpu
