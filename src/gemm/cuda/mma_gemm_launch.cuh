// Turns one MmaGemmKernel template instance into a KernelInstance of the menu.
// Included only by the menu_*.cu files, which instantiate it explicitly.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/mma_gemm_kernel.cuh"

namespace tv::gemm::cuda {

template <typename T, int kBm, int kBn, int kBk, int kWm, int kWn, int kStages, int kVec>
int LaunchMmaGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  using Layout = kernels::SmemLayout<kBm, kBn, kBk, kStages>;
  constexpr int kThreads = (kBm / kWm) * (kBn / kWn) * 32;
  auto* kernel = &kernels::MmaGemmKernel<T, kBm, kBn, kBk, kWm, kWn, kStages, kVec>;
  // Over 48 KB of dynamic shared memory must be opted in to, once per kernel.
  static const cudaError_t opt_in =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, Layout::kBytes);
  if (opt_in != cudaSuccess) return static_cast<int>(opt_in);
  kernel<<<dim3(tiles, 1, split), kThreads, Layout::kBytes, static_cast<cudaStream_t>(stream)>>>(params);
  return static_cast<int>(cudaGetLastError());
}

template <typename T, int kBm, int kBn, int kBk, int kWm, int kWn, int kStages, int kVec>
KernelInstance MakeMmaInstance(DType dtype) {
  KernelInstance instance;
  instance.dtype = dtype;
  instance.bm = kBm;
  instance.bn = kBn;
  instance.bk = kBk;
  instance.wm = kWm;
  instance.wn = kWn;
  instance.stages = kStages;
  instance.vector = kVec;
  instance.threads = (kBm / kWm) * (kBn / kWn) * 32;
  instance.smem_bytes = kernels::SmemLayout<kBm, kBn, kBk, kStages>::kBytes;
  instance.launch = &LaunchMmaGemm<T, kBm, kBn, kBk, kWm, kWn, kStages, kVec>;
  instance.name = std::string("mma_") + DTypeName(dtype) + "_" + std::to_string(kBm) + "x" +
                  std::to_string(kBn) + "x" + std::to_string(kBk) + "_w" + std::to_string(kWm) + "x" +
                  std::to_string(kWn) + "_s" + std::to_string(kStages) + "_v" + std::to_string(kVec);
  return instance;
}

}  // namespace tv::gemm::cuda
