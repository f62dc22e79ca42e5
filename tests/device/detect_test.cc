// DetectCpu() on the machine the tests run on: only checks that hold on any
// x86-64 Linux machine.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>

#include "device/device.h"

namespace tv::device {
namespace {

TEST(DetectCpuTest, SaneValuesOnThisMachine) {
  const tv_device_info info = DetectCpu();
  EXPECT_EQ(info.version, TV_DEVICE_INFO_VERSION);
  EXPECT_GE(info.logical_cpus, 1);
  EXPECT_GE(info.physical_cores, 1);
  EXPECT_LE(info.physical_cores, info.logical_cpus);
  EXPECT_LE(info.logical_cpus, static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_GT(info.memory_bytes, int64_t{256} << 20);
  EXPECT_GT(info.l1d_bytes, 0);
  EXPECT_GE(info.l2_bytes, info.l1d_bytes);
  if (info.l3_bytes > 0) {
    EXPECT_GE(info.l3_bytes, info.l2_bytes);
  }
  EXPECT_TRUE(info.cache_line_bytes == 32 || info.cache_line_bytes == 64 || info.cache_line_bytes == 128)
      << info.cache_line_bytes;
  EXPECT_GT(std::string(info.cpu_vendor).size(), 0u);
  EXPECT_GT(std::string(info.cpu_model).size(), 0u);
  EXPECT_EQ(std::string(info.fingerprint).rfind("x86-", 0), 0u) << info.fingerprint;
}

TEST(DetectCpuTest, VectorBitsAgreeWithTheIsa) {
  const tv_device_info info = DetectCpu();
  if (info.has_avx2 && info.has_fma) {
    EXPECT_GE(info.vector_bits, 256);
  }
  if (info.has_avx512f) {
    EXPECT_EQ(info.vector_bits, 512);
  }
  if (!info.has_avx512f && !(info.has_avx2 && info.has_fma)) {
    EXPECT_EQ(info.vector_bits, 128);
  }
  if (info.has_avx512bw || info.has_avx512vl || info.has_avx512_bf16) {
    EXPECT_TRUE(info.has_avx512f);
  }
#if defined(__AVX2__)
  EXPECT_TRUE(info.has_avx2);  // this very test binary was compiled to use AVX2
#endif
}

}  // namespace
}  // namespace tv::device
