/* tilevolve — what a tiling heuristic may know about the machine.
 *
 * Stable C ABI: heuristics are compiled separately and read this struct, so
 * fields are only ever appended (bump TV_DEVICE_INFO_VERSION when you do).
 * All sizes are in bytes; a value of 0 means "unknown". */
#ifndef TILEVOLVE_DEVICE_INFO_H_
#define TILEVOLVE_DEVICE_INFO_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TV_DEVICE_INFO_VERSION 2 /* 2: the CUDA device fields */

typedef struct tv_device_info {
  int32_t version; /* TV_DEVICE_INFO_VERSION of the writer */

  /* CPU identity */
  char cpu_vendor[16];    /* "AuthenticAMD", "GenuineIntel", ... (CPUID leaf 0) */
  char cpu_model[64];     /* brand string, e.g. "AMD EPYC 9R14 96-Core Processor" */
  int32_t cpu_family;     /* CPUID family (extended family folded in) */
  int32_t cpu_model_id;   /* CPUID model (extended model folded in) */
  int32_t physical_cores; /* cores usable by this process, not SMT siblings */
  int32_t logical_cpus;   /* hardware threads usable by this process */

  /* memory hierarchy; per core unless said otherwise */
  int64_t memory_bytes; /* physical RAM of the machine */
  int64_t l1d_bytes;    /* L1 data cache of one core */
  int64_t l2_bytes;     /* L2 of one core */
  int64_t l3_bytes;     /* L3 shared by the cores of this process (one instance) */
  int32_t cache_line_bytes;

  /* ISA features the OS lets us use (CPUID and XGETBV both agree) */
  int32_t has_avx2;
  int32_t has_fma;
  int32_t has_avx512f;
  int32_t has_avx512bw;
  int32_t has_avx512vl;
  int32_t has_avx512_bf16;
  int32_t vector_bits; /* widest float vector the GEMM uses: 512, 256 or 128 */

  /* stable identity of the machine: same hardware -> same string */
  char fingerprint[64];

  /* the CUDA device the GPU backend runs on (version 2); all 0 without one */
  int32_t gpu_count;            /* CUDA devices visible to this process */
  char gpu_name[64];            /* e.g. "NVIDIA H100 80GB HBM3" */
  int32_t gpu_cc_major;         /* compute capability, e.g. 9 */
  int32_t gpu_cc_minor;         /* e.g. 0 */
  int32_t gpu_sm_count;         /* streaming multiprocessors */
  int32_t gpu_smem_per_block;   /* bytes of shared memory one block may opt in to */
  int32_t gpu_smem_per_sm;      /* bytes of shared memory per SM */
  int32_t gpu_regs_per_sm;      /* 32-bit registers per SM */
  int64_t gpu_l2_bytes;         /* L2 cache */
  int64_t gpu_memory_bytes;     /* global memory */
  int64_t gpu_memory_bandwidth; /* peak DRAM bandwidth, bytes/s (from clock and bus width) */
} tv_device_info;

#ifdef __cplusplus
}
#endif

#endif /* TILEVOLVE_DEVICE_INFO_H_ */
