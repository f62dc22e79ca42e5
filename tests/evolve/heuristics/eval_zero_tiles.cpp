// Test heuristic: answers 0 for kc, which the ABI does not allow (mc, nc, kc >= 1).
#include "tilevolve/heuristic.h"

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  (void)K;
  (void)device;
  tv_tile_config tiles{};
  tiles.mc = M;
  tiles.nc = N;
  tiles.kc = 0;
  return tiles;
}
