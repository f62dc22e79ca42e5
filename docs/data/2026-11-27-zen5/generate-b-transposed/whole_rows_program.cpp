// A hand-written heuristic (not evolved) for the decode measurements of
// 2026-11-27: for m <= 16 every column in one chunk (nc = N, at most the ABI's
// 65536) and short depth chunks (kc 16 for m <= 2, else 64), threads and their
// split left to the engine, so each thread streams whole rows of B; above m = 16
// one fixed blocked configuration.
#include "tilevolve/heuristic.h"

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  (void)device;
  tv_tile_config tiles{};
  if (M <= 16) {
    tiles.mc = M < 1 ? 1 : M;
    tiles.nc = N < 1 ? 1 : (N > 65536 ? 65536 : N);
    tiles.kc = M <= 2 ? 16 : 64;
    if (tiles.kc > K) tiles.kc = K < 1 ? 1 : K;
  } else {
    tiles.mc = 128;
    tiles.nc = 512;
    tiles.kc = 256;
  }
  return tiles;
}
