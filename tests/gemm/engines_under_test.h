// What this machine offers the conformance suite: every ISA whose kernels the
// CPU runs, and every microkernel shape of each.
#pragma once

#include <vector>

#include "gemm/cpu/cpu_gemm.h"

namespace tv::test {

// kReference always, kAvx2 and kAvx512 where the CPU has them (an engine asked
// for an ISA it lacks falls back; such an ISA is left out, not tested twice).
std::vector<gemm::Isa> IsasUnderTest();

struct KernelUnderTest {
  gemm::Isa isa;
  gemm::KernelShape shape;
  int kc;  // the kc Legalize picks for this kernel on a 4096^3 problem: k = kc + 1 crosses a K block
};
// Every (ISA, shape) pair, in KernelShapes() order.
std::vector<KernelUnderTest> KernelsUnderTest();

}  // namespace tv::test
