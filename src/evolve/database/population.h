// The in-memory shape of the population: islands, a MAP-Elites grid per
// island, the elite archive, parent and inspiration selection, ring migration.
// Pure logic over program ids and a few numbers per program, driven by an
// explicit RNG, serialized to JSON (the run state) so a resumed run continues
// exactly where it stopped. No I/O, no SQLite: the ProgramStore holds the code.
//
// OpenEvolve semantics, without its known bugs:
//  - each island keeps at most population_size / num_islands members; when full
//    the worst non-elite member is evicted; the global best is never evicted;
//  - a MAP-Elites grid per island over `feature_dimensions`, each scaled to
//    [0, 1) by running min/max statistics (persisted) and cut into bins; a cell
//    keeps the better program;
//  - parent selection: with probability exploitation_ratio from the archive
//    (elites), with exploration_ratio uniformly from the island, otherwise
//    fitness-proportional (rank-weighted) from the island; elite_selection_ratio
//    of each island's members form its elite set;
//  - inspirations: the island's best, programs in nearby cells, random members
//    (distinct from the parent);
//  - migration every migration_interval generations of an island: its top
//    migration_rate share is copied to the next island in the ring (the copy
//    keeps the program id; a program is never duplicated on one island).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "evolve/config/evolve_config.h"
#include "evolve/database/feature_scaling.h"

namespace tv::evolve {

// What Population needs to know about a program.
struct Candidate {
  int64_t id = 0;
  double score = 0;                        // higher is better; failed programs score 0
  bool ok = false;                         // evaluated successfully
  std::map<std::string, double> features;  // raw feature values by dimension name
};

// The RNG every random decision of a run draws from (its state is part of the run state).
using Rng = std::mt19937_64;
std::string RngState(const Rng& rng);
Status RestoreRng(const std::string& state, Rng* rng);

class Population {
 public:
  explicit Population(const DatabaseConfig& config);

  // Places a program on `island` (and in its grid, the archive, the best).
  // Failed programs (ok == false) are recorded for statistics but never become
  // parents. Returns true when it became the best program of the run.
  bool Add(const Candidate& candidate, int island);

  // REQUIRES: the island has at least one ok member (the initial program is added to every island).
  int64_t SelectParent(int island, Rng& rng) const;
  std::vector<int64_t> Inspirations(int island, int64_t parent, int count, Rng& rng) const;
  // Another parent for crossover, distinct from `parent` when the island allows.
  int64_t SelectSecondParent(int island, int64_t parent, Rng& rng) const;

  // Counts a generation on `island`; migrates when its interval is reached.
  // Returns the (program id, destination island) copies made.
  std::vector<std::pair<int64_t, int>> CompleteGeneration(int island);

  int64_t best_id() const;  // 0 when none
  double best_score() const;
  int64_t island_best_id(int island) const;
  int num_islands() const;
  std::vector<int64_t> island_members(int island) const;
  // cell key ("3,7") -> program id, for the report.
  std::map<std::string, int64_t> grid(int island) const;
  std::vector<int64_t> archive() const;

  nlohmann::json ToJson() const;
  static Result<Population> FromJson(const nlohmann::json& json, const DatabaseConfig& config);

 private:
  // One ok program on at least one island (a program on no island is forgotten).
  struct Entry {
    double score = 0;
    std::map<std::string, double> features;  // the configured feature dimensions only, finite values
    int islands = 0;                         // how many islands hold it
  };
  struct Island {
    std::vector<int64_t> members;      // ok programs in rank order (best first)
    std::map<GridCell, int64_t> grid;  // MAP-Elites: cell -> the best program placed in it
    int generations = 0;               // CompleteGeneration calls
    int64_t failed = 0;                // failed programs added here (statistics only)
  };

  // Rank order of known programs: the higher score first, then the earlier (lower id).
  bool Better(int64_t a, int64_t b) const;
  bool OnIsland(int64_t id, const Island& island) const;
  bool InArchive(int64_t id) const;
  size_t Capacity() const;                  // max(1, population_size / num_islands)
  size_t EliteCount(size_t members) const;  // the island's elite set: its top this-many members
  // Puts a known program on `island` (members and grid), then evicts while over
  // capacity. Returns whether the program is still there afterwards.
  bool Place(int64_t id, int island);
  void EvictOverCapacity(int island);
  void Remove(int64_t id, int island);
  void UpdateArchive(int64_t id);
  // The exploitation pool of an island, in rank order: its archive members, else its elite set.
  std::vector<int64_t> ExploitationPool(const Island& island) const;
  // One mode's draw (exploitation, exploration or rank-weighted, by `rng`) from the
  // island's members other than `excluded`; 0 when there is none.
  int64_t DrawParent(const Island& island, int64_t excluded, Rng& rng) const;

  DatabaseConfig config_;
  FeatureScaling scaling_;
  std::map<int64_t, Entry> programs_;  // every program on some island
  std::vector<Island> islands_;
  std::vector<int64_t> archive_;  // the best archive_size ok programs of the run, rank order
  int64_t best_id_ = 0;
};

// Feature values of one program for the built-in dimensions: "complexity"
// (code length in characters), "diversity" (mean token-set distance to up to
// `reference` other programs' code), and every numeric top-level metric of
// the evaluator's JSON under its own name (e.g. "heldout_speedup").
std::map<std::string, double> ComputeFeatures(const std::string& code, const std::string& metrics_json,
                                              const std::vector<const std::string*>& reference_codes);

}  // namespace tv::evolve
