#include "distributed/score_combination.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace tv::distributed {
namespace {

using nlohmann::json;

evolve::ProgramScore Ok(double score, double heldout, json metrics) {
  evolve::ProgramScore s;
  s.score = score;
  s.heldout = heldout;
  metrics["combined_score"] = score;
  metrics["heldout_speedup"] = heldout;
  metrics["outcome"] = "ok";
  s.metrics_json = metrics.dump();
  s.seconds = score;
  s.cache_hits = 1;
  s.cache_misses = 2;
  return s;
}

TEST(CombineValues, Rules) {
  EXPECT_DOUBLE_EQ(CombineValues(CombineRule::kGeomean, {1.0, 4.0}), 2.0);
  EXPECT_DOUBLE_EQ(CombineValues(CombineRule::kMean, {1.0, 4.0}), 2.5);
  EXPECT_DOUBLE_EQ(CombineValues(CombineRule::kMin, {1.0, 4.0}), 1.0);
  // A geomean over values not all > 0 is the mean (a feature metric may be 0).
  EXPECT_DOUBLE_EQ(CombineValues(CombineRule::kGeomean, {0.0, 4.0}), 2.0);
}

TEST(CombineRuleNames, ParseAndPrint) {
  for (CombineRule rule : {CombineRule::kGeomean, CombineRule::kMean, CombineRule::kMin}) {
    Result<CombineRule> parsed = ParseCombineRule(CombineRuleName(rule));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, rule);
  }
  Result<CombineRule> bad = ParseCombineRule("median");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("geomean"), std::string::npos);
}

TEST(CombineClassScores, TwoClassesGeomeanWithPerDeviceMetrics) {
  const evolve::ProgramScore combined =
      CombineClassScores({{"b/1t", Ok(4.0, 1.0, {{"tiles", 9}, {"note", "b"}})},
                          {"a/2t", Ok(1.0, 4.0, {{"tiles", 1}, {"note", "a"}})}},
                         CombineRule::kGeomean);
  EXPECT_EQ(combined.outcome, "ok");
  EXPECT_DOUBLE_EQ(combined.score, 2.0);
  EXPECT_DOUBLE_EQ(combined.heldout, 2.0);
  EXPECT_DOUBLE_EQ(combined.seconds, 4.0);  // the slowest class
  EXPECT_EQ(combined.cache_hits, 2);
  EXPECT_EQ(combined.cache_misses, 4);
  const json metrics = json::parse(combined.metrics_json);
  EXPECT_DOUBLE_EQ(metrics["combined_score"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(metrics["tiles"].get<double>(), 3.0);  // numbers every class has are combined
  EXPECT_FALSE(metrics.contains("note"));                 // other values stay per device
  EXPECT_EQ(metrics["combine"], "geomean");
  EXPECT_EQ(metrics["devices"]["a/2t"]["note"], "a");
  EXPECT_DOUBLE_EQ(metrics["devices"]["b/1t"]["combined_score"].get<double>(), 4.0);
}

TEST(CombineClassScores, FirstFailingClassDecidesTheOutcome) {
  evolve::ProgramScore failed;
  failed.outcome = "compile_error";
  failed.message = "no such header";
  failed.metrics_json = R"({"outcome":"compile_error"})";
  const evolve::ProgramScore combined =
      CombineClassScores({{"z/1t", Ok(2.0, 2.0, {})}, {"m/1t", failed}}, CombineRule::kMean);
  EXPECT_EQ(combined.outcome, "compile_error");
  EXPECT_EQ(combined.message, "on m/1t: no such header");
  EXPECT_EQ(combined.score, 0);
  const json metrics = json::parse(combined.metrics_json);
  EXPECT_EQ(metrics["outcome"], "compile_error");
  EXPECT_TRUE(metrics["devices"].contains("z/1t"));
}

TEST(CombineClassScores, OneClassIsThatClassUnchanged) {
  const evolve::ProgramScore one = Ok(1.1, 0.9, {{"shapes", json::array({1, 2})}});
  const evolve::ProgramScore combined = CombineClassScores({{"only/4t", one}}, CombineRule::kGeomean);
  EXPECT_EQ(combined.score, 1.1);
  EXPECT_EQ(combined.heldout, 0.9);
  const json metrics = json::parse(combined.metrics_json);
  EXPECT_EQ(metrics["shapes"], json::array({1, 2}));
  EXPECT_EQ(metrics["devices"]["only/4t"]["shapes"], json::array({1, 2}));
}

TEST(CombineClassScores, HeldoutIsZeroUnlessEveryClassHasOne) {
  const evolve::ProgramScore combined =
      CombineClassScores({{"a", Ok(1.0, 0.0, {})}, {"b", Ok(1.0, 2.0, {})}}, CombineRule::kGeomean);
  EXPECT_EQ(combined.heldout, 0);
}

TEST(ParentForClass, SplitsACombinedParent) {
  const evolve::ProgramScore combined = CombineClassScores(
      {{"a", Ok(1.5, 1.0, {{"x", 1}})}, {"b", Ok(0.5, 1.0, {{"x", 2}})}}, CombineRule::kMean);
  const evolve::ParentSummary parent{"ok", combined.score, combined.metrics_json};
  std::optional<evolve::ParentSummary> a = ParentForClass(parent, "a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->outcome, "ok");
  EXPECT_DOUBLE_EQ(a->score, 1.5);
  EXPECT_EQ(json::parse(a->metrics_json)["x"], 1);
  EXPECT_FALSE(ParentForClass(parent, "c").has_value());  // a class the parent never met: in full

  const evolve::ParentSummary local{"ok", 1.2, R"({"shapes":[]})"};
  std::optional<evolve::ParentSummary> same = ParentForClass(local, "a");
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->score, 1.2);
  EXPECT_EQ(same->metrics_json, local.metrics_json);
}

TEST(PromotedMetricsForClass, SplitsCombinedMetrics) {
  const std::string combined = R"({"combined_score":2,"devices":{"a":{"shapes":[1]},"b":{"shapes":[2]}}})";
  EXPECT_EQ(json::parse(PromotedMetricsForClass(combined, "b")), json::parse(R"({"shapes":[2]})"));
  EXPECT_EQ(PromotedMetricsForClass(combined, "c"), "");  // never measured there: time every shape
  EXPECT_EQ(PromotedMetricsForClass(R"({"shapes":[]})", "a"), R"({"shapes":[]})");
  EXPECT_EQ(PromotedMetricsForClass("", "a"), "");
}

}  // namespace
}  // namespace tv::distributed
