#include <gtest/gtest.h>

#include "evolve/database/feature_scaling.h"
#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

TEST(ComputeFeaturesTest, ComplexityIsCodeLengthAndDiversityZeroWithoutReferences) {
  const auto features = ComputeFeatures("int x = 1;", "{}", {});
  EXPECT_EQ(features.at("complexity"), 10);
  EXPECT_EQ(features.at("diversity"), 0);
  EXPECT_EQ(features.size(), 2u);
}

TEST(ComputeFeaturesTest, DiversityIsMeanJaccardDistanceOfTokenSets) {
  const std::string same = "a + b";  // tokens {a, +, b}
  const std::string half = "a + c";  // {a, +, c}: 2 common of 4 -> distance 0.5
  const std::string none = "x y";    // {x, y}: 0 common of 5 -> distance 1
  EXPECT_DOUBLE_EQ(ComputeFeatures("a + b", "", {&same}).at("diversity"), 0.0);
  EXPECT_DOUBLE_EQ(ComputeFeatures("a + b", "", {&half}).at("diversity"), 0.5);
  EXPECT_DOUBLE_EQ(ComputeFeatures("a + b", "", {&same, &half, &none}).at("diversity"), 0.5);
  // Repeats and spacing do not matter: sets of tokens.
  EXPECT_DOUBLE_EQ(ComputeFeatures("a+b  a+b", "", {&same}).at("diversity"), 0.0);
}

TEST(ComputeFeaturesTest, NumericTopLevelMetricsBecomeFeatures) {
  const auto features =
      ComputeFeatures("x", R"({"combined_score": 1.5, "heldout_speedup": 2, "outcome": "ok", "passed": true,
               "per_shape": {"a": 1}, "list": [1, 2], "nothing": null, "complexity": 999})",
                      {});
  EXPECT_EQ(features.at("combined_score"), 1.5);
  EXPECT_EQ(features.at("heldout_speedup"), 2);
  EXPECT_EQ(features.count("outcome"), 0u);
  EXPECT_EQ(features.count("passed"), 0u);
  EXPECT_EQ(features.count("per_shape"), 0u);
  EXPECT_EQ(features.count("list"), 0u);
  EXPECT_EQ(features.count("nothing"), 0u);
  EXPECT_EQ(features.at("complexity"), 1);  // the built-in wins
}

TEST(ComputeFeaturesTest, MalformedMetricsGiveNoMetricFeatures) {
  for (const char* bad : {"{", "not json", "[1, 2]", "3", ""}) {
    const auto features = ComputeFeatures("abc", bad, {});
    EXPECT_EQ(features.size(), 2u) << bad;
    EXPECT_EQ(features.at("complexity"), 3);
  }
}

TEST(FeatureScalingTest, BinsFollowRunningMinMax) {
  DatabaseConfig config;
  config.feature_dimensions = {"complexity", "speed"};
  config.feature_bins = 10;
  config.feature_bins_per_dimension = {{"speed", 4}};
  FeatureScaling scaling(config);

  // Nothing seen yet, or a single value: bin 0.
  EXPECT_EQ(scaling.CellOf({{"complexity", 5}, {"speed", 1}}), (GridCell{0, 0}));
  scaling.Observe({{"complexity", 100}, {"speed", 1}});
  EXPECT_EQ(scaling.CellOf({{"complexity", 100}, {"speed", 1}}), (GridCell{0, 0}));

  scaling.Observe({{"complexity", 200}, {"speed", 3}});
  EXPECT_EQ(scaling.CellOf({{"complexity", 100}, {"speed", 1}}), (GridCell{0, 0}));
  EXPECT_EQ(scaling.CellOf({{"complexity", 200}, {"speed", 3}}),
            (GridCell{9, 3}));  // the top value: last bin
  EXPECT_EQ(scaling.CellOf({{"complexity", 155}, {"speed", 2.2}}), (GridCell{5, 2}));
  EXPECT_EQ(scaling.CellOf({{"complexity", 1000}, {"speed", -5}}), (GridCell{9, 0}));  // clamped
  EXPECT_EQ(scaling.CellOf({}), (GridCell{0, 0}));                                     // missing: bin 0
}

TEST(FeatureScalingTest, RangesRoundTripThroughJson) {
  DatabaseConfig config;
  FeatureScaling scaling(config);
  scaling.Observe({{"complexity", 10}, {"diversity", 0.1}});
  scaling.Observe({{"complexity", 30}, {"diversity", 0.7}});
  FeatureScaling restored(config);
  ASSERT_TRUE(restored.FromJson(scaling.ToJson()).ok());
  EXPECT_EQ(restored.ToJson(), scaling.ToJson());
  EXPECT_EQ(restored.CellOf({{"complexity", 21}, {"diversity", 0.35}}),
            scaling.CellOf({{"complexity", 21}, {"diversity", 0.35}}));

  FeatureScaling other(config);
  EXPECT_FALSE(other.FromJson(nlohmann::json{{"speed", {1, 2}}}).ok());
  EXPECT_FALSE(other.FromJson(nlohmann::json{{"complexity", {3, 2}}}).ok());
}

TEST(CellKeyTest, RoundTripsAndRejectsMalformedKeys) {
  EXPECT_EQ(CellKey({3, 7}), "3,7");
  EXPECT_EQ(ParseCellKey("3,7", 2), (GridCell{3, 7}));
  EXPECT_EQ(ParseCellKey("12", 1), (GridCell{12}));
  for (const char* bad : {"", "3,", ",3", "3;7", "a,b", "-1,2", "1,2,3"}) {
    EXPECT_FALSE(ParseCellKey(bad, 2).has_value()) << bad;
  }
  EXPECT_EQ(ChebyshevDistance({1, 5}, {3, 4}), 2);
}

}  // namespace
}  // namespace tv::evolve
