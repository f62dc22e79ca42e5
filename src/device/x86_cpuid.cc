#include "device/x86_cpuid.h"

#include <algorithm>
#include <cstring>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define TV_DEVICE_HAS_CPUID 1
#else
#define TV_DEVICE_HAS_CPUID 0
#endif

namespace tv::device {
namespace {

constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * kKiB;

bool Bit(uint64_t value, int bit) { return ((value >> bit) & 1) != 0; }

std::string TrimBrand(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\n");
  return s.substr(first, last - first + 1);
}

#if TV_DEVICE_HAS_CPUID
struct Regs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

// Sub-leaf `sub` of `leaf`, or all zeros where the CPU lacks that leaf.
Regs Cpuid(uint32_t leaf, uint32_t sub = 0) {
  Regs r;
  const uint32_t max_leaf = __get_cpuid_max(leaf & 0x80000000u, nullptr);
  if (max_leaf == 0 || leaf > max_leaf) return r;
  __cpuid_count(leaf, sub, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

uint64_t Xgetbv0() {
  uint32_t eax = 0, edx = 0;
  // Inline asm rather than _xgetbv(), so this file needs no -mxsave.
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

std::vector<CacheLeaf> ReadCacheLeaves(uint32_t leaf) {
  std::vector<CacheLeaf> leaves;
  for (uint32_t sub = 0; sub < 16; ++sub) {  // 16: far more levels than any CPU has
    const Regs r = Cpuid(leaf, sub);
    if ((r.eax & 0x1f) == 0) break;
    leaves.push_back({r.eax, r.ebx, r.ecx});
  }
  return leaves;
}

// SMT width: leaf 0xB level 0 when it is the SMT level, else AMD's topology
// leaf (valid only with TOPOEXT), else unknown.
int32_t ThreadsPerCore(bool is_amd) {
  const Regs topo = Cpuid(0xB, 0);
  if (((topo.ecx >> 8) & 0xff) == 1 && (topo.ebx & 0xffff) > 0)
    return static_cast<int32_t>(topo.ebx & 0xffff);
  if (is_amd && Bit(Cpuid(0x80000001).ecx, 22)) {
    return static_cast<int32_t>(((Cpuid(0x8000001E).ebx >> 8) & 0xff) + 1);
  }
  return 0;
}
#endif  // TV_DEVICE_HAS_CPUID

}  // namespace

int32_t DecodeFamily(uint32_t leaf1_eax) {
  const uint32_t base = (leaf1_eax >> 8) & 0xf;
  const uint32_t ext = (leaf1_eax >> 20) & 0xff;
  return static_cast<int32_t>(base == 0xf ? base + ext : base);
}

int32_t DecodeModel(uint32_t leaf1_eax) {
  const uint32_t base_family = (leaf1_eax >> 8) & 0xf;
  const uint32_t model = (leaf1_eax >> 4) & 0xf;
  const uint32_t ext = (leaf1_eax >> 16) & 0xf;
  return static_cast<int32_t>(base_family == 0x6 || base_family == 0xf ? (ext << 4) | model : model);
}

IsaFeatures DecodeIsa(const IsaRegisters& regs) {
  IsaFeatures isa;
  const bool osxsave = Bit(regs.leaf1_ecx, 27);
  const uint64_t xcr0 = osxsave ? regs.xcr0 : 0;
  const bool os_ymm = (xcr0 & 0x6) == 0x6;    // XMM and YMM state
  const bool os_zmm = (xcr0 & 0xe0) == 0xe0;  // opmask, ZMM_Hi256, Hi16_ZMM state
  const bool avx = Bit(regs.leaf1_ecx, 28) && os_ymm;
  isa.fma = avx && Bit(regs.leaf1_ecx, 12);
  isa.avx2 = avx && Bit(regs.leaf7_ebx, 5);
  isa.avx512f = avx && os_zmm && Bit(regs.leaf7_ebx, 16);
  isa.avx512bw = isa.avx512f && Bit(regs.leaf7_ebx, 30);
  isa.avx512vl = isa.avx512f && Bit(regs.leaf7_ebx, 31);
  isa.avx512_bf16 = isa.avx512f && Bit(regs.leaf7_1_eax, 5);
  return isa;
}

CacheSizes DecodeCacheLeaves(const std::vector<CacheLeaf>& leaves) {
  CacheSizes caches;
  for (const CacheLeaf& leaf : leaves) {
    const uint32_t type = leaf.eax & 0x1f;  // 1 data, 2 instruction, 3 unified
    if (type == 0) break;
    if (type == 2) continue;
    const int level = static_cast<int>((leaf.eax >> 5) & 0x7);
    const int64_t ways = ((leaf.ebx >> 22) & 0x3ff) + 1;
    const int64_t partitions = ((leaf.ebx >> 12) & 0x3ff) + 1;
    const int64_t line = (leaf.ebx & 0xfff) + 1;
    const int64_t sets = static_cast<int64_t>(leaf.ecx) + 1;
    const int64_t size = ways * partitions * line * sets;
    if (level == 1) {
      caches.l1d_bytes = size;
      caches.line_bytes = static_cast<int32_t>(line);
    } else if (level == 2) {
      caches.l2_bytes = size;
    } else if (level == 3) {
      caches.l3_bytes = size;
    }
  }
  return caches;
}

int64_t AmdL3InstanceCapBytes(int32_t family, int32_t model) {
  // L3 per core complex from AMD's product documentation: Zen/Zen+ 8 MiB per
  // CCX, Zen 2 16 MiB per CCX, Zen 3/4/5 32 MiB per CCD (3D V-Cache parts have
  // more; they are understated here, and sysfs reports them right anyway).
  if (family == 0x17) return model < 0x30 ? 8 * kMiB : 16 * kMiB;
  if (family == 0x19 || family == 0x1a) return 32 * kMiB;
  return 0;
}

CacheSizes DecodeAmdLegacyCaches(uint32_t leaf5_ecx, uint32_t leaf6_ecx, uint32_t leaf6_edx, int32_t family,
                                 int32_t model) {
  CacheSizes caches;
  caches.l1d_bytes = static_cast<int64_t>(leaf5_ecx >> 24) * kKiB;
  caches.line_bytes = static_cast<int32_t>(leaf5_ecx & 0xff);
  caches.l2_bytes = static_cast<int64_t>(leaf6_ecx >> 16) * kKiB;
  caches.l3_bytes = static_cast<int64_t>(leaf6_edx >> 18) * 512 * kKiB;
  const int64_t cap = AmdL3InstanceCapBytes(family, model);
  if (cap > 0) caches.l3_bytes = std::min(caches.l3_bytes, cap);
  return caches;
}

CpuidFacts ReadCpuid() {
  CpuidFacts facts;
#if TV_DEVICE_HAS_CPUID
  const Regs leaf0 = Cpuid(0);
  char vendor[13] = {};
  std::memcpy(vendor + 0, &leaf0.ebx, 4);
  std::memcpy(vendor + 4, &leaf0.edx, 4);
  std::memcpy(vendor + 8, &leaf0.ecx, 4);
  facts.vendor = vendor;
  const bool is_amd = facts.vendor == "AuthenticAMD" || facts.vendor == "HygonGenuine";

  char brand[49] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    const Regs r = Cpuid(0x80000002 + i);
    std::memcpy(brand + 16 * i + 0, &r.eax, 4);
    std::memcpy(brand + 16 * i + 4, &r.ebx, 4);
    std::memcpy(brand + 16 * i + 8, &r.ecx, 4);
    std::memcpy(brand + 16 * i + 12, &r.edx, 4);
  }
  facts.brand = TrimBrand(brand);

  const Regs leaf1 = Cpuid(1);
  facts.family = DecodeFamily(leaf1.eax);
  facts.model = DecodeModel(leaf1.eax);
  facts.threads_per_core = ThreadsPerCore(is_amd);

  IsaRegisters isa_regs;
  isa_regs.leaf1_ecx = leaf1.ecx;
  isa_regs.leaf7_ebx = Cpuid(7, 0).ebx;
  isa_regs.leaf7_1_eax = Cpuid(7, 1).eax;
  if (Bit(leaf1.ecx, 27)) isa_regs.xcr0 = Xgetbv0();
  facts.isa = DecodeIsa(isa_regs);

  if (is_amd) {
    const bool topoext = Bit(Cpuid(0x80000001).ecx, 22);
    if (topoext) facts.caches = DecodeCacheLeaves(ReadCacheLeaves(0x8000001D));
    if (facts.caches.l1d_bytes == 0) {
      const Regs leaf6 = Cpuid(0x80000006);
      facts.caches =
          DecodeAmdLegacyCaches(Cpuid(0x80000005).ecx, leaf6.ecx, leaf6.edx, facts.family, facts.model);
    }
  } else {
    facts.caches = DecodeCacheLeaves(ReadCacheLeaves(4));
  }
#endif
  return facts;
}

}  // namespace tv::device
