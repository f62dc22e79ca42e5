// The menu of mma.sync instances, one list per copy width. Each entry is one
// explicit template instance; the menu_*.cu files instantiate these lists per
// element type (one file each, so they compile in parallel).
//
// Why these tiles (bf16 Triton sweep on an H100, ../shared/anchors/gpu-h100.md):
// decode (m <= 16) wants BM 16 with BN 32..256 and deep K (64..128) plus
// split-K; 16 < m <= 128 wants BM 32..64; large shapes want 128x256 or
// 256x128 with 8 warps; BK 32 or 64; 3-5 stages. The narrow lists (4-, 2- and
// 1-element copies) serve operands whose k or n are not multiples of 8.
#pragma once

#include <vector>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/mma_gemm_launch.cuh"

namespace tv::gemm::cuda {

// 16-byte copies: k, n and the leading dimensions are multiples of 8.
template <typename T>
std::vector<KernelInstance> MmaMenuVector8(DType dtype) {
  return {
      MakeMmaInstance<T, 16, 32, 128, 16, 16, 4, 8>(dtype),
      MakeMmaInstance<T, 16, 64, 128, 16, 16, 4, 8>(dtype),
      MakeMmaInstance<T, 16, 128, 64, 16, 32, 4, 8>(dtype),
      MakeMmaInstance<T, 16, 256, 64, 16, 64, 4, 8>(dtype),
      MakeMmaInstance<T, 32, 128, 64, 32, 32, 4, 8>(dtype),
      MakeMmaInstance<T, 64, 64, 64, 32, 32, 4, 8>(dtype),
      MakeMmaInstance<T, 64, 128, 64, 32, 64, 4, 8>(dtype),
      MakeMmaInstance<T, 64, 256, 32, 64, 64, 4, 8>(dtype),
      MakeMmaInstance<T, 128, 64, 64, 64, 32, 4, 8>(dtype),
      MakeMmaInstance<T, 128, 128, 32, 64, 64, 4, 8>(dtype),
      MakeMmaInstance<T, 128, 128, 32, 64, 32, 4, 8>(dtype),
      MakeMmaInstance<T, 128, 128, 64, 64, 64, 3, 8>(dtype),
      MakeMmaInstance<T, 128, 256, 32, 64, 64, 3, 8>(dtype),
      MakeMmaInstance<T, 256, 128, 32, 64, 64, 3, 8>(dtype),
      MakeMmaInstance<T, 128, 256, 64, 64, 64, 3, 8>(dtype),
      MakeMmaInstance<T, 256, 128, 64, 64, 64, 3, 8>(dtype),
  };
}

// 8- and 4-byte copies (k, n multiples of 4 or 2), and element-wise loads.
template <typename T>
std::vector<KernelInstance> MmaMenuNarrow(DType dtype) {
  return {
      MakeMmaInstance<T, 16, 64, 64, 16, 16, 4, 4>(dtype),
      MakeMmaInstance<T, 64, 64, 32, 32, 32, 4, 4>(dtype),
      MakeMmaInstance<T, 128, 128, 32, 64, 64, 4, 4>(dtype),
      MakeMmaInstance<T, 128, 256, 32, 64, 64, 3, 4>(dtype),
      MakeMmaInstance<T, 16, 64, 64, 16, 16, 4, 2>(dtype),
      MakeMmaInstance<T, 64, 64, 32, 32, 32, 4, 2>(dtype),
      MakeMmaInstance<T, 128, 128, 32, 64, 64, 4, 2>(dtype),
      MakeMmaInstance<T, 128, 256, 32, 64, 64, 3, 2>(dtype),
      MakeMmaInstance<T, 16, 64, 64, 16, 16, 2, 1>(dtype),
      MakeMmaInstance<T, 64, 64, 32, 32, 32, 2, 1>(dtype),
      MakeMmaInstance<T, 128, 128, 32, 64, 64, 2, 1>(dtype),
  };
}

}  // namespace tv::gemm::cuda
