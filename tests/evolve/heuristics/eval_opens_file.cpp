// Test heuristic: tries to read a file (a heuristic may only read its arguments).
#include <cstdio>

#include "tilevolve/heuristic.h"

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  (void)device;
  std::FILE* f = std::fopen("/etc/hostname", "r");
  if (f != nullptr) std::fclose(f);
  tv_tile_config tiles{};
  tiles.mc = M;
  tiles.nc = N;
  tiles.kc = K;
  return tiles;
}
