// Plain records of what one source (sysfs/procfs or CPUID) says about the CPU.
// detect.cc merges them into tv_device_info; 0 / empty always means "this
// source does not know".
#pragma once

#include <cstdint>
#include <string>

namespace tv::device {

// Cache sizes in bytes, as tv_device_info defines them: L1d and L2 of one
// core, L3 of one instance (the slice that one group of cores shares).
struct CacheSizes {
  int64_t l1d_bytes = 0;
  int64_t l2_bytes = 0;
  int64_t l3_bytes = 0;
  int32_t line_bytes = 0;
};

// ISA features that both the CPU reports and the OS saves the registers of.
struct IsaFeatures {
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512_bf16 = false;
};

// Everything CPUID tells us.
struct CpuidFacts {
  std::string vendor;            // "AuthenticAMD", "GenuineIntel", ...
  std::string brand;             // brand string (leaves 0x80000002..4), trimmed
  int32_t family = 0;            // extended family folded in
  int32_t model = 0;             // extended model folded in
  int32_t threads_per_core = 0;  // SMT width; 0 = CPUID does not say
  IsaFeatures isa;
  CacheSizes caches;
};

}  // namespace tv::device
