// CPUID and XGETBV: the CPU's own account of itself, used where sysfs/procfs
// are silent. ReadCpuid() executes the instructions; the Decode* functions
// are pure so tests can feed them register values of other machines.
#pragma once

#include <cstdint>
#include <vector>

#include "device/cpu_facts.h"

namespace tv::device {

// Executes CPUID (and XGETBV where the OS enables it) on this CPU.
// On a non-x86 build every field is 0 / empty.
CpuidFacts ReadCpuid();

// Leaf 1 EAX -> family / model, with the extended fields folded in the way
// Intel's and AMD's manuals define (ext. family when family == 0xF; ext.
// model when family == 0x6 or >= 0xF).
int32_t DecodeFamily(uint32_t leaf1_eax);
int32_t DecodeModel(uint32_t leaf1_eax);

// The registers that decide which vector ISAs may be used.
struct IsaRegisters {
  uint32_t leaf1_ecx = 0;    // FMA (12), OSXSAVE (27), AVX (28)
  uint32_t leaf7_ebx = 0;    // AVX2 (5), AVX512F (16), AVX512BW (30), AVX512VL (31)
  uint32_t leaf7_1_eax = 0;  // AVX512_BF16 (5)
  uint64_t xcr0 = 0;         // XGETBV(0); only meaningful when OSXSAVE is set
};

// A feature counts only if the CPU has it AND the OS saves its registers:
// XCR0 bits 1-2 (XMM, YMM) for AVX/AVX2/FMA, plus bits 5-7 (opmask,
// ZMM_Hi256, Hi16_ZMM) for AVX-512.
IsaFeatures DecodeIsa(const IsaRegisters& regs);

// One sub-leaf of Intel leaf 4 or AMD leaf 0x8000001D (same layout).
struct CacheLeaf {
  uint32_t eax = 0;  // type (4:0; 0 = no more caches), level (7:5)
  uint32_t ebx = 0;  // ways-1 (31:22), partitions-1 (21:12), line-1 (11:0)
  uint32_t ecx = 0;  // sets-1
};

// Sizes of one instance of each cache level, from the sub-leaves in order.
// Stops at the first sub-leaf of type 0.
CacheSizes DecodeCacheLeaves(const std::vector<CacheLeaf>& leaves);

// AMD's older leaves 0x80000005 (ECX: L1d KiB 31:24, line 7:0) and
// 0x80000006 (ECX: L2 KiB 31:16; EDX: L3 in 512 KiB units 31:18). The L3
// figure there covers the whole package, so for Zen parts it is capped at
// one CCX/CCD's L3 (see AmdL3InstanceCapBytes).
CacheSizes DecodeAmdLegacyCaches(uint32_t leaf5_ecx, uint32_t leaf6_ecx, uint32_t leaf6_edx, int32_t family,
                                 int32_t model);

// Largest L3 one core complex of an AMD Zen family shares, in bytes; 0 when
// the family is not a known Zen (no cap).
int64_t AmdL3InstanceCapBytes(int32_t family, int32_t model);

}  // namespace tv::device
