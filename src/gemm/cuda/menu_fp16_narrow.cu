// The fp16 instances with 8-, 4- and 2-byte copies (mma_menu.cuh).
#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/mma_menu.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Narrow() { return MmaMenuNarrow<__half>(DType::kFp16); }

}  // namespace tv::gemm::cuda
