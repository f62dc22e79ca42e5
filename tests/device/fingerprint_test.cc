#include "device/fingerprint.h"

#include <gtest/gtest.h>

#include <cstring>

#include "device/device.h"
#include "test_device_info.h"

namespace tv::device {
namespace {

using testing::Zen4DeviceInfo;

TEST(Fnv1a64Test, KnownVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(MakeFingerprintTest, ReadablePrefixAndHash) {
  const std::string fingerprint = MakeFingerprint(Zen4DeviceInfo());
  EXPECT_EQ(fingerprint.rfind("x86-amd-avx512-2c-", 0), 0u) << fingerprint;
  EXPECT_EQ(fingerprint.size(), std::strlen("x86-amd-avx512-2c-") + 16);
  EXPECT_LT(fingerprint.size(), sizeof(tv_device_info::fingerprint));
}

TEST(MakeFingerprintTest, SameHardwareSameString) {
  EXPECT_EQ(MakeFingerprint(Zen4DeviceInfo()), MakeFingerprint(Zen4DeviceInfo()));
}

TEST(MakeFingerprintTest, IgnoresMemoryAndLogicalCpusAndTheOldFingerprint) {
  tv_device_info other = Zen4DeviceInfo();
  other.memory_bytes *= 2;
  other.logical_cpus = 4;
  std::strcpy(other.fingerprint, "something else");
  EXPECT_EQ(MakeFingerprint(other), MakeFingerprint(Zen4DeviceInfo()));
}

TEST(MakeFingerprintTest, EveryHardwareFieldChangesIt) {
  const std::string base = MakeFingerprint(Zen4DeviceInfo());
  const auto changed = [&](void (*change)(tv_device_info&)) {
    tv_device_info info = Zen4DeviceInfo();
    change(info);
    return MakeFingerprint(info) != base;
  };
  EXPECT_TRUE(changed([](tv_device_info& i) { std::strcpy(i.cpu_vendor, "GenuineIntel"); }));
  EXPECT_TRUE(changed([](tv_device_info& i) { std::strcpy(i.cpu_model, "AMD EPYC 9654"); }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.cpu_family = 0x1a; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.cpu_model_id = 0x12; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.physical_cores = 4; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.l1d_bytes = 48 * 1024; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.l2_bytes = 2 * 1024 * 1024; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.l3_bytes = 16 * 1024 * 1024; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.cache_line_bytes = 128; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.has_avx512_bf16 = 0; }));
  EXPECT_TRUE(changed([](tv_device_info& i) { i.has_avx512vl = 0; }));
}

TEST(MakeFingerprintTest, PrefixNamesTheIsa) {
  tv_device_info info = Zen4DeviceInfo();
  info.has_avx512f = 0;
  EXPECT_EQ(MakeFingerprint(info).rfind("x86-amd-avx2-2c-", 0), 0u);
  info.has_avx2 = 0;
  std::strcpy(info.cpu_vendor, "GenuineIntel");
  EXPECT_EQ(MakeFingerprint(info).rfind("x86-intel-sse-2c-", 0), 0u);
}

TEST(MakeFingerprintTest, UnterminatedStringFieldsAreSafe) {
  tv_device_info info = Zen4DeviceInfo();
  std::memset(info.cpu_vendor, 'A', sizeof(info.cpu_vendor));
  std::memset(info.cpu_model, 'B', sizeof(info.cpu_model));
  EXPECT_FALSE(MakeFingerprint(info).empty());
}

TEST(MakeFingerprintTest, DetectionIsStableAcrossCalls) {
  const tv_device_info first = DetectCpu();
  const tv_device_info second = DetectCpu();
  EXPECT_STREQ(first.fingerprint, second.fingerprint);
  EXPECT_STREQ(first.fingerprint, MakeFingerprint(first).c_str());
}

}  // namespace
}  // namespace tv::device
