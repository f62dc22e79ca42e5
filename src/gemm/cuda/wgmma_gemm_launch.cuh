// Turns one WgmmaGemmKernel template instance into a KernelInstance of the
// menu. Included only by the menu_*_wgmma.cu files (built for sm_90a).
#pragma once

#include <cuda.h>
#include <cudaTypedefs.h>
#include <cuda_runtime.h>

#include <string>
#include <type_traits>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/wgmma_gemm_kernel.cuh"
#include "gemm/cuda/wgmma_tma_gemm_kernel.cuh"

namespace tv::gemm::cuda {

template <typename T, int kBm, int kBn, int kStages>
int LaunchWgmmaGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  using Layout = kernels::WgmmaSmemLayout<kBm, kBn, kStages>;
  auto* kernel = &kernels::WgmmaGemmKernel<T, kBm, kBn, kStages>;
  static const cudaError_t opt_in =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, Layout::kBytes);
  if (opt_in != cudaSuccess) return static_cast<int>(opt_in);
  kernel<<<dim3(tiles, 1, split), kBm / 64 * 128, Layout::kBytes, static_cast<cudaStream_t>(stream)>>>(
      params);
  return static_cast<int>(cudaGetLastError());
}

// The fields every wgmma instance shares (CTA tile, warpgroup tile 64 x bn,
// 64-deep stages, 16-byte copies) and its name "<prefix>_<type>_<BM>x<BN>x64_w64x<BN>_s<stages>_v8".
inline KernelInstance WgmmaDescription(const std::string& prefix, DType dtype, int bm, int bn, int stages) {
  KernelInstance instance;
  instance.family = TV_GPU_KERNEL_WGMMA;
  instance.needs_sm90a = true;
  instance.dtype = dtype;
  instance.bm = bm;
  instance.bn = bn;
  instance.bk = kernels::kWgmmaBk;
  instance.wm = 64;
  instance.wn = bn;
  instance.stages = stages;
  instance.vector = 8;
  instance.name = prefix + "_" + DTypeName(dtype) + "_" + std::to_string(bm) + "x" + std::to_string(bn) +
                  "x" + std::to_string(kernels::kWgmmaBk) + "_w64x" + std::to_string(bn) + "_s" +
                  std::to_string(stages) + "_v8";
  return instance;
}

template <typename T, int kBm, int kBn, int kStages>
KernelInstance MakeWgmmaInstance(DType dtype) {
  KernelInstance instance = WgmmaDescription("wgmma", dtype, kBm, kBn, kStages);
  instance.threads = kBm / 64 * 128;
  instance.smem_bytes = kernels::WgmmaSmemLayout<kBm, kBn, kStages>::kBytes;
  instance.launch = &LaunchWgmmaGemm<T, kBm, kBn, kStages>;
  return instance;
}

// cuTensorMapEncodeTiled from the driver, through the runtime (no libcuda link); null when absent.
inline PFN_cuTensorMapEncodeTiled_v12000 TensorMapEncoder() {
  static const PFN_cuTensorMapEncodeTiled_v12000 encoder = [] {
    void* fn = nullptr;
    cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSymbolNotFound;
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault, &found) !=
            cudaSuccess ||
        found != cudaDriverEntryPointSuccess) {
      return static_cast<PFN_cuTensorMapEncodeTiled_v12000>(nullptr);
    }
    return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(fn);
  }();
  return encoder;
}

// A row-major rows x inner matrix (row stride ld elements) read in 128-byte-swizzled
// boxes of box_inner x box_rows; false when the driver refuses it.
template <typename T>
bool EncodeTensorMap(CUtensorMap* map, const void* base, int64_t inner, int64_t rows, int64_t ld,
                     int box_inner, int box_rows) {
  const PFN_cuTensorMapEncodeTiled_v12000 encode = TensorMapEncoder();
  if (encode == nullptr) return false;
  const CUtensorMapDataType type = sizeof(T) == 2 && std::is_same_v<T, __half>
                                       ? CU_TENSOR_MAP_DATA_TYPE_FLOAT16
                                       : CU_TENSOR_MAP_DATA_TYPE_BFLOAT16;
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(inner), static_cast<cuuint64_t>(rows)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(ld) * sizeof(T)};
  const cuuint32_t box[2] = {static_cast<cuuint32_t>(box_inner), static_cast<cuuint32_t>(box_rows)};
  const cuuint32_t element_strides[2] = {1, 1};
  return encode(map, type, 2, const_cast<void*>(base), dims, strides, box, element_strides,
                CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

template <typename T, int kBm, int kBn, int kStages>
int LaunchWgmmaTmaGemm(const kernels::MmaGemmParams& params, int tiles, int split, void* stream) {
  using Layout = kernels::WgmmaTmaSmemLayout<kBm, kBn, kStages>;
  auto* kernel = &kernels::WgmmaTmaGemmKernel<T, kBm, kBn, kStages>;
  static const cudaError_t opt_in =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, Layout::kBytes);
  if (opt_in != cudaSuccess) return static_cast<int>(opt_in);
  CUtensorMap map_a{};
  CUtensorMap map_b{};
  if (params.k > 0) {  // k = 0 copies nothing; the maps stay unused
    if (!EncodeTensorMap<T>(&map_a, params.a, params.k, params.m, params.lda, kernels::kWgmmaBk, kBm) ||
        !EncodeTensorMap<T>(&map_b, params.b, params.n, params.k, params.ldb, 64, kernels::kWgmmaBk)) {
      return static_cast<int>(cudaErrorInvalidValue);
    }
  }
  kernel<<<dim3(tiles, 1, split), (kBm / 64 + 1) * 128, Layout::kBytes, static_cast<cudaStream_t>(stream)>>>(
      params, map_a, map_b);
  return static_cast<int>(cudaGetLastError());
}

// The warp-specialized TMA instances: "wgmma_tma_..." (two consumer warpgroups).
template <typename T, int kBm, int kBn, int kStages>
KernelInstance MakeWgmmaTmaInstance(DType dtype) {
  KernelInstance instance = WgmmaDescription("wgmma_tma", dtype, kBm, kBn, kStages);
  instance.threads = (kBm / 64 + 1) * 128;
  instance.smem_bytes = kernels::WgmmaTmaSmemLayout<kBm, kBn, kStages>::kBytes;
  instance.launch = &LaunchWgmmaTmaGemm<T, kBm, kBn, kStages>;
  return instance;
}

// The Hopper menu. 128-row tiles run the warp-specialized TMA kernel (one
// producer and two consumer warpgroups); 64-row tiles, for small m, run the
// one-warpgroup cp.async kernel. On an H200 the TMA kernel made the cp.async
// kernel's 128- and 256-row tiles obsolete (docs/cuda-notes.md, calls 6-7: they
// were fastest on one shape of 17, by 2.5%), and the cp.async kernel with
// N = 256 made ptxas serialize its wgmmas (C7515). The 128 x 64 TMA tiles give
// grids of a few dozen 128 x 128 tiles (m, n ~ 1000) a CTA per SM.
template <typename T>
std::vector<KernelInstance> WgmmaMenu(DType dtype) {
  return {
      MakeWgmmaInstance<T, 64, 64, 4>(dtype),      MakeWgmmaInstance<T, 64, 128, 4>(dtype),
      MakeWgmmaInstance<T, 64, 128, 6>(dtype),     MakeWgmmaTmaInstance<T, 128, 128, 5>(dtype),
      MakeWgmmaTmaInstance<T, 128, 128, 6>(dtype), MakeWgmmaTmaInstance<T, 128, 256, 3>(dtype),
      MakeWgmmaTmaInstance<T, 128, 256, 4>(dtype), MakeWgmmaTmaInstance<T, 128, 64, 6>(dtype),
      MakeWgmmaTmaInstance<T, 128, 64, 8>(dtype),
  };
}

}  // namespace tv::gemm::cuda
