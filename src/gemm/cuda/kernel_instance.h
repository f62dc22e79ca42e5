// One compiled GEMM kernel of the menu: its tile shape, what it needs, and how
// to launch it. Names describe the whole configuration, e.g.
// "mma_bf16_128x128x32_w64x64_s4_v8": family, type, CTA tile BM x BN x BK,
// warp tile, pipeline stages, copy width in elements (v8 = 16-byte copies);
// "wgmma_bf16_128x256x64_w64x256_s3_v8": the Hopper family, whose "warp tile"
// is one warpgroup's 64 x BN.
#pragma once

#include <string>

#include "gemm/cuda/cuda_types.h"
#include "gemm/cuda/mma_gemm_params.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cuda {

// Launches the kernel on `stream` (a cudaStream_t) with grid (tiles, 1, split).
// Returns the cudaError_t of the launch (0 = cudaSuccess).
using LaunchFn = int (*)(const kernels::MmaGemmParams& params, int tiles, int split, void* stream);

struct KernelInstance {
  std::string name;
  tv_gpu_kernel family = TV_GPU_KERNEL_MMA_SYNC;
  bool needs_sm90a = false;  // wgmma: runs on compute capability 9.0 only
  DType dtype = DType::kBf16;
  int bm = 0;  // CTA tile rows of C
  int bn = 0;  // CTA tile columns of C
  int bk = 0;  // depth per pipeline stage
  int wm = 0;  // warp tile rows (wgmma: warpgroup tile, 64)
  int wn = 0;  // warp tile columns (wgmma: BN)
  int stages = 0;
  int vector = 8;  // elements per global->shared copy; k, n, ld* must be multiples
  int threads = 0;
  int smem_bytes = 0;  // shared memory per CTA (dynamic; the stream family's is static)
  LaunchFn launch = nullptr;
};

}  // namespace tv::gemm::cuda
