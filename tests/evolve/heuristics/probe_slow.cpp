// Takes 100 ms per answer (sleeping is allowed; taking this long is not).
#include <time.h>

tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  timespec pause{0, 100 * 1000 * 1000};
  nanosleep(&pause, nullptr);
  return tv_tile_config{64, 64, 64};
}
