// Ring migration (contract: population.h): every migration_interval generations
// of an island, its top ceil(migration_rate * members) members are copied, id
// kept, to the next island in the ring; a program already there is skipped.
// The copies go through the destination's capacity like any other program.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "evolve/database/population.h"

namespace tv::evolve {

std::vector<std::pair<int64_t, int>> Population::CompleteGeneration(int island) {
  assert(island >= 0 && island < num_islands());
  Island& home = islands_[static_cast<size_t>(island)];
  ++home.generations;
  std::vector<std::pair<int64_t, int>> copies;
  if (num_islands() < 2 || config_.migration_interval <= 0 || config_.migration_rate <= 0 ||
      home.generations % config_.migration_interval != 0 || home.members.empty()) {
    return copies;
  }
  // The epsilon keeps 0.1 * 200 at 20 despite rounding.
  const double share = std::ceil(config_.migration_rate * static_cast<double>(home.members.size()) - 1e-9);
  const size_t count = std::clamp(static_cast<size_t>(std::max(1.0, share)), size_t{1}, home.members.size());
  const std::vector<int64_t> migrants(home.members.begin(),
                                      home.members.begin() + static_cast<std::ptrdiff_t>(count));
  const int destination = (island + 1) % num_islands();
  for (int64_t id : migrants) {
    if (OnIsland(id, islands_[static_cast<size_t>(destination)])) continue;
    if (Place(id, destination)) copies.emplace_back(id, destination);
  }
  return copies;
}

}  // namespace tv::evolve
