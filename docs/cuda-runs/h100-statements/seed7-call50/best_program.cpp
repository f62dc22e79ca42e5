// Generation 0 of the CUDA GEMM tiling heuristic (issue 6): for C = A * B in
// bf16 (row-major, A m x k, B k x n) on an NVIDIA GPU, choose the CTA tile
// (mc x nc x kc = BM x BN x BK), the warp tile, the pipeline depth, split-K
// and the CTA raster of tilevolve's mma.sync kernels (src/gemm/cuda).
//
//   tilevolve eval examples/gemm_tiling_cuda/initial_program.cpp --backend cuda
//   tilevolve evolve examples/gemm_tiling_cuda/initial_program.cpp --config
//   examples/gemm_tiling_cuda/config.yaml
//
// The answer is a request: tilevolve snaps it to the nearest compiled kernel
// that can run the shape (src/gemm/cuda/legalize.h), so any numbers are safe.
// What the menu offers (bf16, 16-byte copies; N and K multiples of 8):
//   BM x BN x BK / warp tile / stages
//   16x32x128/16x16/4  16x64x128/16x16/4  16x128x64/16x32/4  16x256x64/16x64/4
//   32x128x64/32x32/4  64x64x64/32x32/4   64x128x64/32x64/4  64x256x32/64x64/4
//   128x64x64/64x32/4  128x128x32/64x64/4 128x128x32/64x32/4 128x128x64/64x64/3
//   128x256x32/64x64/3 256x128x32/64x64/3 128x256x64/64x64/3 256x128x64/64x64/3
// N or K not a multiple of 8 runs narrower-copy kernels (16x64x64, 64x64x32,
// 128x128x32, 128x256x32); the heuristic sees N and K, so it can tell.
// On compute capability 9.0 (device->gpu_cc_major == 9), gpu_kernel =
// TV_GPU_KERNEL_WGMMA asks for the Hopper kernels (N and K multiples of 8):
//   64x64x64/64x64/4  64x128x64/64x128/4  64x128x64/64x128/6   (one warpgroup, cp.async)
//   128x128x64/64x128/5,6  128x256x64/64x256/3,4               (TMA producer + two wgmma warpgroups)
// On any GPU (sm_80 and newer), gpu_kernel = TV_GPU_KERNEL_STREAM asks for the kernels for a few
// rows (decode), which read B once, straight into registers (N and K multiples of 8). There BM x BN
// is the CTA's tile and BK the rows of B one pass reads. With warp tile BM x 8 they multiply in
// fp32 (BK = threads / (BN / 8): CTAs of 256, 512 or 1024 threads; stages: rows in flight per
// thread, 4, or 8 for some 1-row tiles):
//   1 x 16, 32, 64, 128 with BK 16..512;  2 x 32, 2 x 64 (BK 32..256);  4 x 32, 4 x 64;  8 x 32
// With warp tile BM x BN (BM 8 or 16) they use the tensor cores (BK = 16 x warps; stages: blocks
// of 16 rows in flight per warp):
//   8 x 32 (BK 128/s16, 256/s4), 8 x 64 (256/s4), 16 x 32 (BK 64/s16, 128/s4,8,16, 256/s4, 512/s2),
//   16 x 64 (BK 64/s8, 128/s8)
// Generation 0 below asks for mma.sync only: finding the rest is evolution's job.
// Evolution rewrites only the code between the EVOLVE-BLOCK markers.
#include "tilevolve/heuristic.h"

// EVOLVE-BLOCK-START
namespace {

int CeilDiv(int a, int b) { return (a + b - 1) / b; }
int Min(int a, int b) { return a < b ? a : b; }
int Max(int a, int b) { return a > b ? a : b; }

}  // namespace

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  const int sms = device->gpu_sm_count > 0 ? device->gpu_sm_count : 108;
  if (M < 2) M = 1;
  if (N < 1) N = 2;
  if (K < 1) K = 1;

  tv_tile_config tiles{};
  tiles.gpu_kernel = TV_GPU_KERNEL_MMA_SYNC;
  if (M <= 16) {  // decode: B streamed once; thin CTAs, deep K
    tiles.mc = 8;
    tiles.nc = 128;
    tiles.kc = 64;
    tiles.warp_m = 16;
    tiles.warp_n = 32;
    tiles.stages = 4;
  } else if (M <= 64) {
    tiles.mc = 64;
    tiles.nc = 128;
    tiles.kc = 64;
    tiles.warp_m = 32;
    tiles.warp_n = 32;
    tiles.stages = 4;
  } else if (M <= 256 || N <= 512) {
    tiles.mc = 64;
    tiles.nc = 128;
    tiles.kc = 32;
    tiles.warp_m = 64;
    tiles.warp_n = 64;
    tiles.stages = 4;
  } else {
    tiles.mc = 128;
    tiles.nc = 256;
    tiles.kc = 32;
    tiles.warp_m = 64;
    tiles.warp_n = 64;
    tiles.stages = 3;
  }

  // Split K while the grid leaves SMs idle, keeping >= 8 k tiles per split.
  const int ctas = CeilDiv(M, tiles.mc) * CeilDiv(N, tiles.nc);
  int split = 1;
  if (ctas < sms) split = Min(CeilDiv(sms, ctas), Max(1, CeilDiv(K, tiles.kc) / 8));
  tiles.split_k = split;
  // Raster in groups of 8 tile rows once there are that many (L2 reuse of B).
  tiles.swizzle = CeilDiv(M, tiles.mc) >= 4 ? 3 : 0;
  if (M >= 64 && CeilDiv(M, 128) * CeilDiv(N, 128) * 4 <= sms) { tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA; tiles.mc = 128; tiles.nc = 64; tiles.kc = 160; tiles.warp_m = 64; tiles.warp_n = 32; tiles.stages = 8; tiles.split_k = 1; }
  if (M > 48 && CeilDiv(M, 128) * CeilDiv(N, 256) >= sms) { tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA; tiles.mc = 256; tiles.nc = 256; tiles.kc = 64; tiles.warp_m = 32; tiles.warp_n = 256; tiles.stages = 4; tiles.split_k = 1; }
  if (M == 1 && CeilDiv(N, 128) * 2 < sms) { tiles.gpu_kernel = TV_GPU_KERNEL_STREAM; tiles.mc = 1; tiles.nc = 32; tiles.kc = 256; tiles.warp_m = 1; tiles.warp_n = 8; tiles.stages = 10; tiles.split_k = 1; }
  if (M > 64 && CeilDiv(M, 128) * CeilDiv(N, 256) < sms && CeilDiv(M, 128) * CeilDiv(N, 128) * 4 > sms) { tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA; tiles.mc = 128; tiles.nc = 128; tiles.kc = 64; tiles.warp_m = 64; tiles.warp_n = 128; tiles.stages = 5; tiles.split_k = 1; }
  if (M > 16 && M <= 64 && CeilDiv(N, 128) * 2 < sms) { tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA; tiles.mc = 64; tiles.nc = 64; tiles.kc = 128; tiles.warp_m = 64; tiles.warp_n = 64; tiles.stages = 4; tiles.split_k = Min(CeilDiv(2 * sms, CeilDiv(N, 48)), Max(1, CeilDiv(K, 96) / 4)); }
  if (M > 8 && M <= 16 && CeilDiv(N, 128) * 2 < sms) { tiles.gpu_kernel = TV_GPU_KERNEL_STREAM; tiles.mc = 16; tiles.nc = 32; tiles.kc = 128; tiles.warp_m = 16; tiles.warp_n = 32; tiles.stages = 16; tiles.split_k = 1; }
  if (M > 1 && M <= 64 && CeilDiv(N, 128) * 2 >= sms) { tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA; tiles.mc = 64; tiles.nc = 128; tiles.kc = 64; tiles.warp_m = 64; tiles.warp_n = 128; tiles.stages = 6; tiles.split_k = 1; }
  if (M == 1 && CeilDiv(N, 128) * 2 >= sms) { tiles.gpu_kernel = TV_GPU_KERNEL_STREAM; tiles.mc = 1; tiles.nc = 64; tiles.kc = 64; tiles.warp_m = 1; tiles.warp_n = 8; tiles.stages = 4; tiles.split_k = 1; }
  return tiles;
}
// EVOLVE-BLOCK-END
