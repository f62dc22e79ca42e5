// Writes through a null pointer: SIGSEGV.
tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info*) {
  volatile int* nowhere = nullptr;
  *nowhere = M + N + K;
  return tv_tile_config{64, 64, 64};
}
