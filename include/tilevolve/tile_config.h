/* tilevolve — the tiling decisions a heuristic returns for one GEMM.
 *
 * Stable C ABI. Every field that changes the speed of the CPU GEMM is here, and
 * every field has an "auto" value of 0, so a zero-initialized struct is a valid
 * request. Whatever a heuristic returns is passed through legalize() before any
 * kernel sees it: values are clamped, aligned and made consistent with the
 * problem and the machine, never executed as is. */
#ifndef TILEVOLVE_TILE_CONFIG_H_
#define TILEVOLVE_TILE_CONFIG_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which loop the threads split. */
typedef enum tv_parallel {
  TV_PARALLEL_AUTO = 0,
  TV_PARALLEL_N = 1, /* columns of C: each thread owns a slice of N (jc loop) */
  TV_PARALLEL_M = 2, /* rows of C: each thread owns a slice of M (ic loop) */
  TV_PARALLEL_K = 3  /* depth: each thread sums a slice of K, partial C reduced at the end */
} tv_parallel;

/* Whether an operand is copied into contiguous micro-panels before the microkernel. */
typedef enum tv_pack {
  TV_PACK_AUTO = 0,
  TV_PACK_ON = 1,
  TV_PACK_OFF = 2 /* read in place (B only where its rows are contiguous along N) */
} tv_pack;

/* Which algorithm runs. */
typedef enum tv_gemm_path {
  TV_PATH_AUTO = 0,
  TV_PATH_BLOCKED = 1, /* BLIS five loops: MC x KC x NC cache blocks around an MR x NR microkernel */
  TV_PATH_SMALL_M = 2  /* M <= TV_SMALL_M_MAX_ROWS: A in registers, B streamed once, never packed */
} tv_gemm_path;

/* The most rows TV_PATH_SMALL_M serves; larger M runs the blocked path. */
#define TV_SMALL_M_MAX_ROWS 32

/* Which CUDA kernel family runs (the CUDA backend; the CPU GEMM ignores it). */
typedef enum tv_gpu_kernel {
  TV_GPU_KERNEL_AUTO = 0,
  TV_GPU_KERNEL_MMA_SYNC = 1, /* Ampere-style warp mma.sync with cp.async pipelining (sm_80+) */
  TV_GPU_KERNEL_WGMMA = 2,    /* Hopper warpgroup wgmma with TMA bulk copies (sm_90a) */
  TV_GPU_KERNEL_STREAM = 3    /* m of a few rows (decode): B read once into registers, no shared-memory
                                 pipeline; there kc is the rows of B one pass of a CTA reads. mc <= 8 with
                                 warp_n 8: fp32 FMAs, warp_m x warp_n one thread's tile (mc x 8), stages
                                 the rows in flight per thread; mc 8 or 16 with warp_n 32 or 64: tensor
                                 cores, warp_m x warp_n one warp's tile (mc x nc), stages the blocks of 16
                                 rows in flight per warp */
} tv_gpu_kernel;

typedef struct tv_tile_config {
  int32_t mc;       /* rows of A per cache block (the seed's tile_M); 0 = auto */
  int32_t nc;       /* columns of B per cache block (tile_N); 0 = auto */
  int32_t kc;       /* depth per cache block (tile_K); 0 = auto */
  int32_t mr;       /* microkernel rows; 0 = the ISA's default shape */
  int32_t nr;       /* microkernel columns; 0 = the ISA's default shape */
  int32_t threads;  /* threads to use; 0 = all the engine has */
  int32_t parallel; /* tv_parallel */
  int32_t pack_a;   /* tv_pack */
  int32_t pack_b;   /* tv_pack; the CUDA backend reads it as "copy the operands that do not allow
                       16-byte copies (odd n or k, odd leading dimensions) into an aligned, padded
                       workspace first": ON, OFF, or auto (where the flops pay for the copies) */
  int32_t path;     /* tv_gemm_path */

  /* CUDA backend only (appended in ABI version 2; the CPU GEMM ignores them).
   * There mc x nc x kc is the CTA tile (BM x BN x BK). */
  int32_t warp_m;     /* rows of C per warp; 0 = auto */
  int32_t warp_n;     /* columns of C per warp; 0 = auto */
  int32_t stages;     /* shared-memory pipeline depth; 0 = auto */
  int32_t split_k;    /* CTAs that split K, partial sums reduced; 0 = auto, 1 = none */
  int32_t swizzle;    /* CTA raster: log2 of the tile-group width; 0 = auto/none */
  int32_t gpu_kernel; /* tv_gpu_kernel */
} tv_tile_config;

#ifdef __cplusplus
}
#endif

#endif /* TILEVOLVE_TILE_CONFIG_H_ */
