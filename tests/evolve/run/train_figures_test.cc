// TrainShapeFigures: the figures the shape rules may read from an evaluation's
// metrics are the train shapes' tiles and speedups, never held-out shapes and
// never the oracle's tiles; malformed metrics give no figures, not an error.
#include "evolve/run/train_figures.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tv::evolve {
namespace {

nlohmann::json Shape(const std::string& name, const std::string& tag, int mc, double speedup) {
  return {{"name", name},
          {"m", 1},
          {"n", 4096},
          {"k", 4096},
          {"tag", tag},
          {"tiles", {{"mc", mc}, {"nc", 1408}, {"kc", 16}, {"parallel", "k"}, {"path", "small_m"}}},
          {"baseline", {{"mc", 1}, {"nc", 128}, {"kc", 128}}},
          {"speedup", speedup},
          {"oracle_tiles", {{"mc", 999}, {"nc", 999}, {"kc", 999}}},
          {"oracle_speedup", 9.0}};
}

TEST(TrainShapeFigures, TrainShapesOnlyWithTheirOwnTiles) {
  const nlohmann::json metrics = {
      {"combined_score", 1.1},
      {"shapes", {Shape("a", "train", 1, 1.25), Shape("b", "heldout", 1, 1.5), Shape("c", "train", 1, 0.9)}}};
  const std::vector<ShapeFigure> figures = TrainShapeFigures(metrics.dump());
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0].shape, "a");
  EXPECT_EQ(figures[0].m, 1);
  EXPECT_EQ(figures[0].n, 4096);
  EXPECT_EQ(figures[0].k, 4096);
  EXPECT_EQ(figures[0].tiles.mc, 1) << "the tiles that ran, not the oracle's";
  EXPECT_EQ(figures[0].tiles.nc, 1408);
  EXPECT_EQ(figures[0].tiles.parallel, TV_PARALLEL_K);
  EXPECT_EQ(figures[0].tiles.path, TV_PATH_SMALL_M);
  EXPECT_DOUBLE_EQ(figures[0].speedup, 1.25);
  EXPECT_EQ(figures[1].shape, "c");
}

TEST(TrainShapeFigures, MalformedMetricsGiveNoFigures) {
  EXPECT_TRUE(TrainShapeFigures("").empty());
  EXPECT_TRUE(TrainShapeFigures("{not json").empty());
  EXPECT_TRUE(TrainShapeFigures(R"({"combined_score": 1.0})").empty()) << "another evaluator's metrics";
  EXPECT_TRUE(TrainShapeFigures(R"({"shapes": 3})").empty());
  nlohmann::json bad_tiles = Shape("a", "train", 1, 1.0);
  bad_tiles["tiles"]["parallel"] = "sideways";
  nlohmann::json no_speedup = Shape("b", "train", 1, 1.0);
  no_speedup.erase("speedup");
  nlohmann::json text_size = Shape("c", "train", 1, 1.0);
  text_size["m"] = "one";
  const nlohmann::json metrics = {{"shapes", {bad_tiles, no_speedup, text_size, 7}}};
  EXPECT_TRUE(TrainShapeFigures(metrics.dump()).empty());
}

}  // namespace
}  // namespace tv::evolve
