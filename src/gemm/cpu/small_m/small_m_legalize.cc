// LegalizeSmallM: any requested tiles -> the tiles RunSmallM executes.
#include <algorithm>
#include <cassert>
#include <limits>

#include "core/int_math.h"
#include "gemm/cpu/small_m/small_m.h"
#include "gemm/cpu/small_m/small_m_kernels.h"
#include "gemm/cpu/small_m/small_m_plan.h"

namespace tv::gemm::cpu {
namespace {

using small_m::Form;

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

// Auto depth chunk, from interleaved timings on the 2-core Zen 5 dev machine
// (shared, noisy: best-of-9..15 times, /tmp timing program, 2026-11-25):
// Axpy: kc B rows are streamed at once across the column slice (the strip
// kernel prefetches the next strip of each row), and C is updated once per kc
// rows. 1x4096x4096: kc 8-16 best (2.6-2.9 ms), 64: 3.1-3.2, 4096: 4.2.
// 8x4096x4096: kc 64-256 best (4.7 ms), 16: 5.2-6.0.
// Dot: one run of kc floats down each column per pass, so the longest runs
// win: kc = k beat 256..1024 for m = 1 (2.5 vs 3.1-3.6 ms) and m = 8.
// AVX-512 axpy with more than one row group (m > 8): kc = 256 for strips 48
// wide (groups of 7 or 8 rows), 64 for wider ones (AVX2, not measured: 64). `tilevolve bench --tiles
// path=small_m,kc=...`, 2026-11-27: 16x4096x4096 149/145 -> 171/159 GFLOP/s at
// 1 thread (kc 64 -> 256), 278/282 -> 311/295 at 2; 16x1536x8960 alike; m = 32
// on 4096 x 4096: 138 (64), 149 (128), 179-187 (256), 174-177 (384, 512), 127
// (1024), 65 (k). 12x4096x4096 (64 wide) lost with 256: 0.90x at 1 thread,
// the binaries with kc 64 and 256 alternating; 128 did no better (116 against
// 126-129 GFLOP/s).
//
// One row, rows of B at most kNarrowRowMaxColumns wide and each thread's share
// of B at least kNarrowRowMinBBytesPerThread: kc = 8. `tilevolve bench
// --tiles-file` with kc 16 and 8 side by side, each against a plain read of
// the same operands in the same rounds (2026-11-27 night, docs/PERFORMANCE.md),
// 1 thread, 3 runs: 1x4096x4096 72-82% -> 89-102%, 1x4096x11008 83-85% ->
// 89-96%, 1x1024x4096 70-80% -> 73-90%, 1x4096x14336 84% -> 90-93%; with B in
// L3 kc 8 lost (1x1536x576 93-100% -> 87-97%, 1x2560x960 92-94% -> 84-91%), as
// did wider rows (1x11008x4096 91% -> 86%, 1x32000x4096 92% -> 86%, one run).
// 2 threads, 3 runs: 1x4096x4096 83-102% -> 89-93%, 1x4096x11008 84-90% ->
// 97-101%, 1x4096x14336 91-105% -> 96-97%, but 1x1024x4096 (8 MiB of B a
// thread) 83-96% -> 80-86%, lower in two runs of three.
constexpr int64_t kNarrowRowMaxColumns = 4096;
constexpr double kNarrowRowMinBBytesPerThread = 16.0 * 1024 * 1024;

int64_t AutoDepthChunk(Form form, Isa isa, int64_t m, int64_t n, int64_t k, int64_t nr, int64_t threads) {
  switch (form) {
    case Form::kAxpy:
      if (m == 1 && n <= kNarrowRowMaxColumns &&
          static_cast<double>(n) * static_cast<double>(k) * sizeof(float) / static_cast<double>(threads) >=
              kNarrowRowMinBBytesPerThread)
        return std::min<int64_t>(k, 8);
      if (m <= small_m::kMaxGroupRows) return std::min<int64_t>(k, m <= 2 ? 16 : 64);
      return std::min<int64_t>(k, isa == Isa::kAvx512 && nr <= 48 ? 256 : 64);
    case Form::kDot:
    case Form::kDotTransposed:
    case Form::kStrided:
      return k;
  }
  return k;
}

// Threads that have work under `parallel`: one per kernel-width slice of N, or
// one per kMinDepthPerThread of K.
int64_t UsefulThreads(tv_parallel parallel, const CanonicalShape& shape, int64_t nr) {
  if (parallel == TV_PARALLEL_K)
    return std::max<int64_t>(1, (shape.k + small_m::kMinDepthPerThread - 1) / small_m::kMinDepthPerThread);
  return std::max<int64_t>(1, (shape.n + nr - 1) / nr);
}

// Auto threads: one more per this many bytes of B. The path streams B once,
// so below this a second thread's fork-join (and, split over K, its reduction
// pass) costs more than it saves: `tilevolve bench`, 2 threads against 1 on the
// 2-core Zen 5 VM (2026-11-26): 3 x 64 x 384 and 3 x 384 x 64 (96 KiB of B, a
// decode attention product of smollm2) 0.69x and 0.91x, 1 x 256 x 128 (128 KiB)
// 0.9x, 7 x 1024 x 64 (256 KiB) 1.35x, 1 x 576 x 576 (1.3 MiB) 2.2x.
constexpr double kBBytesPerExtraThread = 256 * 1024;

}  // namespace

tv_tile_config LegalizeSmallM(const tv_tile_config& requested, const CanonicalShape& shape, Isa isa,
                              int max_threads) {
  assert(shape.m >= 0 && shape.m <= kSmallMMax);
  assert(max_threads >= 1);
  isa = small_m::ResolveIsa(isa);
  // In canonical form one of B's strides is 1: columns are contiguous when rows are not.
  const int64_t m = std::clamp<int64_t>(shape.m, 1, kSmallMMax);  // m = 0: nothing runs; any width is legal
  const Form form = small_m::FormOf(isa, m, shape.b_rows_contiguous, !shape.b_rows_contiguous);
  const int64_t n = std::max<int64_t>(shape.n, 1);
  const int64_t k = std::max<int64_t>(shape.k, 1);
  const int64_t nr = small_m::KernelWidth(isa, form, m);

  tv_tile_config out{};
  out.path = TV_PATH_SMALL_M;
  out.pack_a = TV_PACK_OFF;
  out.pack_b = TV_PACK_OFF;
  out.mc = static_cast<int32_t>(m);
  out.mr = static_cast<int32_t>(m);
  out.nr = static_cast<int32_t>(nr);

  // nc: a multiple of nr in [nr, n rounded up to nr]; auto = all columns.
  const int64_t nc_max = std::min(RoundUp(n, nr), kInt32Max / nr * nr);
  const int64_t nc = requested.nc > 0 ? RoundUp(requested.nc, nr) : nc_max;
  out.nc = static_cast<int32_t>(std::clamp(nc, nr, nc_max));

  // threads and parallel: only N (columns) and K (depth) splits; M has at most
  // kSmallMMax rows and is never split.
  const double b_bytes = static_cast<double>(n) * static_cast<double>(k) * sizeof(float);  // no overflow
  int64_t threads =
      requested.threads > 0
          ? std::min(requested.threads, max_threads)
          : static_cast<int64_t>(std::min<double>(max_threads, 1 + b_bytes / kBBytesPerExtraThread));
  tv_parallel parallel = static_cast<tv_parallel>(requested.parallel);
  if (parallel != TV_PARALLEL_N && parallel != TV_PARALLEL_K) {
    // Auto (or M). The axpy form splits K where K has a depth slice for each
    // thread: each thread then streams whole rows of B, one block of memory,
    // where an N split gives it a short run of every row, which the hardware
    // prefetchers learn anew row by row. Scratch loop over a token's decode
    // products, 2 threads, the same strip kernel (2026-11-27): smollm2-135m
    // m = 1 52.6 GB/s split over K against 40.6 over N, m = 8 35.8 against
    // 32.7; Llama-2-7B m = 1 59.6 against 55.2. The dot form's columns are
    // runs along K, so an N split is contiguous already: it splits N unless N
    // has fewer than 4 kernel widths per thread (idle or unbalanced threads).
    const bool k_long = UsefulThreads(TV_PARALLEL_K, shape, nr) >= threads;
    const bool n_short = UsefulThreads(TV_PARALLEL_N, shape, nr) < 4 * threads;
    parallel = k_long && (form == Form::kAxpy || n_short) ? TV_PARALLEL_K : TV_PARALLEL_N;
  }
  threads = std::min(threads, UsefulThreads(parallel, shape, nr));
  if (threads == 1) parallel = TV_PARALLEL_N;
  out.threads = static_cast<int32_t>(threads);
  out.parallel = parallel;

  // kc: in [1, k]; below k, a multiple of the form's depth granule. The
  // transposed dot form works in fixed chunks (small_m_kernels.h): kc = k.
  int64_t kc =
      requested.kc > 0 ? std::min<int64_t>(requested.kc, k) : AutoDepthChunk(form, isa, m, n, k, nr, threads);
  if (form == Form::kDotTransposed) kc = k;
  if (kc < k) kc = std::min(RoundUp(kc, small_m::DepthGranule(form)), k);
  out.kc = static_cast<int32_t>(std::min(kc, kInt32Max));
  return out;
}

}  // namespace tv::gemm::cpu
