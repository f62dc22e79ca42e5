// Legalization of a requested tv_tile_config (contract: CpuGemm::Legalize).
#pragma once

#include <cstdint>

#include "gemm/cpu/canonical.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/kernel_table.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cpu {

// Whether the small-M library (small_m/) is part of this build; CMake sets
// TV_HAVE_SMALL_M. Calls to it sit under `if constexpr (kSmallMLinked)`.
inline constexpr bool kSmallMLinked = TV_HAVE_SMALL_M != 0;

// Largest m for which an 'auto' path picks the small-M path. A first guess, not measured
// yet against the blocked path; the small-M helper's numbers should set it.
inline constexpr int64_t kAutoSmallMMax = 8;

// Where the small-M path can run: linked into this build, and m in range.
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
