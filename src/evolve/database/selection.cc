// Parent, second-parent and inspiration selection (contract: population.h).
//
// A parent draw picks its mode with one uniform u in [0, 1):
//   u < exploitation_ratio                      uniform over the island's archive members
//                                               (its elite set when none is in the archive);
//   u < exploitation_ratio + exploration_ratio  uniform over the island's members;
//   otherwise                                   rank-weighted over the island's members: the
//                                               member of rank r (0 = best) of n has weight n - r.
// Only ok programs are members, so a failed program is never drawn.
#include <algorithm>
#include <cassert>

#include "evolve/database/population.h"
#include "evolve/database/random_draws.h"

namespace tv::evolve {
namespace {

// How far (Chebyshev distance in bins) a cell may be from the parent's to count as nearby.
constexpr int kNearbyRadius = 2;

std::vector<int64_t> Without(const std::vector<int64_t>& ids, int64_t excluded) {
  std::vector<int64_t> kept;
  kept.reserve(ids.size());
  for (int64_t id : ids) {
    if (id != excluded) kept.push_back(id);
  }
  return kept;
}

// REQUIRES: !ranked.empty(), best first.
int64_t DrawRankWeighted(const std::vector<int64_t>& ranked, Rng& rng) {
  const size_t n = ranked.size();
  size_t ticket = UniformIndex(rng, n * (n + 1) / 2);
  for (size_t rank = 0; rank < n; ++rank) {
    const size_t weight = n - rank;
    if (ticket < weight) return ranked[rank];
    ticket -= weight;
  }
  assert(false && "the tickets add up to n(n+1)/2");
  return ranked.back();
}

// Moves `count` ids drawn uniformly without replacement from `pool` into `chosen`.
void TakeRandom(std::vector<int64_t> pool, size_t count, Rng& rng, std::vector<int64_t>& chosen) {
  count = std::min(count, pool.size());
  for (size_t i = 0; i < count; ++i) {
    std::swap(pool[i], pool[i + UniformIndex(rng, pool.size() - i)]);
    chosen.push_back(pool[i]);
  }
}

}  // namespace

std::vector<int64_t> Population::ExploitationPool(const Island& island) const {
  std::vector<int64_t> pool;
  for (int64_t id : island.members) {
    if (InArchive(id)) pool.push_back(id);
  }
  if (pool.empty()) {
    pool.assign(island.members.begin(),
                island.members.begin() + static_cast<std::ptrdiff_t>(EliteCount(island.members.size())));
  }
  return pool;
}

int64_t Population::DrawParent(const Island& island, int64_t excluded, Rng& rng) const {
  const std::vector<int64_t> members = Without(island.members, excluded);
  if (members.empty()) return 0;
  const double u = UniformUnit(rng);
  if (u < config_.exploitation_ratio) {
    const std::vector<int64_t> elites = Without(ExploitationPool(island), excluded);
    if (!elites.empty()) return elites[UniformIndex(rng, elites.size())];
    return DrawRankWeighted(members, rng);  // the parent was the only elite
  }
  if (u < config_.exploitation_ratio + config_.exploration_ratio)
    return members[UniformIndex(rng, members.size())];
  return DrawRankWeighted(members, rng);
}

int64_t Population::SelectParent(int island, Rng& rng) const {
  assert(island >= 0 && island < num_islands());
  const Island& home = islands_[static_cast<size_t>(island)];
  assert(!home.members.empty() && "SelectParent needs an ok program on the island");
  return DrawParent(home, /*excluded=*/0, rng);
}

int64_t Population::SelectSecondParent(int island, int64_t parent, Rng& rng) const {
  assert(island >= 0 && island < num_islands());
  const int64_t other = DrawParent(islands_[static_cast<size_t>(island)], parent, rng);
  return other != 0 ? other : parent;
}

std::vector<int64_t> Population::Inspirations(int island, int64_t parent, int count, Rng& rng) const {
  assert(island >= 0 && island < num_islands());
  const Island& home = islands_[static_cast<size_t>(island)];
  std::vector<int64_t> chosen;
  if (count <= 0) return chosen;
  const size_t wanted = static_cast<size_t>(count);
  const auto taken = [&](int64_t id) {
    return id == parent || std::find(chosen.begin(), chosen.end(), id) != chosen.end();
  };

  // 1. The island's best.
  if (!home.members.empty() && home.members.front() != parent) chosen.push_back(home.members.front());

  // 2. Up to half of the rest from cells near the parent's, the nearest first (ties in random order).
  const auto known = programs_.find(parent);
  if (chosen.size() < wanted && known != programs_.end()) {
    const GridCell here = scaling_.CellOf(known->second.features);
    std::vector<std::pair<int, int64_t>> nearby;  // (distance, id)
    for (const auto& [cell, id] : home.grid) {
      const int distance = ChebyshevDistance(here, cell);
      if (distance <= kNearbyRadius && !taken(id)) nearby.emplace_back(distance, id);
    }
    for (size_t i = 0; i + 1 < nearby.size(); ++i)
      std::swap(nearby[i], nearby[i + UniformIndex(rng, nearby.size() - i)]);
    std::stable_sort(nearby.begin(), nearby.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const size_t quota = (wanted - chosen.size() + 1) / 2;
    for (size_t i = 0; i < nearby.size() && i < quota; ++i) chosen.push_back(nearby[i].second);
  }

  // 3. Random members for the rest.
  if (chosen.size() < wanted) {
    std::vector<int64_t> pool;
    for (int64_t id : home.members) {
      if (!taken(id)) pool.push_back(id);
    }
    TakeRandom(std::move(pool), wanted - chosen.size(), rng, chosen);
  }
  return chosen;
}

}  // namespace tv::evolve
