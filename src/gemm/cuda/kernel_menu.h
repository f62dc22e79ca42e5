// The menu: every compiled GEMM kernel instance, in a fixed order (bf16 then
// fp16; within a type, mma.sync with 16-byte copies, then narrower copies,
// then the Hopper wgmma instances where sm_90a was built).
#pragma once

#include <span>
#include <string_view>

#include "gemm/cuda/kernel_instance.h"

namespace tv::gemm::cuda {

// Built once, on first use; stable for the life of the process.
std::span<const KernelInstance> Menu();

// The instance named `name`, or nullptr.
const KernelInstance* FindInstance(std::string_view name);

}  // namespace tv::gemm::cuda
