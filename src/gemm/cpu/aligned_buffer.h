// A float buffer aligned to 64 bytes (one cache line, one zmm register) that
// only grows: packing buffers are allocated once per engine and reused.
// Buffers of 2 MiB and more are 2 MiB aligned and advised to use transparent
// huge pages (core/aligned_allocator.h): a packed B block of kc x nc floats
// spans megabytes, and the microkernel walking it on 4 KiB pages misses the TLB.
#pragma once

#include <cstddef>

#include "core/aligned_allocator.h"

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
      data_ = AlignedAllocator<float>().allocate(rounded);
      capacity_ = rounded;
    }
    return data_;
  }

 private:
  void Free() {
    if (data_ != nullptr) AlignedAllocator<float>().deallocate(data_, capacity_);
    data_ = nullptr;
    capacity_ = 0;
  }
  float* data_ = nullptr;
  size_t capacity_ = 0;
};

}  // namespace tv::gemm::cpu
