// Population bookkeeping (contract: population.h): programs on islands, each
// island's MAP-Elites grid, the archive and the best program.
//
// Precisely:
//  - rank order: the higher score first, then the lower id; "better" below is this order;
//  - a failed program only increments its island's failed count;
//  - the best program changes only to a strictly better one (the first ok program starts it);
//  - the archive holds the best archive_size ok programs of the run;
//  - an island's elite set is its top max(1, ceil(elite_selection_ratio * members)) members;
//  - a program placed on an island takes its grid cell when the cell is empty or it is
//    better than the occupant (which stays a member, without a cell); cells are computed
//    with the feature ranges as they are when the program is placed;
//  - over capacity, the worst member that is neither the best program, an archive member
//    nor in the island's elite set is evicted (with its cell); when every member is
//    protected the island stays over capacity.
// Selection is in selection.cc, migration in migration.cc, (de)serialization in
// population_json.cc.
#include "evolve/database/population.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace tv::evolve {

Population::Population(const DatabaseConfig& config)
    : config_(config), scaling_(config), islands_(static_cast<size_t>(std::max(1, config.num_islands))) {}

bool Population::Better(int64_t a, int64_t b) const {
  const double score_a = programs_.at(a).score;
  const double score_b = programs_.at(b).score;
  if (score_a != score_b) return score_a > score_b;
  return a < b;
}

bool Population::OnIsland(int64_t id, const Island& island) const {
  if (programs_.count(id) == 0) return false;
  const auto at = std::lower_bound(island.members.begin(), island.members.end(), id,
                                   [this](int64_t a, int64_t b) { return Better(a, b); });
  return at != island.members.end() && *at == id;
}

bool Population::InArchive(int64_t id) const {
  if (programs_.count(id) == 0) return false;
  const auto at = std::lower_bound(archive_.begin(), archive_.end(), id,
                                   [this](int64_t a, int64_t b) { return Better(a, b); });
  return at != archive_.end() && *at == id;
}

size_t Population::Capacity() const {
  return static_cast<size_t>(std::max(1, config_.population_size / std::max(1, config_.num_islands)));
}

size_t Population::EliteCount(size_t members) const {
  if (members == 0) return 0;
  // The epsilon keeps 0.1 * 200 at 20 despite rounding.
  const double share = std::ceil(config_.elite_selection_ratio * static_cast<double>(members) - 1e-9);
  return std::clamp(static_cast<size_t>(std::max(0.0, share)), size_t{1}, members);
}

bool Population::Add(const Candidate& candidate, int island) {
  assert(island >= 0 && island < num_islands());
  assert(candidate.id > 0);
  Island& home = islands_[static_cast<size_t>(island)];
  if (!candidate.ok) {
    ++home.failed;
    return false;
  }
  if (programs_.count(candidate.id) > 0) {  // already known: at most a copy onto this island
    if (!OnIsland(candidate.id, home)) Place(candidate.id, island);
    return false;
  }

  Entry entry;
  entry.score = candidate.score;
  for (const std::string& dimension : config_.feature_dimensions) {
    const auto value = candidate.features.find(dimension);
    if (value != candidate.features.end() && std::isfinite(value->second))
      entry.features[dimension] = value->second;
  }
  scaling_.Observe(entry.features);
  programs_.emplace(candidate.id, std::move(entry));

  const bool became_best = best_id_ == 0 || Better(candidate.id, best_id_);
  if (became_best) best_id_ = candidate.id;
  UpdateArchive(candidate.id);
  Place(candidate.id, island);
  return became_best;
}

bool Population::Place(int64_t id, int island) {
  Island& home = islands_[static_cast<size_t>(island)];
  const auto at = std::lower_bound(home.members.begin(), home.members.end(), id,
                                   [this](int64_t a, int64_t b) { return Better(a, b); });
  home.members.insert(at, id);
  ++programs_.at(id).islands;

  const auto [cell, placed] = home.grid.try_emplace(scaling_.CellOf(programs_.at(id).features), id);
  if (!placed && Better(id, cell->second)) cell->second = id;

  EvictOverCapacity(island);
  return OnIsland(id, home);
}

void Population::EvictOverCapacity(int island) {
  Island& home = islands_[static_cast<size_t>(island)];
  while (home.members.size() > Capacity()) {
    const size_t elites = EliteCount(home.members.size());
    int64_t victim = 0;
    for (size_t position = home.members.size(); position-- > elites;) {
      const int64_t id = home.members[position];
      if (id != best_id_ && !InArchive(id)) {
        victim = id;
        break;
      }
    }
    if (victim == 0) return;  // every member is protected
    Remove(victim, island);
  }
}

void Population::Remove(int64_t id, int island) {
  Island& home = islands_[static_cast<size_t>(island)];
  const auto at = std::lower_bound(home.members.begin(), home.members.end(), id,
                                   [this](int64_t a, int64_t b) { return Better(a, b); });
  assert(at != home.members.end() && *at == id);
  home.members.erase(at);
  for (auto cell = home.grid.begin(); cell != home.grid.end(); ++cell) {
    if (cell->second == id) {
      home.grid.erase(cell);
      break;
    }
  }
  if (--programs_.at(id).islands == 0) {
    assert(id != best_id_ && !InArchive(id));
    programs_.erase(id);
  }
}

void Population::UpdateArchive(int64_t id) {
  if (config_.archive_size <= 0) return;
  const auto at = std::lower_bound(archive_.begin(), archive_.end(), id,
                                   [this](int64_t a, int64_t b) { return Better(a, b); });
  if (at != archive_.end() && *at == id) return;
  archive_.insert(at, id);
  if (archive_.size() > static_cast<size_t>(config_.archive_size))
    archive_.pop_back();  // it stays on its islands
}

int64_t Population::best_id() const { return best_id_; }

double Population::best_score() const { return best_id_ == 0 ? 0 : programs_.at(best_id_).score; }

int64_t Population::island_best_id(int island) const {
  assert(island >= 0 && island < num_islands());
  const Island& home = islands_[static_cast<size_t>(island)];
  return home.members.empty() ? 0 : home.members.front();
}

int Population::num_islands() const { return static_cast<int>(islands_.size()); }

std::vector<int64_t> Population::island_members(int island) const {
  assert(island >= 0 && island < num_islands());
  return islands_[static_cast<size_t>(island)].members;
}

std::map<std::string, int64_t> Population::grid(int island) const {
  assert(island >= 0 && island < num_islands());
  std::map<std::string, int64_t> cells;
  for (const auto& [cell, id] : islands_[static_cast<size_t>(island)].grid) cells.emplace(CellKey(cell), id);
  return cells;
}

std::vector<int64_t> Population::archive() const { return archive_; }

}  // namespace tv::evolve
