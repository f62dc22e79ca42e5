// DetectCpu(): the OS-facing half of device detection. It gathers the
// sources (affinity mask, sysconf, CPUID) and hands them to AssembleDeviceInfo.
#include <sched.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "device/assemble.h"
#include "device/device.h"
#include "device/x86_cpuid.h"

namespace tv::device {
namespace {

// Logical CPUs in this process's affinity mask, else 0..hardware_concurrency-1.
std::vector<int> AllowedCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) {
    const int n = static_cast<int>(std::thread::hardware_concurrency());
    for (int cpu = 0; cpu < n; ++cpu) cpus.push_back(cpu);
  }
  return cpus;
}

int64_t PhysicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<int64_t>(pages) * page_size;
}

}  // namespace

tv_device_info DetectCpu() {
  DeviceSources sources;
  sources.root = "/";
  sources.cpus = AllowedCpus();
  sources.cpuid = ReadCpuid();
  sources.memory_bytes = PhysicalMemoryBytes();
  return AssembleDeviceInfo(sources);
}

}  // namespace tv::device
