// Legalization of a requested tv_tile_config (contract: CpuGemm::Legalize).
#pragma once

#include <cstdint>

#include "gemm/cpu/canonical.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/kernel_table.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cpu {

// Largest m for which an 'auto' path always picks the small-M path. On 2026-11-25
// (`tilevolve oracle --threads 1`, Zen 5) the blocked path still won 16x1536x8960, so the
// rule stopped at 8. Since the small-M path splits K over threads (2026-11-27), `tilevolve
// bench --tiles path=small_m` against `path=blocked` (two rounds each, Zen 5 VM, vs oneDNN
// in the same run) wins every m = 12 and 16 shape tried: 1 thread 1.00-1.29x oneDNN against
// 0.87-1.02x (16x1536x8960, 16x4096x4096, 12x4096x4096, 16x1536x576, 16x4864x896); 2 threads
// 1.09-1.28x against 0.96-1.03x. B transposed (numpy's x @ W.T under LD_PRELOAD, 2 threads):
// 62-75 GFLOP/s against 42-66 blocked.
inline constexpr int64_t kAutoSmallMMax = 16;

// Above kAutoSmallMMax, up to kSmallMMax rows, an auto request takes the small-M path with
// AVX-512 and at least this many bytes of B: there B comes from memory and packing it costs
// more than the blocked kernel's better use of the caches brings.
// `tilevolve bench --tiles path=small_m,kc=256` against `path=blocked`, oneDNN in the same
// run (Zen 5 VM, 2026-11-27): 32x4096x4096 (64 MiB of B), 24x4096x4096, 32x1536x8960 and
// 32x4864x896 (17 MiB) 1.00-1.25x oneDNN against 0.91-0.94x at 1 thread, 0.90-1.19x against
// 0.85-0.87x at 2; with B in the caches the blocked path won: 32x576x1536 (3.5 MiB) 0.95x
// against 0.85x, 32x192x576 0.92x against 0.64x. B transposed (numpy x @ W.T under
// LD_PRELOAD, 2 threads, docs/data/2026-11-27-zen5/small-m-32/numpy/): 32x4096x4096 and
// 32x4864x896 1.02-1.10x the blocked path, 32x1536x8960 a tie, 32x576x1536 and 32x192x576
// 0.76-0.85x and 0.55x.
inline constexpr double kAutoSmallMMinBBytes = 8.0 * 1024 * 1024;

// Where the small-M path can run: m in [1, kSmallMMax].
bool SmallMPathAvailable(const CanonicalShape& shape);

// The blocked path's legal config: path = TV_PATH_BLOCKED, every field resolved.
// REQUIRES: max_threads >= 1. Idempotent.
tv_tile_config LegalizeBlocked(const tv_tile_config& requested, const CanonicalShape& shape,
                               const KernelTable& table, int max_threads);

// Picks the path (auto, or the request when legal) and legalizes for it.
// REQUIRES: isa != kAuto, table == KernelTableFor(isa), max_threads >= 1.
tv_tile_config LegalizeTiles(const tv_tile_config& requested, const CanonicalShape& shape, Isa isa,
                             const KernelTable& table, int max_threads);

}  // namespace tv::gemm::cpu
