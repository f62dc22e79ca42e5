// A covering array of strength 2 ("all pairs"): a short list of test cases in
// which every value of every factor meets every value of every other factor at
// least once. For 9 factors of 2..9 values it needs ~70 rows where the full
// product needs ~100,000: the covering design of the conformance matrix.
#pragma once

#include <cstdint>
#include <vector>

namespace tv::test {

// Each row holds one value index per factor (row[f] < factor_sizes[f]).
// Greedy (AETG-style: each row is the best of a few random candidates built to
// cover the most uncovered pairs); deterministic for a given seed.
// REQUIRES: every factor size >= 1.
std::vector<std::vector<int>> PairwiseCover(const std::vector<int>& factor_sizes, uint64_t seed);

}  // namespace tv::test
