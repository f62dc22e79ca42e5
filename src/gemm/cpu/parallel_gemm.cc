#include "gemm/cpu/parallel_gemm.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include "core/int_math.h"

namespace tv::gemm::cpu {
namespace {

// [begin, end) of slice t when `total` items are cut into `parts` pieces made of
// whole `unit`s, sizes differing by at most one unit (the last may be short).
struct Slice {
  int64_t begin;
  int64_t end;
};
Slice BalancedSlice(int64_t total, int64_t unit, int t, int parts) {
  const int64_t units = CeilDiv(total, unit);
  const int64_t u0 = units * t / parts;
  const int64_t u1 = units * (t + 1) / parts;
  return {std::min(total, u0 * unit), std::min(total, u1 * unit)};
}

void RunSplitK(const CanonicalProblem& p, const BlockedPlan& plan, int threads, ThreadPool& pool,
               std::vector<ThreadWorkspace>& ws) {
  const int64_t k_unit = p.k >= 16 * threads ? 16 : 1;
  const int64_t ld_partial = CeilDiv(p.n, 16) * 16;  // rows start on a cache line
  std::vector<float*> partial(threads, nullptr);
  for (int t = 1; t < threads; ++t) partial[t] = ws[t].c_partial.Reserve(p.m * ld_partial);

  pool.Run(threads, [&](int t) {
    const Slice ks = BalancedSlice(p.k, k_unit, t, threads);
    CanonicalProblem slice = p;
    slice.k = ks.end - ks.begin;
    slice.a = p.a + ks.begin * p.a_cs;
    slice.b = p.b + ks.begin * p.b_rs;
    if (t > 0) {
      slice.beta = 0.0f;
      slice.c = partial[t];
      slice.ldc = ld_partial;
    }
    RunBlocked(slice, plan, ws[t].blocked);
  });

  // C += sum of the partials, rows split over the threads.
  pool.Run(threads, [&](int t) {
    const Slice rows = BalancedSlice(p.m, 1, t, threads);
    for (int64_t i = rows.begin; i < rows.end; ++i) {
      float* c = p.c + i * p.ldc;
      for (int s = 1; s < threads; ++s) {
        const float* part = partial[s] + i * ld_partial;
        for (int64_t j = 0; j < p.n; ++j) c[j] += part[j];
      }
    }
  });
}

}  // namespace

void RunBlockedParallel(const CanonicalProblem& p, const BlockedPlan& plan, int threads, tv_parallel parallel,
                        ThreadPool& pool, std::vector<ThreadWorkspace>& ws) {
  assert(threads >= 1 && threads <= pool.size() && static_cast<size_t>(threads) <= ws.size());
  if (threads == 1) {
    RunBlocked(p, plan, ws[0].blocked);
    return;
  }
  switch (parallel) {
    case TV_PARALLEL_K:
      RunSplitK(p, plan, threads, pool, ws);
      return;
    case TV_PARALLEL_M:
      pool.Run(threads, [&](int t) {
        const Slice rows = BalancedSlice(p.m, plan.kernel.mr, t, threads);
        if (rows.begin >= rows.end) return;
        CanonicalProblem slice = p;
        slice.m = rows.end - rows.begin;
        slice.a = p.a + rows.begin * p.a_rs;
        slice.c = p.c + rows.begin * p.ldc;
        RunBlocked(slice, plan, ws[t].blocked);
      });
      return;
    default:
      pool.Run(threads, [&](int t) {
        const Slice cols = BalancedSlice(p.n, plan.kernel.nr, t, threads);
        if (cols.begin >= cols.end) return;
        CanonicalProblem slice = p;
        slice.n = cols.end - cols.begin;
        slice.b = p.b + cols.begin * p.b_cs;
        slice.c = p.c + cols.begin;
        RunBlocked(slice, plan, ws[t].blocked);
      });
      return;
  }
}

}  // namespace tv::gemm::cpu
