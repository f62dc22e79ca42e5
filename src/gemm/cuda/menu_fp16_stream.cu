// The fp16 stream instances (stream_menu.cuh).
#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/stream_menu.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Stream() { return StreamMenu<__half>(DType::kFp16); }

}  // namespace tv::gemm::cuda
