// Run-time ISA detection and the kernel table of each ISA.
#pragma once

#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {

// Whether this CPU and OS can run `isa`'s kernels. kReference and kAuto always can.
bool IsaAvailable(Isa isa);

// kAuto -> BestIsa(); an unavailable ISA -> BestIsa(). Never returns kAuto.
Isa ResolveIsa(Isa requested);

// REQUIRES: isa != kAuto and IsaAvailable(isa).
const KernelTable& KernelTableFor(Isa isa);

}  // namespace tv::gemm::cpu
