#include "device/sysfs.h"

#include <gtest/gtest.h>

#include "byte_units.h"
#include "fake_tree.h"

namespace tv::device {
namespace {

using testing::FakeTree;

using testing::kKiB;
using testing::kMiB;

TEST(ParseCacheSizeTest, ReadsSysfsSuffixes) {
  EXPECT_EQ(ParseCacheSize("32K"), 32 * kKiB);
  EXPECT_EQ(ParseCacheSize("48K\n"), 48 * kKiB);
  EXPECT_EQ(ParseCacheSize("1024K"), 1 * kMiB);
  EXPECT_EQ(ParseCacheSize("32768K"), 32 * kMiB);
  EXPECT_EQ(ParseCacheSize("1M"), 1 * kMiB);
  EXPECT_EQ(ParseCacheSize("2m"), 2 * kMiB);
  EXPECT_EQ(ParseCacheSize("1G"), 1024 * kMiB);
  EXPECT_EQ(ParseCacheSize("512"), 512);
  EXPECT_EQ(ParseCacheSize(" 64K "), 64 * kKiB);
}

TEST(ParseCacheSizeTest, MalformedIsZero) {
  EXPECT_EQ(ParseCacheSize(""), 0);
  EXPECT_EQ(ParseCacheSize("K"), 0);
  EXPECT_EQ(ParseCacheSize("abc"), 0);
  EXPECT_EQ(ParseCacheSize("12Q"), 0);
  EXPECT_EQ(ParseCacheSize("-1K"), 0);
  EXPECT_EQ(ParseCacheSize("3 2K"), 0);
}

TEST(ParseCpuListTest, RangesAndSingles) {
  EXPECT_EQ(ParseCpuList("0-3,8,10-11\n"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(ParseCpuList("5"), (std::vector<int>{5}));
  EXPECT_TRUE(ParseCpuList("").empty());
  EXPECT_TRUE(ParseCpuList("3-1").empty());
  EXPECT_TRUE(ParseCpuList("a,b").empty());
}

TEST(ReadSysfsCachesTest, ReadsEveryLevel) {
  FakeTree tree;
  tree.WriteZen4Caches(0);
  const CacheSizes caches = ReadSysfsCaches(tree.root(), 0);
  EXPECT_EQ(caches.l1d_bytes, 32 * kKiB);
  EXPECT_EQ(caches.l2_bytes, 1 * kMiB);
  EXPECT_EQ(caches.l3_bytes, 32 * kMiB);
  EXPECT_EQ(caches.line_bytes, 64);
}

TEST(ReadSysfsCachesTest, InstructionCacheIsNotL1d) {
  FakeTree tree;
  tree.WriteCache(0, 0, 1, "Data", "48K");
  tree.WriteCache(0, 1, 1, "Instruction", "64K");
  EXPECT_EQ(ReadSysfsCaches(tree.root(), 0).l1d_bytes, 48 * kKiB);
}

TEST(ReadSysfsCachesTest, ReadsTheRequestedCpu) {
  FakeTree tree;
  tree.WriteZen4Caches(0);
  tree.WriteCache(3, 0, 1, "Data", "48K");
  EXPECT_EQ(ReadSysfsCaches(tree.root(), 3).l1d_bytes, 48 * kKiB);
  EXPECT_EQ(ReadSysfsCaches(tree.root(), 3).l3_bytes, 0);
}

TEST(ReadSysfsCachesTest, MissingFilesReadAsUnknown) {
  FakeTree tree;
  EXPECT_EQ(ReadSysfsCaches(tree.root(), 0).l1d_bytes, 0);  // no cache dir at all

  tree.WriteCache(0, 0, 1, "Data", "32K");
  tree.Write("sys/devices/system/cpu/cpu0/cache/index2/level", "2");  // L2 without type and size
  tree.Write("sys/devices/system/cpu/cpu0/cache/index3/level", "3");
  tree.Write("sys/devices/system/cpu/cpu0/cache/index3/type", "Unified");
  tree.Write("sys/devices/system/cpu/cpu0/cache/index3/size", "garbage");
  const CacheSizes caches = ReadSysfsCaches(tree.root(), 0);
  EXPECT_EQ(caches.l1d_bytes, 32 * kKiB);
  EXPECT_EQ(caches.l2_bytes, 0);
  EXPECT_EQ(caches.l3_bytes, 0);
}

TEST(CountPhysicalCoresTest, SmtSiblingsCountOnce) {
  FakeTree tree;
  // 4 logical CPUs, 2 cores with 2 threads each (Linux numbers siblings 0,2 and 1,3).
  tree.WriteTopology(0, 0, 0);
  tree.WriteTopology(1, 0, 1);
  tree.WriteTopology(2, 0, 0);
  tree.WriteTopology(3, 0, 1);
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1, 2, 3}), 2);
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 2}), 1);  // an affinity mask of one core's two threads
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1}), 2);
}

TEST(CountPhysicalCoresTest, SameCoreIdInTwoPackagesIsTwoCores) {
  FakeTree tree;
  tree.WriteTopology(0, 0, 0);
  tree.WriteTopology(1, 1, 0);
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1}), 2);
}

TEST(CountPhysicalCoresTest, SameCoreIdInTwoDiesIsTwoCores) {
  FakeTree tree;
  tree.WriteTopology(0, 0, 0);
  tree.WriteTopology(1, 0, 0);
  tree.Write("sys/devices/system/cpu/cpu0/topology/die_id", "0");
  tree.Write("sys/devices/system/cpu/cpu1/topology/die_id", "1");
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1}), 2);
}

TEST(CountPhysicalCoresTest, NegativePackageIdIsAccepted) {
  FakeTree tree;
  tree.WriteTopology(0, -1, 0);
  tree.WriteTopology(1, -1, 1);
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1}), 2);
}

TEST(CountPhysicalCoresTest, MissingTopologyIsUnknown) {
  FakeTree tree;
  tree.WriteTopology(0, 0, 0);
  EXPECT_EQ(CountPhysicalCores(tree.root(), {0, 1}), 0);
}

TEST(ProcfsTest, ReadsModelNameAndMemTotal) {
  FakeTree tree;
  tree.Write("proc/cpuinfo",
             "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14 96-Core Processor  \n"
             "\nprocessor\t: 1\nmodel name\t: something else\n");
  tree.Write("proc/meminfo", "MemTotal:       24683620 kB\nMemFree:         1000 kB");
  EXPECT_EQ(ReadCpuinfoModelName(tree.root()), "AMD EPYC 9R14 96-Core Processor");
  EXPECT_EQ(ReadMeminfoTotalBytes(tree.root()), int64_t{24683620} * 1024);
}

TEST(ProcfsTest, MissingFilesReadAsUnknown) {
  FakeTree tree;
  EXPECT_EQ(ReadCpuinfoModelName(tree.root()), "");
  EXPECT_EQ(ReadMeminfoTotalBytes(tree.root()), 0);
  tree.Write("proc/meminfo", "MemFree: 12 kB");
  EXPECT_EQ(ReadMeminfoTotalBytes(tree.root()), 0);
}

}  // namespace
}  // namespace tv::device
