// Answers a negative kc for large K.
tv_tile_config choose_tile_size(int, int, int K, const tv_device_info*) {
  return tv_tile_config{64, 64, K > 1000 ? -K : K};
}
