// Generation 0 of the GEMM tiling heuristic: the seed's initial program
// (OpenEvolve's examples/mlx_kernel_optimization/initial_program.py,
// choose_tile_size) translated faithfully to tilevolve's heuristic ABI
// (include/tilevolve/heuristic.h). tile_M, tile_N, tile_K become mc, nc, kc:
// the cache blocks of tilevolve's CPU GEMM. Every other field stays 0 (auto).
//
//   tilevolve eval examples/gemm_tiling/initial_program.cpp     # scores ~1.0
//   tilevolve evolve examples/gemm_tiling/initial_program.cpp --config examples/gemm_tiling/config.yaml
//
// Evolution rewrites only the code between the EVOLVE-BLOCK markers. The same
// logic is tilevolve's built-in `baseline` heuristic (src/heuristic/baseline.cc);
// a test checks that both answer every shape alike.
#include <cmath>

#include "tilevolve/heuristic.h"

// EVOLVE-BLOCK-START
namespace {

int Min(int a, int b) { return a < b ? a : b; }

}  // namespace

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  // The seed read memory_gb = round(total RAM / 2^30, 1), and 8.0 when unknown.
  double memory_gb = 8.0;
  if (device->memory_bytes > 0) {
    memory_gb =
        std::round(static_cast<double>(device->memory_bytes) / (1024.0 * 1024.0 * 1024.0) * 10.0) / 10.0;
  }
  if (M < 0) M = 0;
  if (N <= 0) N = 0;
  if (K < 0) K = 0;

  // Simple heuristic based on matrix dimensions and memory
  const int base_tile = 64;
  int tile_M;
  int tile_N;
  int tile_K;

  // Adjust based on matrix size
  if (M <= 128 && N <= 128 && K <= 128) {
    // Small matrices - use smaller tiles
    tile_M = Min(32, M);
    tile_N = Min(32, N);
    tile_K = Min(32, K);
  } else if (M >= 1024 || N >= 1024 || K >= 1024) {
    // Large matrices - use larger tiles
    tile_M = Min(128, M);
    tile_N = Min(128, N);
    tile_K = Min(128, K);
  } else {
    // Medium matrices - use base tiles
    tile_M = Min(base_tile, M);
    tile_N = Min(base_tile, N);
    tile_K = Min(base_tile, K);
  }

  // Adjust based on available memory
  if (memory_gb >= 16) {
    // More memory available - can use larger tiles
    tile_M = Min(tile_M * 2, M);
    tile_N = Min(tile_N * 2, N);
    tile_K = Min(tile_K * 2, K);
  }

  // Ensure tiles are multiples of 8 for better memory alignment
  tile_M = Min(((tile_M + 7) / 8) * 8, M);
  tile_N = Min(((tile_N + 7) / 8) * 8, N);
  tile_K = Min(((tile_K + 7) / 8) * 8, K);

  tv_tile_config tiles{};
  tiles.mc = tile_M;
  tiles.nc = tile_N;
  tiles.kc = tile_K;
  if (M <= 1) { tiles.mc = 1; tiles.nc = 640; tiles.kc = 256; tiles.mr = 1; tiles.nr = 128; tiles.parallel = TV_PARALLEL_K; tiles.pack_a = TV_PACK_OFF; tiles.pack_b = TV_PACK_OFF; tiles.path = TV_PATH_SMALL_M; }  // shape rule: decode.o
  if (M > 128 && M <= 256) { tiles.mc = 128; tiles.nc = 96; tiles.kc = 128; tiles.mr = 8; tiles.nr = 48; tiles.parallel = TV_PARALLEL_M; tiles.pack_a = TV_PACK_ON; tiles.pack_b = TV_PACK_ON; tiles.path = TV_PATH_BLOCKED; }  // shape rule: prefill256.o
  if (M <= 4 && N > 2048) { tiles.mc = 1; tiles.nc = 3072; tiles.kc = 64; tiles.mr = 1; tiles.nr = 128; tiles.parallel = TV_PARALLEL_K; tiles.pack_a = TV_PACK_OFF; tiles.pack_b = TV_PACK_OFF; tiles.path = TV_PATH_SMALL_M; }  // shape rule: decode.gate_up
  if (M > 2 && M <= 4 && N <= 512) { tiles.mc = 4; tiles.nc = 320; tiles.kc = 64; tiles.mr = 4; tiles.nr = 64; tiles.parallel = TV_PARALLEL_M; tiles.pack_a = TV_PACK_OFF; tiles.pack_b = TV_PACK_OFF; tiles.path = TV_PATH_BLOCKED; }  // shape rule: decode.attn_scores.keys320
  if (M > 2 && M <= 4 && N <= 512) { tiles.mc = 4; tiles.nc = 320; tiles.kc = 64; tiles.mr = 4; tiles.nr = 64; tiles.parallel = TV_PARALLEL_N; tiles.pack_a = TV_PACK_OFF; tiles.pack_b = TV_PACK_OFF; tiles.path = TV_PATH_BLOCKED; }  // shape rule: decode.attn_scores.keys320
  if (M > 128 && M <= 256 && N > 2048) { tiles.mc = 256; tiles.nc = 240; tiles.kc = 384; tiles.mr = 8; tiles.nr = 48; tiles.parallel = TV_PARALLEL_N; tiles.pack_a = TV_PACK_ON; tiles.pack_b = TV_PACK_ON; tiles.path = TV_PATH_BLOCKED; }  // shape rule: prefill256.gate_up
  return tiles;
}
// EVOLVE-BLOCK-END
