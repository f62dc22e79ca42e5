// Starts a thread: creating one (clone3/clone) is forbidden.
#include <thread>

tv_tile_config choose_tile_size(int M, int, int, const tv_device_info*) {
  int mc = 64;
  std::thread worker([&] { mc = M; });
  worker.join();
  return tv_tile_config{mc, 64, 64};
}
