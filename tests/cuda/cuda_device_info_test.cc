#include "device/cuda/cuda_device_info.h"

#include <gtest/gtest.h>

#include <cstring>

namespace tv::device {
namespace {

TEST(CudaDeviceInfo, NullInfoIsAnError) {
  const Status status = FillCudaDeviceInfo(nullptr);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST(CudaDeviceInfo, FillsEverythingOrReportsNoGpu) {
  tv_device_info info{};
  std::memset(info.gpu_name, 'x', sizeof(info.gpu_name));  // must be overwritten either way
  info.gpu_sm_count = 12345;
  ASSERT_TRUE(FillCudaDeviceInfo(&info).ok());
  if (info.gpu_count == 0) {
    EXPECT_FALSE(CudaUnavailableReason().empty());
    EXPECT_EQ(info.gpu_name[0], '\0');
    EXPECT_EQ(info.gpu_sm_count, 0);
    EXPECT_EQ(info.gpu_memory_bytes, 0);
    GTEST_SKIP() << "no CUDA GPU here (" << CudaUnavailableReason()
                 << "): the fields are zero as they should be";
  }
  EXPECT_TRUE(CudaUnavailableReason().empty());
  EXPECT_GT(std::strlen(info.gpu_name), 0u);
  EXPECT_LT(std::strlen(info.gpu_name), sizeof(info.gpu_name));
  EXPECT_GE(info.gpu_cc_major, 3);
  EXPECT_GT(info.gpu_sm_count, 0);
  EXPECT_GE(info.gpu_smem_per_block, 48 * 1024);
  EXPECT_GE(info.gpu_smem_per_sm, info.gpu_smem_per_block);
  EXPECT_GT(info.gpu_regs_per_sm, 0);
  EXPECT_GT(info.gpu_l2_bytes, 0);
  EXPECT_GT(info.gpu_memory_bytes, int64_t{1} << 30);
  EXPECT_GT(info.gpu_memory_bandwidth,
            int64_t{100} * 1000 * 1000 * 1000);  // > 100 GB/s on any CUDA GPU of sm_80+
}

TEST(CudaDeviceInfo, OrdinalOutOfRangeOfAPresentGpuIsAnError) {
  tv_device_info info{};
  ASSERT_TRUE(FillCudaDeviceInfo(&info).ok());
  if (info.gpu_count == 0) GTEST_SKIP() << "no CUDA GPU here: " << CudaUnavailableReason();
  EXPECT_EQ(FillCudaDeviceInfo(&info, info.gpu_count).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tv::device
