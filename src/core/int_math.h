// Integer rounding used by the GEMM's blocking and its tests.
#pragma once

#include <cstdint>

namespace tv {

// Smallest multiple of `to` that is >= x (x >= 0, to > 0).
constexpr int64_t RoundUp(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// ceil(x / to) for x >= 0, to > 0.
constexpr int64_t CeilDiv(int64_t x, int64_t to) { return (x + to - 1) / to; }

}  // namespace tv
