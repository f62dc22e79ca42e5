#include "gemm/cpu/isa.h"

#include <cassert>
#include <cstdint>

namespace tv::gemm {
namespace {

// XCR0: which register states the OS saves on a context switch.
uint64_t ReadXcr0() {
  uint32_t lo = 0;
  uint32_t hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

bool OsSavesState(uint64_t bits) {
  __builtin_cpu_init();
  // CPUID.1:ECX.OSXSAVE (bit 27) says XGETBV is usable.
  uint32_t eax = 1, ebx = 0, ecx = 0, edx = 0;
  __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "c"(0));
  if ((ecx & (1u << 27)) == 0) return false;
  return (ReadXcr0() & bits) == bits;
}

constexpr uint64_t kXcr0Avx = 0x6;      // SSE and AVX (YMM) state
constexpr uint64_t kXcr0Avx512 = 0xE6;  // plus opmask, ZMM_Hi256, Hi16_ZMM

bool HasAvx2() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && OsSavesState(kXcr0Avx);
}

bool HasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && HasAvx2() &&
         OsSavesState(kXcr0Avx512);
}

}  // namespace

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kAuto:
      return "auto";
    case Isa::kReference:
      return "reference";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kAvx512:
      return "avx512";
  }
  return "unknown";
}

Isa BestIsa() {
  static const Isa best = HasAvx512() ? Isa::kAvx512 : (HasAvx2() ? Isa::kAvx2 : Isa::kReference);
  return best;
}

namespace cpu {

bool IsaAvailable(Isa isa) {
  switch (isa) {
    case Isa::kAuto:
    case Isa::kReference:
      return true;
    case Isa::kAvx2:
      return BestIsa() == Isa::kAvx2 || BestIsa() == Isa::kAvx512;
    case Isa::kAvx512:
      return BestIsa() == Isa::kAvx512;
  }
  return false;
}

Isa ResolveIsa(Isa requested) {
  if (requested == Isa::kAuto || !IsaAvailable(requested)) return BestIsa();
  return requested;
}

const KernelTable& KernelTableFor(Isa isa) {
  assert(isa != Isa::kAuto && IsaAvailable(isa));
  switch (isa) {
    case Isa::kAvx512:
      return Avx512KernelTable();
    case Isa::kAvx2:
      return Avx2KernelTable();
    default:
      return ReferenceKernelTable();
  }
}

}  // namespace cpu
}  // namespace tv::gemm
