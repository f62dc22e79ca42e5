// A float buffer aligned to 64 bytes (one cache line, one zmm register) that
// only grows: packing buffers are allocated once per engine and reused.
// Buffers of 2 MiB and more are 2 MiB aligned and advised to use transparent
// huge pages: a packed B block of kc x nc floats spans megabytes, and the
// microkernel walking it on 4 KiB pages misses the TLB.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <new>

namespace tv::gemm::cpu {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  ~AlignedBuffer() { Free(); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& other) noexcept
      : data_(other.data_), capacity_(other.capacity_), alignment_(other.alignment_) {
    other.data_ = nullptr;
    other.capacity_ = 0;
  }

  // Returns room for at least `floats` floats; old contents are not kept.
  float* Reserve(size_t floats) {
    if (floats > capacity_) {
      Free();
      const size_t rounded = (floats + 15) / 16 * 16;
      alignment_ = rounded * sizeof(float) >= kHugePage ? kHugePage : kAlignment;
      data_ = static_cast<float*>(::operator new (rounded * sizeof(float), std::align_val_t{alignment_}));
      capacity_ = rounded;
      if (alignment_ == kHugePage) {
        // Advice only: where THP is off this fails harmlessly and 4 KiB pages are used.
        (void)madvise(data_, (rounded * sizeof(float) + kHugePage - 1) / kHugePage * kHugePage,
                      MADV_HUGEPAGE);
      }
    }
    return data_;
  }

 private:
  static constexpr size_t kAlignment = 64;
  static constexpr size_t kHugePage = size_t{2} << 20;
  void Free() {
    if (data_ != nullptr) ::operator delete (data_, std::align_val_t{alignment_});
    data_ = nullptr;
    capacity_ = 0;
  }
  float* data_ = nullptr;
  size_t capacity_ = 0;
  size_t alignment_ = kAlignment;
};

}  // namespace tv::gemm::cpu
