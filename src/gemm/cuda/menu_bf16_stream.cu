// The bf16 stream instances (stream_menu.cuh).
#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/stream_menu.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableBf16Stream() { return StreamMenu<__nv_bfloat16>(DType::kBf16); }

}  // namespace tv::gemm::cuda
