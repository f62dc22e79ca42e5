// Built instead of menu_bf16_wgmma.cu (and menu_fp16_wgmma.cu) when
// TV_CUDA_ARCHITECTURES has no 90: the menu then has no Hopper wgmma instances.
#include <vector>

#include "gemm/cuda/menu_tables.h"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableBf16Wgmma() { return {}; }

}  // namespace tv::gemm::cuda
