// The menu of stream instances (stream_gemm_kernel.cuh): GEMMs of 1..8 rows
// that read B once. What limits them is how many loads of B are in flight per
// SM, so the menu varies what sets that: CTAs of 256, 512 or 1024 threads (a
// pass 64 to 512 rows of B deep), 16 to 128 columns per CTA (n / bn CTAs per
// row tile; split-K adds more), 4 or 8 rows in flight per thread. On an H100
// (docs/cuda-notes.md, call 22) 256-thread CTAs needed split-K 8 to beat the
// tensor-core kernels on 1 x 4096 x 4096. For 8 or 16 rows the tensor-core
// stream kernel (stream_mma_kernel.cuh): CTAs of 128 to 1024 threads, 32 or 64
// columns, 2 to 16 blocks of 16 rows in flight per warp, register counts within
// what __launch_bounds__ leaves (at most 64 per thread for 1024 threads). On an
// H100 (docs/cuda-notes.md, calls 37-38) the deep ones win: 256 threads with 8
// blocks in flight ran 16 x 4096 x 4096 in 15.3 us, 4 blocks 17.4.
// Vector-8 operands only (k, n, ldb, ldc multiples of 8); the others take the
// mma.sync narrow instances.
#pragma once

#include <vector>

#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/stream_gemm_launch.cuh"

namespace tv::gemm::cuda {

// MakeStreamInstance<T, rows, columns, threads, unroll>;
// MakeStreamMmaInstance<T, blocks of 8 rows, chunks of 32 columns, threads, unroll>.
template <typename T>
std::vector<KernelInstance> StreamMenu(DType dtype) {
  return {
      MakeStreamInstance<T, 1, 16, 256, 4>(dtype),    MakeStreamInstance<T, 1, 32, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 32, 256, 8>(dtype),    MakeStreamInstance<T, 1, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 64, 256, 8>(dtype),    MakeStreamInstance<T, 1, 128, 256, 4>(dtype),
      MakeStreamInstance<T, 1, 16, 512, 4>(dtype),    MakeStreamInstance<T, 1, 32, 512, 4>(dtype),
      MakeStreamInstance<T, 1, 64, 512, 4>(dtype),    MakeStreamInstance<T, 1, 16, 1024, 4>(dtype),
      MakeStreamInstance<T, 1, 32, 1024, 4>(dtype),   MakeStreamInstance<T, 1, 32, 1024, 8>(dtype),
      MakeStreamInstance<T, 1, 64, 1024, 4>(dtype),   MakeStreamInstance<T, 1, 128, 1024, 4>(dtype),
      MakeStreamInstance<T, 2, 32, 256, 4>(dtype),    MakeStreamInstance<T, 2, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 2, 32, 1024, 4>(dtype),   MakeStreamInstance<T, 2, 64, 1024, 4>(dtype),
      MakeStreamInstance<T, 4, 32, 256, 4>(dtype),    MakeStreamInstance<T, 4, 64, 256, 4>(dtype),
      MakeStreamInstance<T, 4, 32, 512, 4>(dtype),    MakeStreamInstance<T, 8, 32, 256, 4>(dtype),
      MakeStreamMmaInstance<T, 1, 1, 256, 16>(dtype), MakeStreamMmaInstance<T, 1, 1, 512, 4>(dtype),
      MakeStreamMmaInstance<T, 1, 2, 512, 4>(dtype),  MakeStreamMmaInstance<T, 2, 1, 128, 16>(dtype),
      MakeStreamMmaInstance<T, 2, 1, 256, 4>(dtype),  MakeStreamMmaInstance<T, 2, 1, 256, 8>(dtype),
      MakeStreamMmaInstance<T, 2, 1, 256, 16>(dtype), MakeStreamMmaInstance<T, 2, 1, 512, 4>(dtype),
      MakeStreamMmaInstance<T, 2, 1, 1024, 2>(dtype), MakeStreamMmaInstance<T, 2, 2, 128, 8>(dtype),
      MakeStreamMmaInstance<T, 2, 2, 256, 8>(dtype),
  };
}

}  // namespace tv::gemm::cuda
