#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "device/device.h"
#include "test_device_info.h"

namespace tv::device {
namespace {

using testing::Zen4DeviceInfo;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(FormatTextTest, ShowsSizesInBinaryUnits) {
  const std::string text = FormatText(Zen4DeviceInfo());
  EXPECT_NE(text.find("AMD EPYC 9R14 96-Core Processor"), std::string::npos) << text;
  EXPECT_NE(text.find("32 KiB per core"), std::string::npos) << text;
  EXPECT_NE(text.find("1 MiB per core"), std::string::npos) << text;
  EXPECT_NE(text.find("32 MiB per instance"), std::string::npos) << text;
  EXPECT_NE(text.find("23.5 GiB"), std::string::npos) << text;
  EXPECT_NE(text.find("avx2 fma avx512f avx512bw avx512vl avx512_bf16"), std::string::npos) << text;
  EXPECT_NE(text.find("x86-amd-avx512-2c-0123456789abcdef"), std::string::npos) << text;
}

TEST(FormatTextTest, ValuesStartInOneColumn) {
  const std::vector<std::string> lines = Lines(FormatText(Zen4DeviceInfo()));
  ASSERT_GE(lines.size(), 10u);
  size_t column = std::string::npos;
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    ASSERT_NE(colon, std::string::npos) << line;
    const size_t value = line.find_first_not_of(' ', colon + 1);
    if (column == std::string::npos) column = value;
    EXPECT_EQ(value, column) << line;
  }
}

TEST(FormatTextTest, UnknownFieldsSaySo) {
  tv_device_info info{};
  const std::string text = FormatText(info);
  EXPECT_NE(text.find("L3 cache:"), std::string::npos);
  EXPECT_NE(text.find("unknown per instance"), std::string::npos) << text;
  EXPECT_NE(text.find("none beyond SSE"), std::string::npos) << text;
}

TEST(FormatJsonTest, EveryFieldRoundTrips) {
  const tv_device_info info = Zen4DeviceInfo();
  const nlohmann::json json = nlohmann::json::parse(FormatJson(info));
  EXPECT_EQ(json.size(), 31u);
  EXPECT_EQ(json.at("version"), TV_DEVICE_INFO_VERSION);
  EXPECT_EQ(json.at("cpu_vendor"), "AuthenticAMD");
  EXPECT_EQ(json.at("cpu_model"), "AMD EPYC 9R14 96-Core Processor");
  EXPECT_EQ(json.at("cpu_family"), 0x19);
  EXPECT_EQ(json.at("cpu_model_id"), 0x11);
  EXPECT_EQ(json.at("physical_cores"), 2);
  EXPECT_EQ(json.at("logical_cpus"), 2);
  EXPECT_EQ(json.at("memory_bytes"), info.memory_bytes);
  EXPECT_EQ(json.at("l1d_bytes"), 32 * 1024);
  EXPECT_EQ(json.at("l2_bytes"), 1024 * 1024);
  EXPECT_EQ(json.at("l3_bytes"), 32 * 1024 * 1024);
  EXPECT_EQ(json.at("cache_line_bytes"), 64);
  for (const char* flag :
       {"has_avx2", "has_fma", "has_avx512f", "has_avx512bw", "has_avx512vl", "has_avx512_bf16"}) {
    EXPECT_EQ(json.at(flag), true) << flag;
  }
  EXPECT_EQ(json.at("vector_bits"), 512);
  EXPECT_EQ(json.at("fingerprint"), "x86-amd-avx512-2c-0123456789abcdef");
  EXPECT_EQ(json.at("gpu_count"), 0);
  EXPECT_EQ(json.at("gpu_name"), "");
}

TEST(FormatTest, TheGpuFieldsShowWhenAGpuIsVisible) {
  tv_device_info info = Zen4DeviceInfo();
  EXPECT_NE(FormatText(info).find("gpu:"), std::string::npos);
  info.gpu_count = 1;
  std::snprintf(info.gpu_name, sizeof(info.gpu_name), "NVIDIA H100 80GB HBM3");
  info.gpu_cc_major = 9;
  info.gpu_sm_count = 132;
  info.gpu_memory_bandwidth = 3352000000000;
  const std::string text = FormatText(info);
  EXPECT_NE(text.find("NVIDIA H100 80GB HBM3 (1 visible)"), std::string::npos) << text;
  EXPECT_NE(text.find("9.0"), std::string::npos) << text;
  EXPECT_NE(text.find("3352 GB/s peak"), std::string::npos) << text;
  const nlohmann::json json = nlohmann::json::parse(FormatJson(info));
  EXPECT_EQ(json.at("gpu_sm_count"), 132);
  EXPECT_EQ(json.at("gpu_name"), "NVIDIA H100 80GB HBM3");
}

TEST(FormatJsonTest, InvalidUtf8InTheBrandStillGivesJson) {
  tv_device_info info = Zen4DeviceInfo();
  info.cpu_model[3] = static_cast<char>(0xff);
  EXPECT_NO_THROW(nlohmann::json::parse(FormatJson(info)));
}

}  // namespace
}  // namespace tv::device
