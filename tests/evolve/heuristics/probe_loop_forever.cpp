// Never returns: the probe must end it at its wall-clock deadline.
tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info*) {
  volatile long long spin = M + N + K;
  for (;;) spin = spin + 1;
}
