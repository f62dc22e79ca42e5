#include "device/assemble.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "device/fingerprint.h"
#include "device/sysfs.h"

namespace tv::device {
namespace {

// Copies `src` into a fixed char array, truncating, always '\0'-terminated.
template <size_t N>
void CopyField(char (&dst)[N], const std::string& src) {
  const size_t n = std::min(src.size(), N - 1);
  std::memcpy(dst, src.data(), n);
  dst[n] = '\0';
}

int64_t FirstKnown(int64_t preferred, int64_t fallback) { return preferred > 0 ? preferred : fallback; }

}  // namespace

tv_device_info AssembleDeviceInfo(const DeviceSources& sources) {
  tv_device_info info{};
  info.version = TV_DEVICE_INFO_VERSION;

  const CpuidFacts& cpuid = sources.cpuid;
  CopyField(info.cpu_vendor, cpuid.vendor);
  // CPUID's brand string is what the kernel copies into /proc/cpuinfo, so it
  // comes first; sandboxes (gVisor) serve a synthetic cpuinfo ("AMD EPYC"
  // where CPUID says "Oxide Virtual Turin-like Processor").
  CopyField(info.cpu_model, cpuid.brand.empty() ? ReadCpuinfoModelName(sources.root) : cpuid.brand);
  info.cpu_family = cpuid.family;
  info.cpu_model_id = cpuid.model;

  const int32_t logical = static_cast<int32_t>(sources.cpus.size());
  info.logical_cpus = logical;
  info.physical_cores = CountPhysicalCores(sources.root, sources.cpus);
  if (info.physical_cores == 0 && logical > 0) {
    info.physical_cores =
        std::max(1, cpuid.threads_per_core > 0 ? logical / cpuid.threads_per_core : logical);
  }

  info.memory_bytes = FirstKnown(sources.memory_bytes, ReadMeminfoTotalBytes(sources.root));

  const CacheSizes sysfs = ReadSysfsCaches(sources.root, sources.cpus.empty() ? 0 : sources.cpus.front());
  info.l1d_bytes = FirstKnown(sysfs.l1d_bytes, cpuid.caches.l1d_bytes);
  info.l2_bytes = FirstKnown(sysfs.l2_bytes, cpuid.caches.l2_bytes);
  info.l3_bytes = FirstKnown(sysfs.l3_bytes, cpuid.caches.l3_bytes);
  info.cache_line_bytes = static_cast<int32_t>(FirstKnown(sysfs.line_bytes, cpuid.caches.line_bytes));

  info.has_avx2 = cpuid.isa.avx2;
  info.has_fma = cpuid.isa.fma;
  info.has_avx512f = cpuid.isa.avx512f;
  info.has_avx512bw = cpuid.isa.avx512bw;
  info.has_avx512vl = cpuid.isa.avx512vl;
  info.has_avx512_bf16 = cpuid.isa.avx512_bf16;
  info.vector_bits = info.has_avx512f ? 512 : (info.has_avx2 && info.has_fma ? 256 : 128);

  CopyField(info.fingerprint, MakeFingerprint(info));
  return info;
}

}  // namespace tv::device
