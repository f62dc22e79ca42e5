#include "heuristic/heuristics.h"

#include <gtest/gtest.h>

#include <cstring>

namespace tv::heuristic {
namespace {

TEST(FindHeuristicTest, BaselineIsTheSeedsGenerationZero) {
  const auto found = FindHeuristic("baseline");
  ASSERT_TRUE(found.ok()) << found.status().message();
  tv_device_info device{};
  device.memory_bytes = int64_t{24} << 30;
  const tv_tile_config c = (*found)(512, 768, 768, &device);
  EXPECT_EQ(c.mc, 128);
  EXPECT_EQ(c.nc, 128);
  EXPECT_EQ(c.kc, 128);
}

TEST(FindHeuristicTest, AutoIsTheZeroRequest) {
  const auto found = FindHeuristic("auto");
  ASSERT_TRUE(found.ok());
  tv_device_info device{};
  const tv_tile_config c = (*found)(512, 4096, 4096, &device);
  const tv_tile_config zero{};
  EXPECT_EQ(std::memcmp(&c, &zero, sizeof(c)), 0);
}

TEST(FindHeuristicTest, UnknownNameListsTheKnownOnes) {
  const auto found = FindHeuristic("fastest");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), StatusCode::kNotFound);
  const std::string& message = found.status().message();
  EXPECT_NE(message.find("'fastest'"), std::string::npos) << message;
  EXPECT_NE(message.find("baseline"), std::string::npos) << message;
  EXPECT_NE(message.find("auto"), std::string::npos) << message;
}

TEST(HeuristicNamesTest, EveryNameIsFound) {
  const std::vector<std::string> names = HeuristicNames();
  EXPECT_EQ(names, (std::vector<std::string>{"baseline", "auto", "analytic"}));
  for (const std::string& name : names) EXPECT_TRUE(FindHeuristic(name).ok()) << name;
}

}  // namespace
}  // namespace tv::heuristic
