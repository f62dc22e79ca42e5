// A heuristic with a syntax error (program_compiler_test): a missing semicolon.
extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  tv_tile_config tiles {}
  tiles.mc = M;
  tiles.nc = N;
  tiles.kc = K;
  (void)device;
  return tiles;
}
