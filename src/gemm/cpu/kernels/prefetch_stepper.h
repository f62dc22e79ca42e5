// The ISA kernel files' prefetch requests: the microkernels' side of a
// PrefetchCursor (kernel_table.h: request the call's share of lines, one per
// Next(), and move the cursor past what was requested), and the B packers'
// request of the row they copy kPackAheadRows later. Included by the ISA kernel files only; everything here
// has internal linkage (anonymous namespace) and only kernel_table.h is included, so each ISA file compiles
// its own copy with its own flags and none can leak into another.
#pragma once

#include <cstdint>

#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {
namespace {

class PrefetchStepper {
 public:
  // cursor: nullptr (nothing to request) or the tile's cursor.
  explicit PrefetchStepper(PrefetchCursor* cursor) : cursor_(cursor) {
    if (cursor_ == nullptr) return;
    budget_ = cursor_->lines_per_call < cursor_->lines_left ? cursor_->lines_per_call : cursor_->lines_left;
    granted_ = budget_;
    row_ = cursor_->row;
    line_ = cursor_->line;
  }

  // Requests the next line into L2 (prefetcht1), while the call's share lasts.
  void Next() {
    if (budget_ <= 0) return;
    __builtin_prefetch(row_ + line_ * 64, 0, 2);
    if (++line_ == cursor_->lines_per_row) {
      line_ = 0;
      row_ += cursor_->row_bytes;
    }
    --budget_;
  }

  // Moves the cursor past the lines requested.
  void Finish() {
    if (cursor_ == nullptr) return;
    cursor_->row = row_;
    cursor_->line = line_;
    cursor_->lines_left -= granted_ - budget_;
  }

 private:
  PrefetchCursor* cursor_;
  int64_t budget_ = 0;
  int64_t granted_ = 0;
  const char* row_ = nullptr;
  int64_t line_ = 0;
};

// Rows of B a packer requests ahead of the row it copies.
constexpr int64_t kPackAheadRows = 4;

// Requests `bytes` from `start` into L1 (prefetcht0), one cache line at a time.
inline void RequestIntoL1(const char* start, int64_t bytes) {
  for (int64_t byte = 0; byte < bytes; byte += 64) __builtin_prefetch(start + byte, 0, 3);
}

}  // namespace
}  // namespace tv::gemm::cpu
