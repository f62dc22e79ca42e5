// A faithful C++ translation of choose_tile_size() from the first version of
// examples/mlx_kernel_optimization/initial_program.py in OpenEvolve (the
// seed's "Generation 0"; see seed/mlx_kernel_optimization.md):
//   base tile 64; all of M, N, K <= 128 -> 32; any of them >= 1024 -> 128;
//   each tile first clamped to its dimension; memory_gb >= 16 -> double each
//   tile (clamped again); round up to a multiple of 8; clamp to the dimension.
// There, memory_gb = round(total RAM / 2^30, 1), and 8.0 when it could not be
// read; we read memory_bytes and treat 0 (unknown) the same way.
#include "heuristic/baseline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tv::heuristic {
namespace {

// memory_gb >= 16 with memory_gb rounded to one decimal, as in the seed.
bool HasAtLeast16Gb(const tv_device_info* device) {
  if (device == nullptr || device->memory_bytes <= 0) return false;  // seed's fallback: 8.0 GB
  const double tenths_of_gib = static_cast<double>(device->memory_bytes) * 10.0 / (1ull << 30);
  return std::llround(tenths_of_gib) >= 160;
}

int RoundUpTo8(int tile) { return (tile + 7) / 8 * 8; }

}  // namespace

tv_tile_config ChooseBaselineTiles(int m, int n, int k, const tv_device_info* device) {
  m = std::max(m, 0);
  n = std::max(n, 0);
  k = std::max(k, 0);

  constexpr int kBaseTile = 64;
  int tile;
  if (m <= 128 && n <= 128 && k <= 128) {
    tile = 32;  // small matrices
  } else if (m >= 1024 || n >= 1024 || k >= 1024) {
    tile = 128;  // large matrices
  } else {
    tile = kBaseTile;  // medium matrices
  }
  int tile_m = std::min(tile, m);
  int tile_n = std::min(tile, n);
  int tile_k = std::min(tile, k);

  if (HasAtLeast16Gb(device)) {  // binary memory scaling
    tile_m = std::min(tile_m * 2, m);
    tile_n = std::min(tile_n * 2, n);
    tile_k = std::min(tile_k * 2, k);
  }

  tile_m = std::min(RoundUpTo8(tile_m), m);  // 8-element alignment, then clamp
  tile_n = std::min(RoundUpTo8(tile_n), n);
  tile_k = std::min(RoundUpTo8(tile_k), k);

  tv_tile_config config{};
  config.mc = tile_m;
  config.nc = tile_n;
  config.kc = tile_k;
  return config;
}

}  // namespace tv::heuristic
