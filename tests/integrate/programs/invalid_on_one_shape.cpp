// Passes the probe but answers out of range (mc = 0) for one shape the probe
// never asks, 123 x 457 x 789: the library must fall back there, counted as invalid tiles.
tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info*) {
  tv_tile_config tiles{};
  tiles.mc = (M == 123 && N == 457 && K == 789) ? 0 : 64;
  tiles.nc = 256;
  tiles.kc = 128;
  return tiles;
}
