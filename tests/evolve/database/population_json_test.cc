// Population::ToJson / FromJson: a restored population is the same population.
#include <gtest/gtest.h>

#include "database_test_support.h"
#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

using testing::MakeCandidate;

DatabaseConfig JsonConfig() {
  DatabaseConfig config;
  config.num_islands = 3;
  config.population_size = 60;
  config.archive_size = 8;
  config.migration_interval = 5;
  config.migration_rate = 0.25;
  config.feature_bins_per_dimension = {{"diversity", 4}};
  return config;
}

// A population grown by a controller-like loop: evictions, grid fights,
// migrations and failures all happen.
Population Grown(Rng& rng, int iterations) {
  Population population(JsonConfig());
  for (int island = 0; island < 3; ++island) population.Add(MakeCandidate(1, 1.0, 500, 0.5), island);
  for (int64_t id = 2; id <= iterations; ++id) {
    const int island = static_cast<int>(id % 3);
    const int64_t parent = population.SelectParent(island, rng);
    population.Inspirations(island, parent, 3, rng);
    const bool ok = rng() % 5 != 0;
    const double score = static_cast<double>(rng() % 1000) / 997.0;
    const double complexity = 300.0 + static_cast<double>(rng() % 400);
    const double diversity = static_cast<double>(rng() % 100) / 99.0;
    population.Add(MakeCandidate(id, score, complexity, diversity, ok), island);
    population.CompleteGeneration(island);
  }
  return population;
}

TEST(PopulationJsonTest, RestoredPopulationMakesTheSameChoices) {
  Rng rng(2024);
  Population original = Grown(rng, 400);
  const nlohmann::json saved = original.ToJson();
  Result<Population> restored = Population::FromJson(nlohmann::json::parse(saved.dump()), JsonConfig());
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(restored->ToJson(), saved);

  Rng a = rng, b = rng;
  for (int64_t id = 401; id <= 700; ++id) {
    const int island = static_cast<int>(id % 3);
    ASSERT_EQ(original.SelectParent(island, a), restored->SelectParent(island, b));
    const int64_t parent = original.island_best_id(island);
    ASSERT_EQ(original.SelectSecondParent(island, parent, a),
              restored->SelectSecondParent(island, parent, b));
    ASSERT_EQ(original.Inspirations(island, parent, 4, a), restored->Inspirations(island, parent, 4, b));
    const Candidate child =
        MakeCandidate(id, static_cast<double>(id % 37) / 36.0, static_cast<double>(id % 500),
                      static_cast<double>(id % 11) / 10.0, id % 4 != 0);
    ASSERT_EQ(original.Add(child, island), restored->Add(child, island));
    ASSERT_EQ(original.CompleteGeneration(island), restored->CompleteGeneration(island));
  }
  EXPECT_EQ(original.ToJson(), restored->ToJson());
  EXPECT_EQ(original.best_id(), restored->best_id());
  EXPECT_EQ(original.archive(), restored->archive());
  for (int island = 0; island < 3; ++island) {
    EXPECT_EQ(original.island_members(island), restored->island_members(island));
    EXPECT_EQ(original.grid(island), restored->grid(island));
  }
}

TEST(PopulationJsonTest, EmptyPopulationRoundTrips) {
  const Population empty(JsonConfig());
  Result<Population> restored = Population::FromJson(empty.ToJson(), JsonConfig());
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(restored->ToJson(), empty.ToJson());
}

TEST(PopulationJsonTest, AnotherConfigShapeIsRefused) {
  Rng rng(1);
  const nlohmann::json saved = Grown(rng, 50).ToJson();
  DatabaseConfig islands = JsonConfig();
  islands.num_islands = 4;
  Result<Population> wrong_islands = Population::FromJson(saved, islands);
  ASSERT_FALSE(wrong_islands.ok());
  EXPECT_NE(wrong_islands.status().message().find("num_islands"), std::string::npos);

  DatabaseConfig dimensions = JsonConfig();
  dimensions.feature_dimensions = {"complexity", "heldout_speedup"};
  Result<Population> wrong_dimensions = Population::FromJson(saved, dimensions);
  ASSERT_FALSE(wrong_dimensions.ok());
  EXPECT_NE(wrong_dimensions.status().message().find("feature_dimensions"), std::string::npos);
}

TEST(PopulationJsonTest, MalformedStateIsAnErrorNotACrash) {
  Rng rng(3);
  const nlohmann::json saved = Grown(rng, 60).ToJson();
  const auto refused = [](const nlohmann::json& json) {
    Result<Population> population = Population::FromJson(json, JsonConfig());
    return !population.ok() && population.status().code() == StatusCode::kInvalidArgument;
  };
  EXPECT_TRUE(refused(nlohmann::json::array()));
  EXPECT_TRUE(refused(nlohmann::json::object()));
  nlohmann::json bad = saved;
  bad["format"] = 99;
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["islands"][0]["members"].push_back(123456);  // unknown program
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["islands"][1]["grid"]["1,2,3"] = saved["islands"][1]["members"][0];  // wrong dimensions
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["best_id"] = 987654;
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["programs"][0][1] = "high";
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["programs"][0][2].push_back(1.0);  // one feature too many
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad.erase("archive");
  EXPECT_TRUE(refused(bad));
  bad = saved;
  bad["islands"].erase(2);
  EXPECT_TRUE(refused(bad));
}

}  // namespace
}  // namespace tv::evolve
