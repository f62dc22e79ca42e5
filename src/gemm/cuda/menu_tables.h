// The per-file parts of the kernel menu (defined in the menu_*.cu files; each
// builds its list on every call, so callers keep the result).
#pragma once

#include <vector>

#include "gemm/cuda/kernel_instance.h"

namespace tv::gemm::cuda {

std::vector<KernelInstance> MenuTableBf16Vector8();
std::vector<KernelInstance> MenuTableBf16Narrow();
std::vector<KernelInstance> MenuTableFp16Vector8();
std::vector<KernelInstance> MenuTableFp16Narrow();
// Small-m instances that stream B (menu_*_stream.cu; stream_menu.cuh).
std::vector<KernelInstance> MenuTableBf16Stream();
std::vector<KernelInstance> MenuTableFp16Stream();
// Hopper wgmma instances (menu_*_wgmma.cu when sm_90a is built, else wgmma_absent.cc: none).
std::vector<KernelInstance> MenuTableBf16Wgmma();
std::vector<KernelInstance> MenuTableFp16Wgmma();

}  // namespace tv::gemm::cuda
