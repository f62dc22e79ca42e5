// Allocates 50 GB and touches it: under the probe's address-space limit
// operator new throws std::bad_alloc, and libstdc++'s terminate message says so.
#include <cstddef>
#include <cstring>

char* volatile g_keep;  // the allocation escapes, so the compiler cannot elide it

tv_tile_config choose_tile_size(int M, int, int, const tv_device_info*) {
  const std::size_t bytes = std::size_t{50} << 30;
  g_keep = new char[bytes];
  std::memset(g_keep, M, bytes);
  return tv_tile_config{64, 64, 64};
}
