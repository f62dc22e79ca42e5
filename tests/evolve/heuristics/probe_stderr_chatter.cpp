// Answers correctly and writes a few lines to stderr (allowed: they are kept as an artifact).
#include <cstdio>
#include <iostream>

tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info*) {
  std::fprintf(stderr, "choosing for %d x %d x %d\n", M, N, K);
  std::cerr << "debug: mc 64" << std::endl;
  return tv_tile_config{64, 64, 64};
}
