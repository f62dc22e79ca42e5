// The fp16 Hopper wgmma instances (wgmma_gemm_launch.cuh), built for sm_90a only.
#include <vector>

#include "gemm/cuda/menu_tables.h"
#include "gemm/cuda/wgmma_gemm_launch.cuh"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableFp16Wgmma() { return WgmmaMenu<__half>(DType::kFp16); }

}  // namespace tv::gemm::cuda
