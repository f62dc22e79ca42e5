// Parent, second-parent and inspiration selection, with fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "database_test_support.h"
#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

using testing::MakeCandidate;
using testing::SmallConfig;

constexpr int kDraws = 20000;
constexpr double kTolerance = 0.02;  // a share's standard error at kDraws is below 0.0036

// One island of 100 programs, id i scoring i (rank r holds id 100 - r); the
// archive holds the top 10 (ids 91..100).
Population HundredPrograms(double exploitation, double exploration) {
  DatabaseConfig config = SmallConfig(1, 100);
  config.archive_size = 10;
  config.exploitation_ratio = exploitation;
  config.exploration_ratio = exploration;
  Population population(config);
  for (int id = 1; id <= 100; ++id) population.Add(MakeCandidate(id, id, id, id % 7), 0);
  return population;
}

struct Shares {
  double archive = 0;      // ids 91..100
  double bottom_half = 0;  // ids 1..50
};

Shares DrawShares(const Population& population, uint64_t seed) {
  Rng rng(seed);
  int archive = 0, bottom = 0;
  for (int i = 0; i < kDraws; ++i) {
    const int64_t parent = population.SelectParent(0, rng);
    archive += parent > 90;
    bottom += parent <= 50;
  }
  return {static_cast<double>(archive) / kDraws, static_cast<double>(bottom) / kDraws};
}

// Rank weights n - r over n = 100: the top 10 carry 955/5050, the bottom 50 1275/5050.
constexpr double kRankTop10 = 955.0 / 5050.0;
constexpr double kRankBottom50 = 1275.0 / 5050.0;

TEST(SelectionTest, ExploitationDrawsOnlyArchiveMembersUniformly) {
  const Population population = HundredPrograms(1.0, 0.0);
  Rng rng(11);
  std::map<int64_t, int> counts;
  for (int i = 0; i < kDraws; ++i) ++counts[population.SelectParent(0, rng)];
  EXPECT_EQ(counts.size(), 10u);
  for (const auto& [id, count] : counts) {
    EXPECT_GT(id, 90);
    EXPECT_NEAR(static_cast<double>(count) / kDraws, 0.1, kTolerance) << id;
  }
}

TEST(SelectionTest, ExplorationDrawsUniformlyFromTheIsland) {
  const Shares shares = DrawShares(HundredPrograms(0.0, 1.0), 12);
  EXPECT_NEAR(shares.archive, 0.10, kTolerance);
  EXPECT_NEAR(shares.bottom_half, 0.50, kTolerance);
}

TEST(SelectionTest, TheRestIsRankWeighted) {
  const Shares shares = DrawShares(HundredPrograms(0.0, 0.0), 13);
  EXPECT_NEAR(shares.archive, kRankTop10, kTolerance);
  EXPECT_NEAR(shares.bottom_half, kRankBottom50, kTolerance);
}

TEST(SelectionTest, ModesMixInTheConfiguredRatios) {
  const double exploitation = 0.7, exploration = 0.2, rest = 0.1;
  const Shares shares = DrawShares(HundredPrograms(exploitation, exploration), 14);
  EXPECT_NEAR(shares.archive, exploitation + exploration * 0.10 + rest * kRankTop10, kTolerance);
  EXPECT_NEAR(shares.bottom_half, exploration * 0.50 + rest * kRankBottom50, kTolerance);

  const Shares other = DrawShares(HundredPrograms(0.3, 0.5), 15);
  EXPECT_NEAR(other.archive, 0.3 + 0.5 * 0.10 + 0.2 * kRankTop10, kTolerance);
  EXPECT_NEAR(other.bottom_half, 0.5 * 0.50 + 0.2 * kRankBottom50, kTolerance);
}

TEST(SelectionTest, ExploitationFallsBackToTheElitesWhenTheIslandHasNoArchiveMember) {
  // Island 1's programs are all worse than the archive (island 0's): its
  // exploitation pool is its elite set, the top ceil(0.2 * 20) = 4.
  DatabaseConfig config = SmallConfig(2, 50);
  config.archive_size = 5;
  config.elite_selection_ratio = 0.2;
  config.exploitation_ratio = 1.0;
  config.exploration_ratio = 0.0;
  Population population(config);
  for (int id = 1; id <= 5; ++id) population.Add(MakeCandidate(id, 100 + id), 0);
  for (int id = 6; id <= 25; ++id) population.Add(MakeCandidate(id, id), 1);  // top 4: 25, 24, 23, 22
  Rng rng(16);
  std::set<int64_t> drawn;
  for (int i = 0; i < 2000; ++i) drawn.insert(population.SelectParent(1, rng));
  EXPECT_EQ(drawn, (std::set<int64_t>{22, 23, 24, 25}));
}

TEST(SelectionTest, SameSeedSameChoices) {
  const Population population = HundredPrograms(0.5, 0.3);
  Rng a(77), b(77);
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(population.SelectParent(0, a), population.SelectParent(0, b));
    ASSERT_EQ(population.Inspirations(0, 50, 4, a), population.Inspirations(0, 50, 4, b));
  }
}

TEST(SelectionTest, FailedProgramsAreNeverSelected) {
  DatabaseConfig config = SmallConfig(2, 50);
  config.exploitation_ratio = 0.3;
  config.exploration_ratio = 0.4;
  Population population(config);
  std::set<int64_t> failed;
  for (int id = 1; id <= 80; ++id) {
    const bool ok = id % 3 != 0;
    if (!ok) failed.insert(id);
    population.Add(MakeCandidate(id, ok ? id % 17 : 0, id, id % 5, ok), id % 2);
  }
  Rng rng(17);
  for (int i = 0; i < 5000; ++i) {
    const int island = i % 2;
    const int64_t parent = population.SelectParent(island, rng);
    ASSERT_EQ(failed.count(parent), 0u) << parent;
    ASSERT_EQ(failed.count(population.SelectSecondParent(island, parent, rng)), 0u);
    for (int64_t id : population.Inspirations(island, parent, 5, rng)) ASSERT_EQ(failed.count(id), 0u);
  }
}

TEST(SelectionTest, SecondParentDiffersWhenTheIslandAllows) {
  const Population population = HundredPrograms(0.7, 0.2);
  Rng rng(18);
  for (int i = 0; i < 2000; ++i) {
    const int64_t parent = population.SelectParent(0, rng);
    const int64_t other = population.SelectSecondParent(0, parent, rng);
    ASSERT_NE(other, parent);
    ASSERT_GE(other, 1);
    ASSERT_LE(other, 100);
  }
  // Exploitation with a one-program archive: the other parent still differs.
  DatabaseConfig config = SmallConfig(1, 10);
  config.archive_size = 1;
  config.exploitation_ratio = 1.0;
  Population pair(config);
  pair.Add(MakeCandidate(1, 2.0), 0);
  pair.Add(MakeCandidate(2, 1.0), 0);
  EXPECT_EQ(pair.SelectSecondParent(0, 1, rng), 2);

  Population alone(config);
  alone.Add(MakeCandidate(1, 1.0), 0);
  EXPECT_EQ(alone.SelectSecondParent(0, 1, rng), 1);
}

TEST(InspirationsTest, DistinctFromTheParentAndOfTheRequestedCount) {
  const Population population = HundredPrograms(0.7, 0.2);
  Rng rng(19);
  for (int i = 0; i < 1000; ++i) {
    const int64_t parent = population.SelectParent(0, rng);
    const int count = i % 8;
    const std::vector<int64_t> inspirations = population.Inspirations(0, parent, count, rng);
    ASSERT_EQ(inspirations.size(), static_cast<size_t>(count));
    const std::set<int64_t> distinct(inspirations.begin(), inspirations.end());
    ASSERT_EQ(distinct.size(), inspirations.size());
    ASSERT_EQ(distinct.count(parent), 0u);
    if (count > 0 && parent != 100) {
      ASSERT_EQ(inspirations.front(), 100) << "the island's best comes first";
    }
  }
}

TEST(InspirationsTest, AsManyAsTheIslandHas) {
  Population population(SmallConfig(2, 10));
  for (int id = 1; id <= 4; ++id) population.Add(MakeCandidate(id, id), 0);
  Rng rng(20);
  std::vector<int64_t> inspirations = population.Inspirations(0, 2, 10, rng);
  std::sort(inspirations.begin(), inspirations.end());
  EXPECT_EQ(inspirations, (std::vector<int64_t>{1, 3, 4}));
  EXPECT_TRUE(population.Inspirations(1, 2, 3, rng).empty());  // an empty island
  population.Add(MakeCandidate(9, 1.0), 1);
  EXPECT_TRUE(population.Inspirations(1, 9, 3, rng).empty());  // only the parent
}

TEST(InspirationsTest, NearbyCellsComeAfterTheBest) {
  // Ranges complexity [0, 100] and diversity [0, 1]: 10 bins each.
  Population population(SmallConfig(1, 50));
  population.Add(MakeCandidate(1, 9.0, 0, 0), 0);                                        // 0,0: the best
  population.Add(MakeCandidate(2, 1.0, 100, 1), 0);                                      // 9,9
  population.Add(MakeCandidate(3, 1.0, 55, 0.55), 0);                                    // 5,5: the parent
  population.Add(MakeCandidate(4, 1.0, 65, 0.55), 0);                                    // 6,5: its neighbour
  for (int id = 5; id <= 30; ++id) population.Add(MakeCandidate(id, 0.5, 95, 0.05), 0);  // 9,0
  Rng rng(21);
  for (int i = 0; i < 50; ++i) {
    const std::vector<int64_t> inspirations = population.Inspirations(0, 3, 3, rng);
    ASSERT_EQ(inspirations.size(), 3u);
    EXPECT_EQ(inspirations[0], 1);
    EXPECT_EQ(inspirations[1], 4);
  }
}

}  // namespace
}  // namespace tv::evolve
