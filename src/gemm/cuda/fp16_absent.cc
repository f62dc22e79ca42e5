// Built instead of the menu_fp16_*.cu files with TV_CUDA_FP16=OFF: the menu
// then has no fp16 instances and Legalize refuses fp16 problems.
#include <vector>

#include "gemm/cuda/menu_tables.h"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Vector8() { return {}; }
std::vector<KernelInstance> MenuTableFp16Narrow() { return {}; }
std::vector<KernelInstance> MenuTableFp16Stream() { return {}; }

}  // namespace tv::gemm::cuda
