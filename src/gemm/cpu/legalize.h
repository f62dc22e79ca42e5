// Legalization of a requested tv_tile_config (contract: CpuGemm::Legalize).
#pragma once

#include <cstdint>

#include "gemm/cpu/canonical.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/kernel_table.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cpu {

// Largest m for which an 'auto' path picks the small-M path. Measured with `tilevolve
// oracle --suite transformer --threads 1` (Zen 5, 2026-11-25): small-M wins every m = 1 and
// m = 8 shape; at m = 16 it wins 16x4096x4096 (104 vs 82 GFLOP/s) but loses 16x1536x8960
// to the blocked path (115 GFLOP/s), so the fixed rule stops at 8 and m = 9..16 is left
// to the heuristic.
inline constexpr int64_t kAutoSmallMMax = 8;

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
