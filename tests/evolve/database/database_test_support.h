// Helpers shared by the program database tests: a scratch directory and
// candidates with given scores and features.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "evolve/database/population.h"

namespace tv::evolve::testing {

// A fresh directory under $TMPDIR (or /tmp), removed after the test.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/tv_database_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "mkdtemp failed for " << pattern;
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

inline Candidate MakeCandidate(int64_t id, double score, double complexity = 0, double diversity = 0,
                               bool ok = true) {
  Candidate c;
  c.id = id;
  c.score = ok ? score : 0;
  c.ok = ok;
  c.features = {{"complexity", complexity}, {"diversity", diversity}};
  return c;
}

// A config with `islands` islands of `per_island` programs each; no migration.
inline DatabaseConfig SmallConfig(int islands, int per_island) {
  DatabaseConfig config;
  config.num_islands = islands;
  config.population_size = islands * per_island;
  config.archive_size = per_island;
  config.migration_interval = 0;
  return config;
}

}  // namespace tv::evolve::testing
