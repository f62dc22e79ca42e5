// The [devices] section: shown only for a run whose metrics carry per-device
// figures ("devices"), with every class's scores and per-shape speedups.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "report/sections.h"

namespace tv::report {
namespace {

ReportProgram Program(int64_t id, const char* mutation, nlohmann::json metrics) {
  ReportProgram p;
  p.record.id = id;
  p.record.mutation = mutation;
  p.record.outcome = "ok";
  p.record.score = metrics.value("combined_score", 0.0);
  p.metrics = std::move(metrics);
  return p;
}

nlohmann::json DeviceMetrics(double train, double heldout, double shape_speedup) {
  return {{"outcome", "ok"},
          {"combined_score", train},
          {"heldout_speedup", heldout},
          {"shapes", {{{"name", "qkv"}, {"speedup", shape_speedup}}}}};
}

TEST(DevicesSection, AbsentWithoutPerDeviceMetrics) {
  RunData run;
  run.programs.push_back(Program(1, "initial", {{"combined_score", 1.0}}));
  EXPECT_EQ(DevicesSection(run), "");
}

TEST(DevicesSection, ShowsEveryClassWithScoresAndShapes) {
  RunData run;
  run.programs.push_back(Program(
      1, "initial",
      {{"combined_score", 1.0},
       {"devices", {{"zen4/1t", DeviceMetrics(1.0, 1.0, 1.0)}, {"zen4/2t", DeviceMetrics(1.0, 1.0, 1.0)}}}}));
  run.programs.push_back(Program(
      2, "offline:literals",
      {{"combined_score", 1.2},
       {"combine", "geomean"},
       {"devices",
        {{"zen4/1t", DeviceMetrics(1.1, 1.05, 1.125)}, {"zen4/2t<b>", DeviceMetrics(1.3, 1.15, 1.375)}}}}));
  const std::string html = DevicesSection(run);
  EXPECT_NE(html.find("data-section=\"devices\""), std::string::npos);
  EXPECT_NE(html.find("data-device=\"zen4/1t\""), std::string::npos);
  EXPECT_NE(html.find("zen4/2t&lt;b&gt;"), std::string::npos) << "names are escaped";
  EXPECT_EQ(html.find("zen4/2t<b>"), std::string::npos);
  EXPECT_NE(html.find("1.3000"), std::string::npos);
  EXPECT_NE(html.find("1.1500"), std::string::npos);
  EXPECT_NE(html.find("1.3750"), std::string::npos) << "per-shape speedup of the second class";
  EXPECT_NE(html.find("<td>qkv</td>"), std::string::npos);
}

}  // namespace
}  // namespace tv::report
