// Population bookkeeping: adding, the best program, grids, archive, eviction.
#include "evolve/database/population.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "database_test_support.h"

namespace tv::evolve {
namespace {

using testing::MakeCandidate;
using testing::SmallConfig;

bool HasId(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(PopulationTest, EmptyPopulationHasNoBest) {
  const Population population(SmallConfig(3, 10));
  EXPECT_EQ(population.num_islands(), 3);
  EXPECT_EQ(population.best_id(), 0);
  EXPECT_EQ(population.best_score(), 0);
  EXPECT_EQ(population.island_best_id(0), 0);
  EXPECT_TRUE(population.island_members(2).empty());
  EXPECT_TRUE(population.archive().empty());
}

TEST(PopulationTest, AddTracksTheBestOfTheRunAndOfEachIsland) {
  Population population(SmallConfig(2, 10));
  EXPECT_TRUE(population.Add(MakeCandidate(1, 1.0), 0));
  EXPECT_FALSE(population.Add(MakeCandidate(1, 1.0), 1));  // the same program on another island
  EXPECT_FALSE(population.Add(MakeCandidate(2, 0.5), 0));
  EXPECT_TRUE(population.Add(MakeCandidate(3, 2.0), 1));
  EXPECT_FALSE(population.Add(MakeCandidate(4, 2.0), 0));  // a tie does not take over
  EXPECT_EQ(population.best_id(), 3);
  EXPECT_EQ(population.best_score(), 2.0);
  EXPECT_EQ(population.island_best_id(0), 4);
  EXPECT_EQ(population.island_best_id(1), 3);
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{4, 1, 2}));  // rank order
  EXPECT_EQ(population.island_members(1), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(population.archive(), (std::vector<int64_t>{3, 4, 1, 2}));
}

TEST(PopulationTest, AddingAProgramTwiceToOneIslandKeepsOneCopy) {
  Population population(SmallConfig(1, 10));
  population.Add(MakeCandidate(1, 1.0), 0);
  population.Add(MakeCandidate(1, 1.0), 0);
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{1}));
}

TEST(PopulationTest, FailedProgramsAreNeverMembers) {
  Population population(SmallConfig(1, 10));
  EXPECT_FALSE(population.Add(MakeCandidate(1, 0, 0, 0, /*ok=*/false), 0));
  EXPECT_EQ(population.best_id(), 0);
  EXPECT_TRUE(population.island_members(0).empty());
  EXPECT_TRUE(population.archive().empty());
  EXPECT_TRUE(population.grid(0).empty());
  EXPECT_TRUE(population.Add(MakeCandidate(2, 0.1), 0));
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{2}));
  EXPECT_EQ(population.ToJson()["islands"][0]["failed"], 1);
}

TEST(PopulationTest, BetterProgramWinsAGridCellAndTheLoserStaysAMember) {
  Population population(SmallConfig(1, 10));
  // Two programs that set the feature ranges: complexity [0, 100], diversity [0, 1].
  population.Add(MakeCandidate(1, 1.0, 0, 0), 0);
  population.Add(MakeCandidate(2, 1.0, 100, 1), 0);
  EXPECT_EQ(population.grid(0), (std::map<std::string, int64_t>{{"0,0", 1}, {"9,9", 2}}));

  population.Add(MakeCandidate(3, 0.5, 55, 0.55), 0);  // cell 5,5
  EXPECT_EQ(population.grid(0).at("5,5"), 3);
  population.Add(MakeCandidate(4, 0.4, 52, 0.58), 0);  // same cell, worse: the cell keeps 3
  EXPECT_EQ(population.grid(0).at("5,5"), 3);
  population.Add(MakeCandidate(5, 0.9, 58, 0.51), 0);  // same cell, better: takes it
  EXPECT_EQ(population.grid(0).at("5,5"), 5);
  EXPECT_TRUE(HasId(population.island_members(0), 3));
  EXPECT_TRUE(HasId(population.island_members(0), 4));
  EXPECT_EQ(population.grid(0).size(), 3u);
}

TEST(PopulationTest, EvictionDropsTheWorstUnprotectedMember) {
  DatabaseConfig config = SmallConfig(1, 4);
  config.archive_size = 1;
  config.elite_selection_ratio = 0.25;  // elite set: the top 1 of 4
  Population population(config);
  for (int id = 1; id <= 4; ++id) population.Add(MakeCandidate(id, id * 0.1, id, id), 0);
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{4, 3, 2, 1}));

  population.Add(MakeCandidate(5, 0.25, 5, 5), 0);  // over capacity: the worst (1) goes
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{4, 3, 5, 2}));
  population.Add(MakeCandidate(6, 0.05, 6, 6), 0);  // the newcomer is the worst: it goes itself
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{4, 3, 5, 2}));
  for (const auto& [cell, id] : population.grid(0)) {
    EXPECT_NE(id, 1) << "an evicted program keeps no cell";
    EXPECT_NE(id, 6);
  }
  // Forgotten programs are no longer in the run state.
  const nlohmann::json saved = population.ToJson();
  for (const auto& program : saved["programs"]) {
    EXPECT_NE(program[0], 1);
    EXPECT_NE(program[0], 6);
  }
}

TEST(PopulationTest, EvictionNeverDropsTheBestOrAnArchiveMember) {
  // Capacity 1: the best and the archive members stay even above capacity.
  DatabaseConfig config = SmallConfig(2, 1);
  config.archive_size = 2;
  Population population(config);
  population.Add(MakeCandidate(1, 0.9), 0);  // the best of the run
  population.Add(MakeCandidate(2, 0.5), 0);  // archive member
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{1, 2}));
  population.Add(MakeCandidate(3, 0.1), 0);  // not in the archive (full with better): evicted
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{1, 2}));
  population.Add(MakeCandidate(4, 0.7), 0);  // enters the archive, pushing 2 out: 2 is evicted
  EXPECT_EQ(population.archive(), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(population.island_members(0), (std::vector<int64_t>{1, 4}));
}

TEST(PopulationTest, TheGlobalBestSurvivesOnAnIslandFullOfBetterIslandPeers) {
  // No archive and the smallest elite set: island 1 fills with worse programs,
  // none of which may push the best of the run out.
  DatabaseConfig config = SmallConfig(2, 3);
  config.archive_size = 0;
  config.elite_selection_ratio = 0;
  Population population(config);
  population.Add(MakeCandidate(1, 5.0), 1);
  for (int id = 2; id <= 20; ++id) population.Add(MakeCandidate(id, 1.0 / id), 1);
  EXPECT_EQ(population.best_id(), 1);
  EXPECT_TRUE(HasId(population.island_members(1), 1));
  EXPECT_EQ(population.island_members(1).size(), 3u);
}

TEST(PopulationTest, IslandCapacityIsPopulationSizeOverIslands) {
  DatabaseConfig config;
  config.population_size = 30;
  config.num_islands = 3;
  config.archive_size = 0;
  Population population(config);
  for (int id = 1; id <= 100; ++id) population.Add(MakeCandidate(id, id), id % 3);
  for (int island = 0; island < 3; ++island) EXPECT_EQ(population.island_members(island).size(), 10u);

  config.population_size = 2;  // fewer programs than islands: at least one per island
  Population tiny(config);
  for (int id = 1; id <= 10; ++id) tiny.Add(MakeCandidate(id, 1.0 / id), id % 3);
  for (int island = 0; island < 3; ++island) EXPECT_EQ(tiny.island_members(island).size(), 1u);
}

}  // namespace
}  // namespace tv::evolve
