// A program that compiles but does not define choose_tile_size (program_compiler_test).
extern "C" tv_tile_config choose_tiles(int M, int N, int K, const tv_device_info* device) {
  (void)device;
  tv_tile_config tiles{};
  tiles.mc = M;
  tiles.nc = N;
  tiles.kc = K;
  return tiles;
}
