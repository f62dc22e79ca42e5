// A well-behaved heuristic: blocks from the shape and the L2 size, the same
// answer every time, no system calls.
#include <algorithm>

tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  tv_tile_config tiles{};
  const long long l2 = device->l2_bytes > 0 ? device->l2_bytes : (1 << 20);
  tiles.kc = std::clamp(K, 1, 256);
  tiles.mc = std::clamp(M, 1, static_cast<int>(std::min<long long>(l2 / (4 * tiles.kc * 2), 4096)));
  tiles.nc = std::clamp(N, 1, 4096);
  tiles.parallel = TV_PARALLEL_AUTO;
  tiles.path = M <= 8 ? TV_PATH_SMALL_M : TV_PATH_BLOCKED;
  return tiles;
}
