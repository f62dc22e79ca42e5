// Built-in tiling heuristics: pure functions from a problem shape and the
// machine to a tile request (which the GEMM legalizes before use).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::heuristic {

using HeuristicFn = tv_tile_config (*)(int m, int n, int k, const tv_device_info* device);

// "baseline": the seed's Generation 0 (base tile 64, binary memory scaling,
//             8-element alignment), translated to tv_tile_config's mc/nc/kc.
// "auto":     the zero request; legalize() fills every field with the engine's defaults.
// "analytic": mc/nc/kc (and mr/nr) from the machine's caches by the BLIS analytical
//             model (Low et al. 2016; heuristic/analytic.h); every other field auto.
Result<HeuristicFn> FindHeuristic(const std::string& name);
std::vector<std::string> HeuristicNames();

}  // namespace tv::heuristic
