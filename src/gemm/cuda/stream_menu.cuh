// The menu of stream instances (stream_gemm_kernel.cuh): GEMMs of 1..8 rows
// that read B once. What limits them is how many loads of B are in flight per
// SM, so the menu varies what sets that: CTAs of 256, 512 or 1024 threads (a
// pass 64 to 512 rows of B deep), 16 to 128 columns per CTA (n / bn CTAs per
// row tile; split-K adds more), 4 or 8 rows in flight per thread. On an H100
// (docs/cuda-notes.md, call 22) 256-thread CTAs needed split-K 8 to beat the
// tensor-core kernels on 1 x 4096 x 4096. Vector-8 operands only (k, n, ldb,
// ldc multiples of 8); the others take the mma.sync narrow instances.
#pragma once

#include <vector>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/stream_gemm_launch.cuh"

namespace tv::gemm::cuda {

// MakeStreamInstance<T, rows, columns, threads, unroll>.
template <typename T>
std::vector<KernelInstance> StreamMenu(DType dtype) {
  return {
      MakeStreamInstance<T, 1, 16, 256, 4>(dtype),  MakeStreamInstance<T, 1, 32, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 32, 256, 8>(dtype),  MakeStreamInstance<T, 1, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 64, 256, 8>(dtype),  MakeStreamInstance<T, 1, 128, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 16, 512, 4>(dtype),  MakeStreamInstance<T, 1, 32, 512, 4>(dtype),
      MakeStreamInstance<T, 1, 64, 512, 4>(dtype),  MakeStreamInstance<T, 1, 16, 1024, 4>(dtype),
      MakeStreamInstance<T, 1, 32, 1024, 4>(dtype), MakeStreamInstance<T, 1, 32, 1024, 8>(dtype),
      MakeStreamInstance<T, 1, 64, 1024, 4>(dtype), MakeStreamInstance<T, 1, 128, 1024, 4>(dtype),
      MakeStreamInstance<T, 2, 32, 256, 4>(dtype),  MakeStreamInstance<T, 2, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 2, 32, 1024, 4>(dtype), MakeStreamInstance<T, 2, 64, 1024, 4>(dtype),
      MakeStreamInstance<T, 4, 32, 256, 4>(dtype),  MakeStreamInstance<T, 4, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 4, 32, 512, 4>(dtype),  MakeStreamInstance<T, 8, 32, 256, 4>(dtype),
  };
}

}  // namespace tv::gemm::cuda
