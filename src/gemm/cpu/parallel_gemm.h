// Splits a blocked GEMM over threads: each thread runs the five loops
// (RunBlocked) on its own slice with its own packing buffers.
#pragma once

#include <vector>

#include "core/thread_pool.h"
#include "gemm/cpu/aligned_buffer.h"
#include "gemm/cpu/blocked_gemm.h"
#include "gemm/cpu/canonical.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cpu {

// Buffers owned by one thread of the engine.
struct ThreadWorkspace {
  BlockedWorkspace blocked;
  AlignedBuffer c_partial;  // TV_PARALLEL_K: this thread's m x n partial product
};

// TV_PARALLEL_N: thread t owns columns [j0, j1) of C, slices aligned to nr.
// TV_PARALLEL_M: thread t owns rows [i0, i1) of C, slices aligned to mr.
// TV_PARALLEL_K: thread t sums depth [p0, p1) into a private buffer (thread 0
//   straight into C with beta), then the threads add the partials into C by rows.
// Slices are balanced to within one unit (nr columns, mr rows, 16 depth steps).
// REQUIRES: p.m, p.n, p.k >= 1; 1 <= threads <= pool.size() <= ws.size();
// threads <= the number of units of the split loop (as Legalize ensures).
void RunBlockedParallel(const CanonicalProblem& p, const BlockedPlan& plan, int threads, tv_parallel parallel,
                        ThreadPool& pool, std::vector<ThreadWorkspace>& ws);

}  // namespace tv::gemm::cpu
