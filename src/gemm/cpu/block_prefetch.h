// Requests the next B block from memory while the microkernels work on the
// current one. Packing B reads kc x nc floats that, for weights larger than the
// caches, come from DRAM; packed without warning, the copy runs at DRAM speed
// while the FMA units wait (15% of a 128 x 14336 x 4096 GEMM on a Zen 5). Spread
// over the block's microkernel calls (each call requests its share inside its k
// loop, see PrefetchCursor), the same reads overlap the arithmetic.
#pragma once

#include <cstdint>

#include "core/int_math.h"
#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {

// A cursor over the rows x cols block of floats at `block` (row r at
// block + r * row_stride), its lines shared out over `calls` microkernel calls.
inline PrefetchCursor CursorOverBlock(const float* block, int64_t rows, int64_t cols, int64_t row_stride,
                                      int64_t calls) {
  constexpr int64_t kLine = 64;
  PrefetchCursor c{};
  c.row = reinterpret_cast<const char*>(block);
  c.row_bytes = row_stride * static_cast<int64_t>(sizeof(float));
  c.lines_per_row = CeilDiv(cols * static_cast<int64_t>(sizeof(float)), kLine) + 1;  // +1: unaligned rows
  c.line = 0;
  c.lines_left = rows * c.lines_per_row;
  c.lines_per_call = calls > 0 ? CeilDiv(c.lines_left, calls) : 0;
  return c;
}

}  // namespace tv::gemm::cpu
