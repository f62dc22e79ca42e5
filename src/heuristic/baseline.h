// The seed's Generation 0 tiling heuristic (OpenEvolve's mlx_kernel_optimization
// initial_program.py, choose_tile_size), translated to tv_tile_config.
#pragma once

#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::heuristic {

// tile_M, tile_N, tile_K -> mc, nc, kc; every other field 0 (auto).
// device may be null (memory then counts as unknown). Negative sizes count as 0.
tv_tile_config ChooseBaselineTiles(int m, int n, int k, const tv_device_info* device);

}  // namespace tv::heuristic
