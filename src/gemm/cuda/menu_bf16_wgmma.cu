// The bf16 Hopper wgmma instances (wgmma_gemm_launch.cuh), built for sm_90a only.
#include <vector>

#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/wgmma_gemm_launch.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableBf16Wgmma() { return WgmmaMenu<__nv_bfloat16>(DType::kBf16); }

}  // namespace tv::gemm::cuda
