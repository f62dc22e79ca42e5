#include "pairwise_cover.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <random>

namespace tv::test {
namespace {

constexpr int kCandidatesPerRow = 8;

// uncovered[f][g][vf * size_g + vg] for factors f < g.
class PairSet {
 public:
  explicit PairSet(const std::vector<int>& sizes) : sizes_(sizes) {
    const size_t f_count = sizes.size();
    covered_.resize(f_count * f_count);
    for (size_t f = 0; f < f_count; ++f)
      for (size_t g = f + 1; g < f_count; ++g) {
        covered_[f * f_count + g].assign(static_cast<size_t>(sizes[f] * sizes[g]), 0);
        remaining_ += sizes[f] * sizes[g];
      }
  }
  int remaining() const { return remaining_; }
  bool Covered(size_t f, int vf, size_t g, int vg) const {
    if (f > g) return Covered(g, vg, f, vf);
    return covered_[f * sizes_.size() + g][static_cast<size_t>(vf * sizes_[g] + vg)] != 0;
  }
  // Pairs of `row` (all factors set) not yet covered.
  int NewPairs(const std::vector<int>& row) const {
    int count = 0;
    for (size_t f = 0; f < row.size(); ++f)
      for (size_t g = f + 1; g < row.size(); ++g) count += Covered(f, row[f], g, row[g]) ? 0 : 1;
    return count;
  }
  void Cover(const std::vector<int>& row) {
    for (size_t f = 0; f < row.size(); ++f)
      for (size_t g = f + 1; g < row.size(); ++g) {
        uint8_t& bit = covered_[f * sizes_.size() + g][static_cast<size_t>(row[f] * sizes_[g] + row[g])];
        if (!bit) {
          bit = 1;
          --remaining_;
        }
      }
  }
  struct Pair {
    size_t f = 0;
    int vf = 0;
    size_t g = 1;
    int vg = 0;
  };
  // The first uncovered pair. REQUIRES: remaining() > 0.
  Pair FirstUncovered() const {
    for (size_t a = 0; a < sizes_.size(); ++a)
      for (size_t b = a + 1; b < sizes_.size(); ++b)
        for (int va = 0; va < sizes_[a]; ++va)
          for (int vb = 0; vb < sizes_[b]; ++vb)
            if (!Covered(a, va, b, vb)) return {a, va, b, vb};
    assert(false && "no uncovered pair");
    return {};
  }

 private:
  std::vector<int> sizes_;
  std::vector<std::vector<uint8_t>> covered_;  // 0/1 (vector<bool> is slow here)
  int remaining_ = 0;
};

}  // namespace

std::vector<std::vector<int>> PairwiseCover(const std::vector<int>& factor_sizes, uint64_t seed) {
  assert(std::all_of(factor_sizes.begin(), factor_sizes.end(), [](int s) { return s >= 1; }));
  std::vector<std::vector<int>> rows;
  if (factor_sizes.size() < 2) {
    for (int v = 0; v < (factor_sizes.empty() ? 0 : factor_sizes[0]); ++v) rows.push_back({v});
    return rows;
  }
  std::mt19937_64 rng(seed);
  PairSet pairs(factor_sizes);
  const size_t f_count = factor_sizes.size();
  while (pairs.remaining() > 0) {
    const PairSet::Pair seed_pair = pairs.FirstUncovered();
    std::vector<int> best;
    int best_new = -1;
    for (int c = 0; c < kCandidatesPerRow; ++c) {
      std::vector<int> row(f_count, -1);
      row[seed_pair.f] = seed_pair.vf;
      row[seed_pair.g] = seed_pair.vg;
      std::vector<size_t> order(f_count);
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      for (size_t f : order) {
        if (row[f] >= 0) continue;
        // The value that covers the most new pairs with the factors set so far;
        // ties go to a random one.
        int best_v = 0, best_gain = -1;
        const int start = static_cast<int>(rng() % static_cast<uint64_t>(factor_sizes[f]));
        for (int step = 0; step < factor_sizes[f]; ++step) {
          const int v = (start + step) % factor_sizes[f];
          int gain = 0;
          for (size_t g = 0; g < f_count; ++g)
            if (row[g] >= 0 && !pairs.Covered(f, v, g, row[g])) ++gain;
          if (gain > best_gain) best_gain = gain, best_v = v;
        }
        row[f] = best_v;
      }
      const int gained = pairs.NewPairs(row);
      if (gained > best_new) best_new = gained, best = row;
    }
    pairs.Cover(best);
    rows.push_back(std::move(best));
  }
  return rows;
}

}  // namespace tv::test
