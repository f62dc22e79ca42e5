// Turns one StreamGemmKernel or StreamMmaGemmKernel template instance into a
// KernelInstance of the menu. Included only by the menu_*_stream.cu files.
//
// The KernelInstance fields mean for this family: bm x bn the CTA's tile of C,
// bk the rows of B one pass of the CTA reads (also the k granularity of a
// split-K slice), stages the rows (StreamMmaGemmKernel: blocks of 16 rows) of B
// each thread has in flight (the unroll); wm x wn is one thread's tile of C
// (bm x 8) for StreamGemmKernel, one warp's (bm x bn) for StreamMmaGemmKernel.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/stream_gemm_kernel.cuh"
#include "gemm/cuda/stream_mma_kernel.cuh"

namespace tv::gemm::cuda {

// Programmatic dependent launch (compute capability 9.0 and newer): the grid
// may be launched while the kernel before it on the stream is still running;
// the kernel waits for that one's completion and memory before its first read
// (griddepcontrol.wait), so only the launch itself overlaps.
inline bool CurrentDeviceHasPdl() {
  static std::atomic<int> cached[64] = {};  // per device ordinal: 0 unknown, 1 no, 2 yes
  int device = 0;
  if (cudaGetDevice(&device) != cudaSuccess || device < 0 || device >= 64) return false;
  if (cached[device].load(std::memory_order_relaxed) == 0) {
    int major = 0;
    if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) != cudaSuccess)
      return false;
    cached[device].store(major >= 9 ? 2 : 1, std::memory_order_relaxed);
  }
  return cached[device].load(std::memory_order_relaxed) == 2;
}

// Launches one of the stream family's kernels, with programmatic dependent
// launch where the device has it.
template <typename Kernel>
int LaunchWithPdl(Kernel kernel, const kernels::MmaGemmParams& params, int tiles, int split, int threads,
                  void* stream) {
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(tiles, 1, split);
  config.blockDim = dim3(threads);
  config.stream = static_cast<cudaStream_t>(stream);
  cudaLaunchAttribute pdl[1] = {};
  pdl[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
  pdl[0].val.programmaticStreamSerializationAllowed = 1;
  if (CurrentDeviceHasPdl()) {
    config.attrs = pdl;
    config.numAttrs = 1;
  }
  return static_cast<int>(cudaLaunchKernelEx(&config, kernel, params));
}

// The rows of B each CTA of a grid of `ctas` CTAs with kBn columns asks L2 for
// before it waits on the kernel before it (PrefetchRowsToL2): the grid asks for
// kPrefetchBytes in all, split evenly. On an H100 (docs/cuda-notes.md, call 46)
// 8 MiB did best: 1 x 4096 x 4096 13.97 -> 12.16 us, 1 x 14336 x 4096 41.9 ->
// 40.2; 2 or 4 MiB left part of the gain, 16 MiB and whole slices (32 MiB
// there) were slower than none: what L2 is asked for too early is gone again
// before the loads come.
template <typename T, int kBn>
kernels::MmaGemmParams WithPrefetch(kernels::MmaGemmParams params, int ctas) {
  constexpr int64_t kPrefetchBytes = int64_t{8} << 20;
  const int64_t row_bytes = static_cast<int64_t>(kBn) * static_cast<int64_t>(sizeof(T));
  params.prefetch_rows = static_cast<int>(kPrefetchBytes / (row_bytes * std::max(ctas, 1)));
  return params;
}

template <typename T, int kBm, int kBn, int kThreads, int kUnroll>
int LaunchStreamGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  return LaunchWithPdl(kernels::StreamGemmKernel<T, kBm, kBn, kThreads, kUnroll>,
                       WithPrefetch<T, kBn>(params, tiles * split), tiles, split, kThreads, stream);
}

template <typename T, int kMBlocks, int kChunks, int kThreads, int kUnroll>
int LaunchStreamMmaGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  return LaunchWithPdl(kernels::StreamMmaGemmKernel<T, kMBlocks, kChunks, kThreads, kUnroll>,
                       WithPrefetch<T, 32 * kChunks>(params, tiles * split), tiles, split, kThreads, stream);
}

template <typename T, int kBm, int kBn, int kThreads, int kUnroll>
KernelInstance MakeStreamInstance(DType dtype) {
  using Shape = kernels::StreamShape<T, kBm, kBn, kThreads, kUnroll>;
  KernelInstance instance;
  instance.family = TV_GPU_KERNEL_STREAM;
  instance.dtype = dtype;
  instance.bm = kBm;
  instance.bn = kBn;
  instance.bk = Shape::kRowsPerPass;
  instance.wm = kBm;
  instance.wn = Shape::kVec;
  instance.stages = kUnroll;
  instance.vector = 8;
  instance.threads = kThreads;
  instance.smem_bytes = Shape::kSmemBytes;  // static (<= 48 KB): no opt-in needed
  instance.launch = &LaunchStreamGemm<T, kBm, kBn, kThreads, kUnroll>;
  // The menu's naming (kernel_instance.h): the thread tile as "w", the unroll as "s".
  instance.name = std::string("stream_") + DTypeName(dtype) + "_" + std::to_string(kBm) + "x" +
                  std::to_string(kBn) + "x" + std::to_string(Shape::kRowsPerPass) + "_w" +
                  std::to_string(kBm) + "x" + std::to_string(Shape::kVec) + "_s" + std::to_string(kUnroll) +
                  "_v8";
  return instance;
}

// "stream_mma_bf16_16x32x256_w16x32_s4_v8": the tensor-core kernel, a warp's
// tile as "w".
template <typename T, int kMBlocks, int kChunks, int kThreads, int kUnroll>
KernelInstance MakeStreamMmaInstance(DType dtype) {
  using Shape = kernels::StreamMmaShape<kMBlocks, kChunks, kThreads, kUnroll>;
  KernelInstance instance;
  instance.family = TV_GPU_KERNEL_STREAM;
  instance.dtype = dtype;
  instance.bm = Shape::kBm;
  instance.bn = Shape::kBn;
  instance.bk = Shape::kRowsPerPass;
  instance.wm = Shape::kBm;
  instance.wn = Shape::kBn;
  instance.stages = kUnroll;
  instance.vector = 8;
  instance.threads = kThreads;
  instance.smem_bytes = Shape::kSmemBytes;  // static (<= 48 KB): no opt-in needed
  instance.launch = &LaunchStreamMmaGemm<T, kMBlocks, kChunks, kThreads, kUnroll>;
  instance.name = std::string("stream_mma_") + DTypeName(dtype) + "_" + std::to_string(Shape::kBm) + "x" +
                  std::to_string(Shape::kBn) + "x" + std::to_string(Shape::kRowsPerPass) + "_w" +
                  std::to_string(Shape::kBm) + "x" + std::to_string(Shape::kBn) + "_s" +
                  std::to_string(kUnroll) + "_v8";
  return instance;
}

}  // namespace tv::gemm::cuda
