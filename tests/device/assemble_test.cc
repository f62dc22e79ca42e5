#include "device/assemble.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "byte_units.h"
#include "device/fingerprint.h"
#include "fake_tree.h"

namespace tv::device {
namespace {

using testing::FakeTree;

using testing::kKiB;
using testing::kMiB;

// CPUID of a Zen 4 part whose legacy leaves give slightly different caches
// than sysfs, so tests can tell which source won.
CpuidFacts Zen4Cpuid() {
  CpuidFacts facts;
  facts.vendor = "AuthenticAMD";
  facts.brand = "AMD EPYC 9R14 96-Core Processor";
  facts.family = 0x19;
  facts.model = 0x11;
  facts.threads_per_core = 2;
  facts.isa = {true, true, true, true, true, true};
  facts.caches = {48 * kKiB, 2 * kMiB, 16 * kMiB, 128};
  return facts;
}

DeviceSources SourcesIn(const FakeTree& tree, std::vector<int> cpus) {
  DeviceSources sources;
  sources.root = tree.root();
  sources.cpus = std::move(cpus);
  sources.cpuid = Zen4Cpuid();
  return sources;
}

TEST(AssembleDeviceInfoTest, SysfsAndProcfsWinWhereTheyAnswer) {
  FakeTree tree;
  tree.WriteZen4Caches(0);
  tree.WriteTopology(0, 0, 0);
  tree.WriteTopology(1, 0, 1);
  tree.Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC from procfs");
  DeviceSources sources = SourcesIn(tree, {0, 1});
  sources.memory_bytes = 8 * 1024 * kMiB;

  const tv_device_info info = AssembleDeviceInfo(sources);
  EXPECT_EQ(info.version, TV_DEVICE_INFO_VERSION);
  EXPECT_STREQ(info.cpu_vendor, "AuthenticAMD");
  EXPECT_STREQ(info.cpu_model, "AMD EPYC 9R14 96-Core Processor");  // CPUID's brand wins
  EXPECT_EQ(info.cpu_family, 0x19);
  EXPECT_EQ(info.cpu_model_id, 0x11);
  EXPECT_EQ(info.physical_cores, 2);
  EXPECT_EQ(info.logical_cpus, 2);
  EXPECT_EQ(info.memory_bytes, 8 * 1024 * kMiB);
  EXPECT_EQ(info.l1d_bytes, 32 * kKiB);
  EXPECT_EQ(info.l2_bytes, 1 * kMiB);
  EXPECT_EQ(info.l3_bytes, 32 * kMiB);
  EXPECT_EQ(info.cache_line_bytes, 64);
  EXPECT_EQ(info.has_avx512_bf16, 1);
  EXPECT_EQ(info.vector_bits, 512);
  EXPECT_STREQ(info.fingerprint, MakeFingerprint(info).c_str());
}

TEST(AssembleDeviceInfoTest, CpuidFillsWhatSysfsLacks) {
  FakeTree tree;  // no sys/, no proc/
  const tv_device_info info = AssembleDeviceInfo(SourcesIn(tree, {0, 1, 2, 3}));
  EXPECT_STREQ(info.cpu_model, "AMD EPYC 9R14 96-Core Processor");
  EXPECT_EQ(info.logical_cpus, 4);
  EXPECT_EQ(info.physical_cores, 2);  // 4 logical / 2 threads per core
  EXPECT_EQ(info.memory_bytes, 0);
  EXPECT_EQ(info.l1d_bytes, 48 * kKiB);
  EXPECT_EQ(info.l2_bytes, 2 * kMiB);
  EXPECT_EQ(info.l3_bytes, 16 * kMiB);
  EXPECT_EQ(info.cache_line_bytes, 128);
}

TEST(AssembleDeviceInfoTest, FieldByFieldFallback) {
  FakeTree tree;
  tree.WriteCache(0, 0, 1, "Data", "32K");  // sysfs knows only L1d
  tree.Write("proc/meminfo", "MemTotal:  1024 kB");
  const tv_device_info info = AssembleDeviceInfo(SourcesIn(tree, {0}));
  EXPECT_EQ(info.l1d_bytes, 32 * kKiB);
  EXPECT_EQ(info.cache_line_bytes, 64);
  EXPECT_EQ(info.l2_bytes, 2 * kMiB);
  EXPECT_EQ(info.l3_bytes, 16 * kMiB);
  EXPECT_EQ(info.memory_bytes, 1024 * kKiB);
}

TEST(AssembleDeviceInfoTest, ProcfsModelNameWhenCpuidHasNoBrand) {
  FakeTree tree;
  tree.Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC from procfs");
  DeviceSources sources = SourcesIn(tree, {0});
  sources.cpuid.brand.clear();
  EXPECT_STREQ(AssembleDeviceInfo(sources).cpu_model, "AMD EPYC from procfs");
}

TEST(AssembleDeviceInfoTest, CachesComeFromTheFirstAllowedCpu) {
  FakeTree tree;
  tree.WriteCache(0, 0, 1, "Data", "32K");
  tree.WriteCache(4, 0, 1, "Data", "64K");
  EXPECT_EQ(AssembleDeviceInfo(SourcesIn(tree, {4, 5})).l1d_bytes, 64 * kKiB);
}

TEST(AssembleDeviceInfoTest, UnknownSmtWidthCountsEveryCpuAsACore) {
  FakeTree tree;
  DeviceSources sources = SourcesIn(tree, {0, 1, 2});
  sources.cpuid.threads_per_core = 0;
  EXPECT_EQ(AssembleDeviceInfo(sources).physical_cores, 3);
}

TEST(AssembleDeviceInfoTest, VectorBitsFollowTheIsa) {
  FakeTree tree;
  DeviceSources sources = SourcesIn(tree, {0});
  sources.cpuid.isa = {true, true, false, false, false, false};
  EXPECT_EQ(AssembleDeviceInfo(sources).vector_bits, 256);
  sources.cpuid.isa = {true, false, false, false, false, false};  // AVX2 without FMA
  EXPECT_EQ(AssembleDeviceInfo(sources).vector_bits, 128);
  sources.cpuid.isa = {};
  EXPECT_EQ(AssembleDeviceInfo(sources).vector_bits, 128);
}

TEST(AssembleDeviceInfoTest, LongStringsAreTruncatedAndTerminated) {
  FakeTree tree;
  DeviceSources sources = SourcesIn(tree, {0});
  sources.cpuid.vendor = std::string(40, 'V');
  sources.cpuid.brand = std::string(200, 'B');
  const tv_device_info info = AssembleDeviceInfo(sources);
  EXPECT_EQ(std::strlen(info.cpu_vendor), sizeof(info.cpu_vendor) - 1);
  EXPECT_EQ(std::strlen(info.cpu_model), sizeof(info.cpu_model) - 1);
  EXPECT_LT(std::strlen(info.fingerprint), sizeof(info.fingerprint));
}

}  // namespace
}  // namespace tv::device
