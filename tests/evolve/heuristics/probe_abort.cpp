// Gives up with abort(): SIGABRT (abort raises it with tgkill on its own process).
#include <cstdlib>

tv_tile_config choose_tile_size(int M, int, int, const tv_device_info*) {
  if (M > 0) std::abort();
  return tv_tile_config{64, 64, 64};
}
