// A valid heuristic written without extern "C" and without including the header:
// the force-included tilevolve/heuristic.h gives choose_tile_size C linkage.
#include <algorithm>

tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  tv_tile_config tiles{};
  tiles.mc = std::clamp(M, 1, 256);
  tiles.nc = std::clamp(N, 1, 1024);
  tiles.kc = std::clamp(K, 1, device->l1d_bytes > 0 ? 512 : 256);
  return tiles;
}
