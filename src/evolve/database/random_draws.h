// The few random draws the population makes, written out instead of taken from
// <random>'s distributions: those are implementation-defined, and a run resumed
// by a tilevolve built against another standard library must draw the same
// numbers from the same RNG state.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>

#include "evolve/database/population.h"

namespace tv::evolve {

// Uniform in [0, 1) with 53 random bits.
inline double UniformUnit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Uniform in [0, n). The modulo bias is below n / 2^64: negligible for the
// population's sizes. REQUIRES: n > 0.
inline size_t UniformIndex(Rng& rng, size_t n) {
  assert(n > 0);
  return static_cast<size_t>(rng() % static_cast<uint64_t>(n));
}

}  // namespace tv::evolve
