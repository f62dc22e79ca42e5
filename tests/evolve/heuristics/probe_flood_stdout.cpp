// Writes 1 GB to stdout: the host's stdout is reserved for its answers, so
// write(1, ...) is forbidden.
#include <unistd.h>

#include <cstring>

tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  static char chunk[1 << 16];
  std::memset(chunk, 'x', sizeof chunk);
  for (long long written = 0; written < (1ll << 30); written += sizeof chunk) {
    if (write(1, chunk, sizeof chunk) < 0) break;
  }
  return tv_tile_config{64, 64, 64};
}
