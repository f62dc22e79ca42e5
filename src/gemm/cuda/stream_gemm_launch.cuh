// Turns one StreamGemmKernel template instance into a KernelInstance of the
// menu. Included only by the menu_*_stream.cu files.
//
// The KernelInstance fields mean for this family: bm x bn the CTA's tile of C,
// bk the rows of B one pass of the CTA reads (threads / (bn / 8); also the k
// granularity of a split-K slice), wm x wn one thread's tile of C (bm x 8),
// stages the rows of B each thread has in flight (the unroll).
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/stream_gemm_kernel.cuh"

namespace tv::gemm::cuda {

template <typename T, int kBm, int kBn, int kThreads, int kUnroll>
int LaunchStreamGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  kernels::StreamGemmKernel<T, kBm, kBn, kThreads, kUnroll>
      <<<dim3(tiles, 1, split), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(params);
  return static_cast<int>(cudaGetLastError());
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

}  // namespace tv::gemm::cuda
