#include "bench/bench_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bench/geomeans.h"
#include "bench/tile_source.h"

namespace tv::bench {
namespace {

ShapeRecord Record(const std::string& name, ShapeTag tag, const std::string& cls, double gflops,
                   double ratio) {
  ShapeRecord r;
  r.shape.name = name;
  r.shape.m = 8;
  r.shape.n = 16;
  r.shape.k = 32;
  r.shape.tag = tag;
  r.shape.extra["class"] = cls;
  r.shape.extra["model"] = "M";
  r.tiles.mc = 8;
  r.gflops = gflops;
  r.spread = 0.01;
  r.peers.push_back({"openblas", Status::Ok(), gflops / ratio, ratio, 0.02});
  return r;
}

TEST(BenchJsonTest, RecordHasTheDocumentedFields) {
  const nlohmann::json j = ShapeRecordJson(Record("s", ShapeTag::kHeldout, "decode", 10, 2));
  for (const char* key :
       {"name", "m", "n", "k", "tag", "class", "model", "tiles", "gflops", "spread", "peers"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["tag"], "heldout");
  EXPECT_EQ(j["m"], 8);
  EXPECT_EQ(j["tiles"]["mc"], 8);
  EXPECT_DOUBLE_EQ(j["peers"]["openblas"]["ratio"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["peers"]["openblas"]["gflops"].get<double>(), 5.0);
  EXPECT_FALSE(j.contains("error"));
}

TEST(BenchJsonTest, FailedRecordCarriesItsError) {
  ShapeRecord r = Record("s", ShapeTag::kTrain, "decode", 0, 1);
  r.status = Status::Internal("gives a wrong result");
  EXPECT_EQ(ShapeRecordJson(r)["error"], "gives a wrong result");
}

TEST(GeomeansTest, GroupsByTagAndClassAndSkipsFailures) {
  std::vector<ShapeRecord> records = {Record("a", ShapeTag::kTrain, "decode", 1, 1),
                                      Record("b", ShapeTag::kTrain, "prefill", 4, 4),
                                      Record("c", ShapeTag::kHeldout, "decode", 16, 2)};
  ShapeRecord failed = Record("d", ShapeTag::kHeldout, "decode", 1000, 1000);
  failed.status = Status::Internal("wrong");
  records.push_back(failed);
  const std::vector<GeomeanRow> rows = ComputeGeomeans(records);
  ASSERT_GE(rows.size(), 5u);
  EXPECT_EQ(rows[0].group, "all");
  EXPECT_EQ(rows[0].count, 3);
  EXPECT_NEAR(rows[0].gflops, 4.0, 1e-9);  // (1 * 4 * 16)^(1/3)
  EXPECT_NEAR(rows[0].ratio.at("openblas"), 2.0, 1e-9);
  EXPECT_EQ(rows[1].group, "train");
  EXPECT_NEAR(rows[1].gflops, 2.0, 1e-9);
  EXPECT_EQ(rows[2].group, "heldout");
  EXPECT_EQ(rows[2].count, 1);
  EXPECT_EQ(rows[3].group, "class:decode");
  EXPECT_NEAR(rows[3].gflops, 4.0, 1e-9);
  const nlohmann::json j = GeomeansJson(rows);
  EXPECT_EQ(j["all"]["count"], 3);
  EXPECT_TRUE(j.contains("class:prefill"));
}

TEST(TileSourceTest, ReadsPerShapeTilesFromAnOracleFile) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "tv_tiles_file_test.json";
  nlohmann::json json = {{"records", nlohmann::json::array()}};
  json["records"].push_back(ShapeRecordJson(Record("s", ShapeTag::kTrain, "decode", 1, 1)));
  std::ofstream(file) << json.dump();
  Result<TileSource> source = TileSource::Make("", file.string(), "baseline");
  ASSERT_TRUE(source.ok()) << source.status().message();
  SuiteShape s;
  s.name = "s";
  s.m = 8;
  s.n = 16;
  s.k = 32;
  Result<tv_tile_config> tiles = source->For(s, tv_device_info{});
  ASSERT_TRUE(tiles.ok()) << tiles.status().message();
  EXPECT_EQ(tiles->mc, 8);
  s.k = 33;
  EXPECT_FALSE(source->For(s, tv_device_info{}).ok());  // shape differs from the file's
  s.name = "other";
  EXPECT_EQ(source->For(s, tv_device_info{}).status().code(), StatusCode::kNotFound);
  std::filesystem::remove(file);
}

TEST(TileSourceTest, BadSources) {
  EXPECT_FALSE(TileSource::Make("1,2,3", "file.json", "baseline").ok());
  EXPECT_FALSE(TileSource::Make("1,2", "", "baseline").ok());
  EXPECT_FALSE(TileSource::Make("", "/nonexistent/tiles.json", "baseline").ok());
  EXPECT_FALSE(TileSource::Make("", "", "no_such_heuristic").ok());
  Result<TileSource> fixed = TileSource::Make("mc=32", "", "baseline");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->For(SuiteShape{}, tv_device_info{})->mc, 32);
}

}  // namespace
}  // namespace tv::bench
