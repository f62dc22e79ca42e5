// Ring migration every migration_interval generations of an island.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "database_test_support.h"
#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

using testing::MakeCandidate;

DatabaseConfig RingConfig() {
  DatabaseConfig config;
  config.num_islands = 3;
  config.population_size = 300;  // 100 per island
  config.archive_size = 10;
  config.migration_interval = 4;
  config.migration_rate = 0.2;
  return config;
}

// Island i holds ids 100 * i + 1 .. 100 * i + 10, scoring their id.
Population TenPerIsland() {
  Population population(RingConfig());
  for (int island = 0; island < 3; ++island) {
    for (int k = 1; k <= 10; ++k) {
      const int64_t id = 100 * island + k;
      population.Add(MakeCandidate(id, static_cast<double>(id), static_cast<double>(k), 0.1 * k), island);
    }
  }
  return population;
}

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(MigrationTest, EveryIntervalTheTopShareMovesToTheNextIsland) {
  Population population = TenPerIsland();
  for (int generation = 1; generation <= 3; ++generation) {
    EXPECT_TRUE(population.CompleteGeneration(1).empty()) << generation;
  }
  const std::vector<std::pair<int64_t, int>> copies = population.CompleteGeneration(1);
  // ceil(0.2 * 10) = 2: ids 110 and 109 go to island 2, keeping their ids.
  EXPECT_EQ(copies, (std::vector<std::pair<int64_t, int>>{{110, 2}, {109, 2}}));
  EXPECT_TRUE(Contains(population.island_members(2), 110));
  EXPECT_TRUE(Contains(population.island_members(2), 109));
  EXPECT_TRUE(Contains(population.island_members(1), 110)) << "a copy, not a move";
  EXPECT_EQ(population.island_members(2).size(), 12u);
  EXPECT_EQ(population.island_members(0).size(), 10u);

  // Generations are counted per island: island 2 has completed none.
  EXPECT_TRUE(population.CompleteGeneration(2).empty());
  for (int generation = 5; generation <= 7; ++generation)
    EXPECT_TRUE(population.CompleteGeneration(1).empty());
  // The next interval: the same programs are already there, nothing is duplicated.
  EXPECT_TRUE(population.CompleteGeneration(1).empty());
  EXPECT_EQ(population.island_members(2).size(), 12u);
}

TEST(MigrationTest, TheLastIslandMigratesToTheFirst) {
  Population population = TenPerIsland();
  std::vector<std::pair<int64_t, int>> copies;
  for (int generation = 1; generation <= 4; ++generation) copies = population.CompleteGeneration(2);
  EXPECT_EQ(copies, (std::vector<std::pair<int64_t, int>>{{210, 0}, {209, 0}}));
  // 210 and 209 now lead island 0, and take their cells in its grid.
  EXPECT_EQ(population.island_best_id(0), 210);
  std::set<int64_t> in_grid;
  for (const auto& [cell, id] : population.grid(0)) in_grid.insert(id);
  EXPECT_EQ(in_grid.count(210), 1u);
}

TEST(MigrationTest, MigrantsAlreadyThereAreSkipped) {
  Population population = TenPerIsland();
  population.Add(MakeCandidate(10, 10.0, 10, 1.0), 1);  // island 0's best is already on island 1
  std::vector<std::pair<int64_t, int>> copies;
  for (int generation = 1; generation <= 4; ++generation) copies = population.CompleteGeneration(0);
  EXPECT_EQ(copies, (std::vector<std::pair<int64_t, int>>{{9, 1}}));
  const std::vector<int64_t> members = population.island_members(1);
  EXPECT_EQ(std::count(members.begin(), members.end(), 10), 1);
}

TEST(MigrationTest, NoMigrationWithOneIslandOrAZeroInterval) {
  DatabaseConfig config = RingConfig();
  config.num_islands = 1;
  Population single(config);
  single.Add(MakeCandidate(1, 1.0), 0);
  for (int generation = 1; generation <= 20; ++generation) EXPECT_TRUE(single.CompleteGeneration(0).empty());

  config = RingConfig();
  config.migration_interval = 0;
  Population never(config);
  never.Add(MakeCandidate(1, 1.0), 0);
  for (int generation = 1; generation <= 20; ++generation) EXPECT_TRUE(never.CompleteGeneration(0).empty());
}

TEST(MigrationTest, MigrantsRespectTheDestinationsCapacity) {
  DatabaseConfig config = RingConfig();
  config.population_size = 30;  // 10 per island: island 1 is full
  config.archive_size = 0;
  Population population(config);
  for (int island = 0; island < 3; ++island) {
    for (int k = 1; k <= 10; ++k) {
      const int64_t id = 100 * island + k;
      population.Add(MakeCandidate(id, static_cast<double>(id)), island);
    }
  }
  std::vector<std::pair<int64_t, int>> copies;
  for (int generation = 1; generation <= 4; ++generation) copies = population.CompleteGeneration(0);
  // 10 and 9 are worse than everything on island 1: each is evicted on arrival.
  EXPECT_TRUE(copies.empty());
  EXPECT_EQ(population.island_members(1).size(), 10u);
  for (int generation = 1; generation <= 4; ++generation) copies = population.CompleteGeneration(2);
  // 210 and 209 beat island 0's worst (1 and 2), which are evicted.
  EXPECT_EQ(copies, (std::vector<std::pair<int64_t, int>>{{210, 0}, {209, 0}}));
  EXPECT_EQ(population.island_members(0).size(), 10u);
  EXPECT_FALSE(Contains(population.island_members(0), 1));
  EXPECT_FALSE(Contains(population.island_members(0), 2));
  EXPECT_TRUE(Contains(population.island_members(0), 3));
}

}  // namespace
}  // namespace tv::evolve
