// The ISA kernel files' prefetch requests: how far ahead a microkernel requests
// its packed A, the microkernels' side of a PrefetchCursor (kernel_table.h:
// request the call's share of lines, one per Next(), and move the cursor past
// what was requested), and the B packers' request of the row they copy
// kPackAheadRows later. Included by the ISA kernel files only; everything here
// has internal linkage (anonymous namespace) and only kernel_table.h is
// included, so each ISA file compiles its own copy with its own flags and none
// can leak into another.
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

// The lines of a microkernel's block of C (rows x row_bytes, rows ldc floats
// apart), requested into L1. A block of up to kUpfrontLines lines is requested
// at once; a larger one over the k loop: the microkernels call Next() once per
// four steps of k, and each call requests the next line (more where the loop is
// too short for one line a call). Requested all at once, the 24 lines of an
// 8 x 48 block held the core's outstanding-miss slots while the loads of A and
// B waited behind them: spread out, 512 x 4096 x 4096 on 8 x 48 ran 2-4% faster
// on a Zen 5; the 12 lines of 6 x 32 measured the same either way within the
// machine's noise, and keep the request at once (docs/PERFORMANCE.md).
class CBlockStepper {
 public:
  static constexpr int kUpfrontLines = 16;

  CBlockStepper(const float* c, int64_t ldc, int rows, int row_bytes, int64_t kc)
      : row_(reinterpret_cast<const char*>(c)),
        row_stride_(ldc * static_cast<int64_t>(sizeof(float))),
        lines_per_row_((row_bytes + 63) / 64),
        left_(rows * lines_per_row_) {
    if (left_ <= kUpfrontLines) {
      per_call_ = left_;
      Next();
      return;
    }
    const int64_t calls = kc / 4 > 0 ? kc / 4 : 1;
    per_call_ = static_cast<int>((left_ + calls - 1) / calls);
  }

  void Next() {
    for (int i = 0; i < per_call_ && left_ > 0; ++i) {
      __builtin_prefetch(row_ + line_ * 64, 0, 3);
      --left_;
      if (++line_ == lines_per_row_) {
        line_ = 0;
        row_ += row_stride_;
      }
    }
  }

 private:
  const char* row_;
  int64_t row_stride_;
  int lines_per_row_;
  int left_;
  int per_call_ = 1;
  int line_ = 0;
};

// Steps of k ahead at which a microkernel requests its packed A micro-panel
// into L1 (prefetcht0), the lines that four steps read once per four steps; past
// the panel's end the requests reach the next micro-panel, the next call's (past
// the packed buffer's end they are hints for lines never read: no fault). The
// A block (mc x kc) streams from L2 and each call starts a new stream of only
// kc * mr floats, which the hardware prefetchers were left to find alone before.
// Zen 5, 1 thread, `tilevolve bench --heuristic auto --vs onednn`, with and
// without alternating (docs/data/2026-11-28-zen5/a-panel-ahead/): the 17 prefill
// shapes of suites/transformer.yaml 0.999 / 0.995x -> 1.020 / 1.007x oneDNN
// (8 steps ahead: 1.002 / 1.019x); qwen2.5-0.5b's m = 256 products, binaries
// alternating, 1.02-1.06x the GFLOP/s (qkv, o, down 0.94-0.97x -> 0.97-0.995x
// oneDNN); 2 threads 1.007 / 1.003x -> 1.009 / 1.014x. B's packed micro-panel
// requested 8 or 16 steps ahead instead lost 0-8%.
constexpr int kPackedAAheadSteps = 16;

// Lines of a packed A micro-panel of mr rows that four steps of k read.
constexpr int PackedALinesPerFourSteps(int mr) {
  return (4 * mr * static_cast<int>(sizeof(float)) + 63) / 64;
}

// Rows of B a packer requests ahead of the row it copies.
constexpr int64_t kPackAheadRows = 4;

// Requests `bytes` from `start` into L1 (prefetcht0), one cache line at a time.
inline void RequestIntoL1(const char* start, int64_t bytes) {
  for (int64_t byte = 0; byte < bytes; byte += 64) __builtin_prefetch(start + byte, 0, 3);
}

}  // namespace
}  // namespace tv::gemm::cpu
