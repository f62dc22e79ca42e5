#include "device/x86_cpuid.h"

#include <gtest/gtest.h>

#include "byte_units.h"

namespace tv::device {
namespace {

using testing::kKiB;
using testing::kMiB;

TEST(DecodeFamilyModelTest, FoldsExtendedFields) {
  // AMD EPYC 9R14 (Zen 4): family 0x19, model 0x11, stepping 1.
  EXPECT_EQ(DecodeFamily(0x00A10F11), 0x19);
  EXPECT_EQ(DecodeModel(0x00A10F11), 0x11);
  // AMD Zen 5 EPYC: family 0x1A, model 0x02.
  EXPECT_EQ(DecodeFamily(0x00B00F21), 0x1A);
  EXPECT_EQ(DecodeModel(0x00B00F21), 0x02);
  // Intel Skylake-SP: family 6, model 0x55 (extended model counts for family 6).
  EXPECT_EQ(DecodeFamily(0x00050654), 6);
  EXPECT_EQ(DecodeModel(0x00050654), 0x55);
  // A family-5 part: the extended model field is ignored.
  EXPECT_EQ(DecodeModel(0x00010542), 0x4);
}

IsaRegisters AllFeatures(uint64_t xcr0) {
  IsaRegisters regs;
  regs.leaf1_ecx = (1u << 12) | (1u << 27) | (1u << 28);
  regs.leaf7_ebx = (1u << 5) | (1u << 16) | (1u << 30) | (1u << 31);
  regs.leaf7_1_eax = 1u << 5;
  regs.xcr0 = xcr0;
  return regs;
}

TEST(DecodeIsaTest, EverythingWhenTheOsSavesZmm) {
  const IsaFeatures isa = DecodeIsa(AllFeatures(0xe7));
  EXPECT_TRUE(isa.avx2);
  EXPECT_TRUE(isa.fma);
  EXPECT_TRUE(isa.avx512f);
  EXPECT_TRUE(isa.avx512bw);
  EXPECT_TRUE(isa.avx512vl);
  EXPECT_TRUE(isa.avx512_bf16);
}

TEST(DecodeIsaTest, NoAvx512WhenTheOsSavesOnlyYmm) {
  const IsaFeatures isa = DecodeIsa(AllFeatures(0x7));
  EXPECT_TRUE(isa.avx2);
  EXPECT_TRUE(isa.fma);
  EXPECT_FALSE(isa.avx512f);
  EXPECT_FALSE(isa.avx512bw);
  EXPECT_FALSE(isa.avx512vl);
  EXPECT_FALSE(isa.avx512_bf16);
}

TEST(DecodeIsaTest, NothingWithoutOsxsave) {
  IsaRegisters regs = AllFeatures(0xe7);
  regs.leaf1_ecx &= ~(1u << 27);
  const IsaFeatures isa = DecodeIsa(regs);
  EXPECT_FALSE(isa.avx2);
  EXPECT_FALSE(isa.fma);
  EXPECT_FALSE(isa.avx512f);
}

TEST(DecodeIsaTest, NoAvx2WithoutAvx) {
  IsaRegisters regs = AllFeatures(0xe7);
  regs.leaf1_ecx &= ~(1u << 28);
  EXPECT_FALSE(DecodeIsa(regs).avx2);
}

// One leaf-4 style sub-leaf: type (1 data, 2 instr, 3 unified), level, geometry.
CacheLeaf Leaf(uint32_t type, uint32_t level, uint32_t ways, uint32_t line, uint32_t sets) {
  return {type | (level << 5), ((ways - 1) << 22) | (line - 1), sets - 1};
}

TEST(DecodeCacheLeavesTest, SizesFromGeometry) {
  const CacheSizes caches = DecodeCacheLeaves({
      Leaf(1, 1, 12, 64, 64),      // 48 KiB L1d
      Leaf(2, 1, 8, 64, 64),       // 32 KiB L1i
      Leaf(3, 2, 16, 64, 2048),    // 2 MiB L2
      Leaf(3, 3, 15, 64, 65536),   // 60 MiB L3
      Leaf(0, 0, 1, 1, 1),         // end
      Leaf(3, 3, 16, 64, 131072),  // after the end: ignored
  });
  EXPECT_EQ(caches.l1d_bytes, 48 * kKiB);
  EXPECT_EQ(caches.line_bytes, 64);
  EXPECT_EQ(caches.l2_bytes, 2 * kMiB);
  EXPECT_EQ(caches.l3_bytes, 60 * kMiB);
}

TEST(DecodeCacheLeavesTest, NoLeavesIsUnknown) {
  const CacheSizes caches = DecodeCacheLeaves({});
  EXPECT_EQ(caches.l1d_bytes, 0);
  EXPECT_EQ(caches.l3_bytes, 0);
}

TEST(DecodeAmdLegacyCachesTest, CapsThePackageL3AtOneCcd) {
  // The 2-core Zen 5 VM this project is developed on: 48K L1d, 1M L2, and
  // 1016 x 512 KiB of L3 in the whole package.
  const CacheSizes caches = DecodeAmdLegacyCaches((48u << 24) | 64, 1024u << 16, 1016u << 18, 0x1a, 0x02);
  EXPECT_EQ(caches.l1d_bytes, 48 * kKiB);
  EXPECT_EQ(caches.line_bytes, 64);
  EXPECT_EQ(caches.l2_bytes, 1 * kMiB);
  EXPECT_EQ(caches.l3_bytes, 32 * kMiB);
}

TEST(DecodeAmdLegacyCachesTest, UnknownFamilyKeepsTheReportedL3) {
  const CacheSizes caches = DecodeAmdLegacyCaches((64u << 24) | 64, 512u << 16, 12u << 18, 0x10, 0x04);
  EXPECT_EQ(caches.l3_bytes, 6 * kMiB);
}

TEST(AmdL3InstanceCapTest, PerZenGeneration) {
  EXPECT_EQ(AmdL3InstanceCapBytes(0x17, 0x01), 8 * kMiB);   // Zen
  EXPECT_EQ(AmdL3InstanceCapBytes(0x17, 0x31), 16 * kMiB);  // Zen 2
  EXPECT_EQ(AmdL3InstanceCapBytes(0x19, 0x11), 32 * kMiB);  // Zen 4
  EXPECT_EQ(AmdL3InstanceCapBytes(0x1a, 0x02), 32 * kMiB);  // Zen 5
  EXPECT_EQ(AmdL3InstanceCapBytes(0x15, 0x02), 0);          // Bulldozer family: no cap
}

#if defined(__x86_64__) || defined(__i386__)
TEST(ReadCpuidTest, ThisCpuDescribesItself) {
  const CpuidFacts facts = ReadCpuid();
  EXPECT_EQ(facts.vendor.size(), 12u) << facts.vendor;
  EXPECT_GT(facts.family, 0);
  EXPECT_GE(facts.threads_per_core, 0);
  EXPECT_FALSE(facts.brand.empty());
}
#endif

}  // namespace
}  // namespace tv::device
