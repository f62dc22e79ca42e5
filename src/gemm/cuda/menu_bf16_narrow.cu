// The bf16 instances with 8-, 4- and 2-byte copies (mma_menu.cuh).
#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/mma_menu.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableBf16Narrow() { return MmaMenuNarrow<__nv_bfloat16>(DType::kBf16); }

}  // namespace tv::gemm::cuda
