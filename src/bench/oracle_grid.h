// The configurations an oracle sweep tries for one shape: every decision of
// tv_tile_config (microkernel shape, mc, kc, nc around cache-derived values,
// thread split, packing, path), legalized by the engine and deduplicated.
#pragma once

#include <cstdint>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// Legal, distinct configurations, at most `budget` (>= 1) of them:
//   [0]     the engine's fixed default (Legalize of the all-auto request);
//   then    one-decision-at-a-time variations of the default (each kernel shape,
//           kc, mc, nc, split, packing and path value alone);
//   then    combinations drawn from the full grid with a fixed seed.
std::vector<tv_tile_config> OracleCandidates(const gemm::CpuGemm& gemm, const gemm::GemmShape& shape,
                                             const tv_device_info& device, int budget, uint64_t seed);

// The one-decision-at-a-time variations of `base` (each kernel shape, path,
// split, packing, kc, mc and nc value of the grid alone, the other decisions as
// `base` has them), legalized, distinct, `base` itself left out. REQUIRES:
// `base` legal for `shape`.
std::vector<tv_tile_config> TileVariations(const gemm::CpuGemm& gemm, const gemm::GemmShape& shape,
                                           const tv_device_info& device, const tv_tile_config& base);

// Whether two legal configs are the same decision (field by field).
bool SameTiles(const tv_tile_config& a, const tv_tile_config& b);

}  // namespace tv::bench
