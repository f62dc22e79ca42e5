// choose_tile_size as a C++ overload with other parameters (no device): legal C++,
// but not the ABI's function, so the link must fail (program_compiler_test).
tv_tile_config choose_tile_size(int M, int N) {
  tv_tile_config tiles{};
  tiles.mc = M;
  tiles.nc = N;
  tiles.kc = 64;
  return tiles;
}
