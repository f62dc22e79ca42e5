// Test heuristic: does not compile (a missing semicolon).
#include "tilevolve/heuristic.h"

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  tv_tile_config tiles {}
  tiles.mc = M + N + K + device->vector_bits;
  return tiles;
}
