#include "gemm/cpu/legalize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/int_math.h"
#include "gemm/cpu/small_m/small_m.h"

namespace tv::gemm::cpu {
namespace {

// Defaults for 'auto' fields, measured on a 2-core AMD Zen 5 (Turin: L1d 48 KiB,
// L2 1 MiB, L3 32 MiB) with `tilevolve bench --suite transformer --threads 1
// --vs onednn --tiles ... --min-time 0.1`, 2-3 rounds interleaved with oneDNN
// (the shared machine's noise is ~10%, so only paired ratios were trusted).
// Large m (the prefill shapes 512x4096x4096, 2048x1536x576, 1024x8960x1536):
//   kc 384, mc 144. nc 512 (a 768 KiB packed B block that stays in L2) gave
//   166-174 GFLOP/s on 512x4096x4096 against 106-168 for nc 4096, and was
//   within ~3% of it on the other two shapes. The kernel: 8x48 where the
//   table offers it and the busiest thread's padding of m and n is within
//   kWideKernelLead of the first kernel's (AVX-512's 6x32), else the first
//   kernel. Since the C block of 8x48 is requested over the k loop
//   (2026-11-27, prefetch_stepper.h), 8x48 ran 1.02-1.07x faster than 6x32 on
//   11 of 15 prefill, attention and batch-64 shapes at 1 thread (auto tiles
//   otherwise, 2 rounds with oneDNN); it lost where it pads n: n = 64 0.78x,
//   n = 128 0.96-0.97x. On 2 threads it was no faster (0.89-1.07x) until B
//   was packed by the microkernels (KernelTable::copies_b, 2026-11-27
//   evening): 8x48 then ran 1.07x its own earlier speed at 2 threads, and
//   auto with 8x48 on 2 threads 1.06x the earlier auto (6x32) over 21 prefill
//   and attention shapes (docs/PERFORMANCE.md, "B packed by the
//   microkernels"). It lost where the column split leaves one thread 7% more
//   columns (256x896x896: 10 + 9 panels of 48 against 14 + 14 of 32), hence
//   the busiest thread's padding, and at k = 64 (1024x1024x64 0.80-0.89x,
//   2048x2048x64 0.93-1.02x), hence kWideKernelMaxShallowK.
// Small m (<= kSmallMRowsMax): 8x48, kc 256, B read in place where its rows
//   are contiguous. Against the 6x32 packed-B defaults: 32x4096x4096 80 -> 110
//   GFLOP/s, 16x4096x4096 55 -> 94-103, 16x1536x8960 56-60 -> 96-108,
//   64x576x1536 121 -> 136 (oneDNN 104-177 on these), since packing all of B
//   costs as much as the few row panels that read it.
constexpr int64_t kDefaultKc = 384;
// Up to this depth the blocked path's auto kc is all of k (one pass over C, A
// and B packed once) instead of two slices of at most 288. smollm2-135m's
// k = 576 products (prefill 128 / 256 / 2048 rows), `tilevolve bench
// --heuristic auto --vs onednn`, kc 576 against 288, 3 rounds each alternating
// (Zen 5 VM, 2026-11-28): 2 threads 0.963 -> 1.008x oneDNN geomean (qkv
// 256x960x576 0.89 -> 0.99x, o 256x576x576 0.85 -> 0.94x, 2048x192x576 0.95
// -> 1.00x), 1 thread 0.999 -> 1.003x (2048x192x576 +3%, the LM head
// 128x49152x576 -3%); qwen2.5-0.5b's attention P V 512x64x512, kc 512
// against 256, 3 rounds: 1 thread 1.00-1.03 -> 1.11-1.13x, 2 threads
// 1.06-1.08 -> 1.12-1.18x. Deeper products keep slices of about kDefaultKc:
// kc = k at k = 896 (qwen2.5-0.5b's 256-row products) was within 0-5% either
// way, and kc 576 or 768 for every shape was within the host's noise.
constexpr int64_t kOneSliceMaxK = 576;
constexpr int64_t kDefaultMcRows = 144;  // rounded down to a multiple of mr
constexpr int64_t kDefaultNcCols = 512;  // rounded down to a multiple of nr
constexpr int64_t kSmallMRowsMax = 64;
constexpr int kSmallMKernelMr = 8;  // snapped to the nearest offered shape (AVX2: untimed)
constexpr int kSmallMKernelNr = 48;
constexpr int64_t kSmallMDefaultKc = 256;
constexpr int kWideKernelMr = 8;
constexpr int kWideKernelNr = 48;
constexpr double kWideKernelLead = 1.04;
// On more than one thread, k this small keeps the first kernel (see above).
constexpr int64_t kWideKernelMaxShallowK = 64;

// AutoParallel's split over K for deep products on two threads (see there).
constexpr int64_t kSplitKMinDepthPerColumn = 4;
constexpr double kSplitKMaxPartialBytes = 32.0 * 1024 * 1024;
// ... and its band of shallower products (k >= 2 n) with a small partial C.
constexpr int64_t kSplitKBandMinDepthPerColumn = 2;
constexpr double kSplitKBandMaxPartialBytes = 1.0 * 1024 * 1024;
constexpr int64_t kSplitKBandMinRows = 128;

// With A's rows contiguous, auto reads A in place (no packed copy) where the
// busiest thread has at most this many columns of C: a packed A micro-panel
// then serves too few B micro-panels to pay for its copy. `tilevolve bench
// --tiles pack_a=off` against auto (A packed), m x n x k with m in {512, 1024,
// 2048}, 2 rounds, vs oneDNN in the same run (Zen 5 VM, 2026-11-27, 1 thread):
// n = 64 0.84-0.92 -> 1.01-1.12x, n = 128 0.86-0.94 -> 0.94-1.03x, n = 256
// 0.93-0.98 -> 0.95-1.01x, n = 384 0.96-0.99 -> 0.96-1.00x, n >= 512 packing
// won (n = 768 0.96-1.01 against 0.95-0.99x); at 2 threads the same up to
// 256 columns a thread, n = 384 lost (0.83-0.84 against 0.87). AVX2: untimed.
constexpr int64_t kAutoPackAMaxColumns = 256;
// Below this many flops (2 m n k) per extra thread, auto uses fewer threads
// (a guess from the pool's wake-up cost, tens of microseconds; not measured).
constexpr double kMinFlopsPerExtraThread = 2.0e6;

// The offered shape nearest to the request (log distance; 0 = don't care).
MicrokernelEntry SnapKernel(int mr, int nr, const KernelTable& table) {
  if (mr <= 0 && nr <= 0) return table.kernels[0];
  double best_distance = 0;
  int best = 0;
  for (int i = 0; i < table.kernel_count; ++i) {
    const MicrokernelEntry& e = table.kernels[i];
    double d = 0;
    if (mr > 0) d += std::abs(std::log(static_cast<double>(mr) / e.mr));
    if (nr > 0) d += std::abs(std::log(static_cast<double>(nr) / e.nr));
    if (i == 0 || d < best_distance - 1e-12) {
      best_distance = d;
      best = i;
    }
  }
  return table.kernels[best];
}

tv_parallel AutoParallel(const CanonicalShape& s, int threads, int mr, int nr);

// The auto kernel of the blocked path for m > kSmallMRowsMax (see above).
MicrokernelEntry AutoBlockedKernel(const CanonicalShape& s, const KernelTable& table, int threads) {
  const MicrokernelEntry& first = table.kernels[0];
  if (threads > 1 && s.k <= kWideKernelMaxShallowK) return first;
  // The area of C, padded to whole kernel blocks, of the busiest thread under
  // the split auto would choose for kernel e.
  auto padded = [&](const MicrokernelEntry& e) {
    const int64_t m_units = CeilDiv(std::max<int64_t>(s.m, 1), e.mr);
    const int64_t n_units = CeilDiv(std::max<int64_t>(s.n, 1), e.nr);
    const tv_parallel split = AutoParallel(s, threads, e.mr, e.nr);
    const int64_t rows = (split == TV_PARALLEL_M ? CeilDiv(m_units, threads) : m_units) * e.mr;
    const int64_t cols = (split == TV_PARALLEL_N ? CeilDiv(n_units, threads) : n_units) * e.nr;
    return static_cast<double>(rows) * static_cast<double>(cols);
  };
  for (int i = 0; i < table.kernel_count; ++i) {
    const MicrokernelEntry& e = table.kernels[i];
    if (e.mr == kWideKernelMr && e.nr == kWideKernelNr && padded(e) <= kWideKernelLead * padded(first))
      return e;
  }
  return first;
}

// Clamps `requested` (0 = use `fallback`) into [lo, hi] and down to a multiple of `align`.
int64_t ClampAligned(int64_t requested, int64_t fallback, int64_t align, int64_t hi) {
  int64_t v = requested > 0 ? requested : fallback;
  v = std::min(v, hi);
  v = v / align * align;
  return std::max<int64_t>(v, align);
}

// How many slices the chosen loop can be cut into.
int64_t ParallelUnits(tv_parallel parallel, const CanonicalShape& s, int mr, int nr) {
  switch (parallel) {
    case TV_PARALLEL_M:
      return std::max<int64_t>(1, CeilDiv(s.m, mr));
    case TV_PARALLEL_K:
      return std::max<int64_t>(1, s.k);
    default:
      return std::max<int64_t>(1, CeilDiv(s.n, nr));
  }
}

// Each thread packs all of the operand it shares: A under an N split, B under
// an M split. So with rows enough for two kernel panels a thread, the loop
// whose shared operand is the smaller one to pack is split: M where n < m.
// 2 threads, auto tiles otherwise, against the N split: 2048x192x576 0.74 ->
// 0.85x oneDNN, 1024x128x1024 0.70 -> 0.80-0.85, 256x128x896 0.77-0.80 ->
// 0.89-0.99, 2048x1536x576 0.83-0.90 -> 0.91-0.96; where n > m the N split
// won (256x896x896 0.87-0.95 against 0.80-0.81).
//
// Where that leaves the N split but the product is deep (k >= kSplitKMinDepthPerColumn
// x n), two threads split K instead: each packs half of A and half of B, none
// packs a copy, and summing the one partial C (m x n, at most
// kSplitKMaxPartialBytes) is small against the depth. 2 threads, against auto's
// N split (6x32), three rounds, ratio to oneDNN: 256x896x4864 0.89-0.92 ->
// 0.97-0.98x (five more rounds: 0.88-0.93 -> 0.97-0.99x), 512x896x4864
// 0.90-0.92 -> 0.98-1.00x, 256x1024x4096 1.08-1.13 -> 1.15-1.17x, 1024x1536x8960
// 0.97-0.99 -> 1.01-1.02x (docs/PERFORMANCE.md). Not measured with more threads,
// where each adds a partial C and a share of the serial sum: they keep N.
//
// Two threads split K also from k >= kSplitKBandMinDepthPerColumn x n where
// the partial C is at most kSplitKBandMaxPartialBytes (the L2 of one core here)
// and m >= kSplitKBandMinRows. Against the N split, 2 threads, B from DRAM with
// A in cache and all cold (docs/data/2026-11-28-zen5/split-k-band/): 256x576x1536
// (smollm2-135m's mlp down) 0.88-0.92 -> 0.96-1.00x oneDNN, 128x576x1536
// 0.87-0.88 -> 0.96-0.97x, 128x512x1024 0.86-0.87 -> 1.00-1.03x, 256x960x2560
// 0.94-0.95 -> 0.97-0.98x; where it does not apply it did not win: 64x576x1536
// 0.85 -> 0.79x, 512x576x1536 0.96 -> 0.97x, 1024x960x2560 0.98 -> 0.97x, and
// 512x4096x11008 (8 MiB partial) 1.00 -> 0.74-0.86x in `tilevolve bench`.
tv_parallel AutoParallel(const CanonicalShape& s, int threads, int mr, int nr) {
  const int64_t n_units = CeilDiv(s.n, nr);
  const int64_t m_units = CeilDiv(s.m, mr);
  if (s.n < s.m && m_units >= 2 * threads) return TV_PARALLEL_M;
  const double partial_bytes = static_cast<double>(s.m) * static_cast<double>(s.n) * sizeof(float);
  if (threads == 2 && s.k >= kSplitKMinDepthPerColumn * s.n && partial_bytes <= kSplitKMaxPartialBytes) {
    return TV_PARALLEL_K;
  }
  if (threads == 2 && s.k >= kSplitKBandMinDepthPerColumn * s.n &&
      partial_bytes <= kSplitKBandMaxPartialBytes && s.m >= kSplitKBandMinRows) {
    return TV_PARALLEL_K;
  }
  if (n_units >= 2 * threads || n_units >= m_units) return TV_PARALLEL_N;
  if (m_units >= threads) return TV_PARALLEL_M;
  return TV_PARALLEL_K;
}

// Whether an auto request runs the small-M path (legalize.h: kAutoSmallMMax,
// kAutoSmallMMinBBytes).
bool AutoTakesSmallM(const CanonicalShape& s, Isa isa) {
  if (s.m <= kAutoSmallMMax) return true;
  if (s.m > kSmallMMax || isa != Isa::kAvx512) return false;
  const double b_bytes = static_cast<double>(s.n) * static_cast<double>(s.k) * sizeof(float);
  return b_bytes >= kAutoSmallMMinBBytes;
}

}  // namespace

bool SmallMPathAvailable(const CanonicalShape& shape) { return shape.m >= 1 && shape.m <= kSmallMMax; }

tv_tile_config LegalizeBlocked(const tv_tile_config& requested, const CanonicalShape& s,
                               const KernelTable& table, int max_threads) {
  tv_tile_config out = requested;
  out.path = TV_PATH_BLOCKED;
  const bool small_m = s.m <= kSmallMRowsMax;
  int threads = requested.threads > 0 ? std::min(requested.threads, max_threads) : max_threads;
  if (requested.threads <= 0) {
    const double flops = 2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);
    threads = static_cast<int>(std::clamp<double>(flops / kMinFlopsPerExtraThread, 1, threads));
  }
  const bool auto_kernel = requested.mr <= 0 && requested.nr <= 0;
  const MicrokernelEntry kernel = !auto_kernel ? SnapKernel(requested.mr, requested.nr, table)
                                  : small_m    ? SnapKernel(kSmallMKernelMr, kSmallMKernelNr, table)
                                               : AutoBlockedKernel(s, table, threads);
  out.mr = kernel.mr;
  out.nr = kernel.nr;

  const int64_t k = std::max<int64_t>(s.k, 1);
  int64_t kc = requested.kc;
  if (kc <= 0) {
    const int64_t default_kc = small_m ? kSmallMDefaultKc : kDefaultKc;
    kc = !small_m && k <= kOneSliceMaxK ? k : CeilDiv(k, CeilDiv(k, default_kc));  // equal slices, none tiny
  }
  out.kc = static_cast<int32_t>(std::clamp<int64_t>(kc, 1, k));
  out.mc = static_cast<int32_t>(
      ClampAligned(requested.mc, kDefaultMcRows, kernel.mr, RoundUp(std::max<int64_t>(s.m, 1), kernel.mr)));
  out.nc = static_cast<int32_t>(
      ClampAligned(requested.nc, kDefaultNcCols, kernel.nr, RoundUp(std::max<int64_t>(s.n, 1), kernel.nr)));

  tv_parallel parallel = static_cast<tv_parallel>(requested.parallel);
  if (parallel != TV_PARALLEL_N && parallel != TV_PARALLEL_M && parallel != TV_PARALLEL_K) {
    parallel = AutoParallel(s, threads, kernel.mr, kernel.nr);
  }
  out.parallel = parallel;
  out.threads =
      static_cast<int32_t>(std::min<int64_t>(threads, ParallelUnits(parallel, s, kernel.mr, kernel.nr)));

  out.pack_a = requested.pack_a == TV_PACK_OFF ? TV_PACK_OFF : TV_PACK_ON;
  if (requested.pack_a == TV_PACK_AUTO && !small_m && s.a_rows_contiguous) {
    const int64_t n_units = CeilDiv(std::max<int64_t>(s.n, 1), kernel.nr);
    const int64_t thread_units = parallel == TV_PARALLEL_N ? CeilDiv(n_units, out.threads) : n_units;
    if (thread_units * kernel.nr <= kAutoPackAMaxColumns) out.pack_a = TV_PACK_OFF;
  }
  const bool b_in_place = requested.pack_b == TV_PACK_OFF || (requested.pack_b == TV_PACK_AUTO && small_m);
  out.pack_b = b_in_place && s.b_rows_contiguous ? TV_PACK_OFF : TV_PACK_ON;
  return out;
}

tv_tile_config LegalizeTiles(const tv_tile_config& requested, const CanonicalShape& shape, Isa isa,
                             const KernelTable& table, int max_threads) {
  const bool small_m =
      requested.path == TV_PATH_SMALL_M || (requested.path != TV_PATH_BLOCKED && AutoTakesSmallM(shape, isa));
  if (small_m && SmallMPathAvailable(shape)) return LegalizeSmallM(requested, shape, isa, max_threads);
  return LegalizeBlocked(requested, shape, table, max_threads);
}

}  // namespace tv::gemm::cpu
