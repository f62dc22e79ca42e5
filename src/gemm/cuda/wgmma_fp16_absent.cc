// Built instead of menu_fp16_wgmma.cu when there are no Hopper kernels or no
// fp16 kernels (TV_CUDA_FP16=OFF).
#include <vector>

#include "gemm/cuda/menu_tables.h"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Wgmma() { return {}; }

}  // namespace tv::gemm::cuda
