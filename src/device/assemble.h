// Merges what the sources say into one tv_device_info. Separate from the
// code that queries the OS (detect.cc) so tests can feed it a fake sysfs tree
// and made-up CPUID facts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "device/cpu_facts.h"
#include "tilevolve/device_info.h"

namespace tv::device {

struct DeviceSources {
  std::filesystem::path root = "/";  // where sys/ and proc/ are
  std::vector<int> cpus;             // logical CPUs this process may run on (its affinity mask)
  CpuidFacts cpuid;
  int64_t memory_bytes = 0;  // from sysconf; 0 = read <root>/proc/meminfo instead
};

// sysfs/procfs win where they answer; CPUID fills the rest. Field by field:
// vendor, family, model and ISA from CPUID; brand from CPUID, else
// /proc/cpuinfo's "model name"; memory from sysconf, else /proc/meminfo;
// cores from sysfs topology, else
// logical CPUs / CPUID's SMT width; caches from the first allowed CPU's
// sysfs cache dirs, else CPUID. Also fills vector_bits and the fingerprint.
tv_device_info AssembleDeviceInfo(const DeviceSources& sources);

}  // namespace tv::device
