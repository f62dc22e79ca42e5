// A minimal valid heuristic (program_compiler_test): fixed 64 x 256 x 128 blocks.
#include "tilevolve/heuristic.h"

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  (void)M;
  (void)N;
  (void)K;
  (void)device;
  tv_tile_config tiles{};
  tiles.mc = 64;
  tiles.nc = 256;
  tiles.kc = 128;
  return tiles;
}
