// Reads a file: the sandboxed probe's system-call filter must catch it.
#include <cstdio>

tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  tv_tile_config tiles{64, 64, 64};
  if (std::FILE* f = std::fopen("/etc/hostname", "r")) {
    std::fclose(f);
    tiles.mc = 128;
  }
  return tiles;
}
