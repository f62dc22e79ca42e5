// The fp16 instances with 16-byte copies (mma_menu.cuh).
#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/mma_menu.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Vector8() { return MmaMenuVector8<__half>(DType::kFp16); }

}  // namespace tv::gemm::cuda
