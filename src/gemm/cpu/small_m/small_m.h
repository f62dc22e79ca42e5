// The small-M path: C (m x n) += A (m x k) * B (k x n) for m <= kSmallMMax,
// streaming B from memory exactly once, A and the C accumulators in registers.
// For decode (m = 1) and small batches this is memory-bound: the goal is DRAM
// read bandwidth, so B is never packed.
#pragma once

#include <cstdint>

#include "core/thread_pool.h"
#include "gemm/cpu/canonical.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cpu {

inline constexpr int64_t kSmallMMax = TV_SMALL_M_MAX_ROWS;  // small_m_kernels.h: kMaxRows

// Resolves the fields the small-M path reads (threads, parallel, nc, kc) and
// sets the others to what the path does (path = TV_PATH_SMALL_M, pack_a =
// pack_b = TV_PACK_OFF, mc = m, mr = m, nr = the column width of its kernel).
// REQUIRES: shape.m <= kSmallMMax. max_threads >= 1.
tv_tile_config LegalizeSmallM(const tv_tile_config& requested, const CanonicalShape& shape, Isa isa,
                              int max_threads);

// REQUIRES: tiles == LegalizeSmallM(tiles, ...) for this problem; p.m <= kSmallMMax;
// isa is not kAuto; pool.size() >= tiles.threads. Works for both B layouts
// (b_cs == 1: rows of B contiguous; b_rs == 1: columns contiguous, dot products).
void RunSmallM(const CanonicalProblem& p, const tv_tile_config& tiles, Isa isa, ThreadPool& pool);

}  // namespace tv::gemm::cpu
