// The conformance matrix (STYLE.md habit 12): every microkernel of every ISA
// this CPU runs, against the double reference, over
//   threads {1, 2} x layout {row, col} x op(A) {N, T} x op(B) {N, T}
//   x m {0, 1, mr-1, mr, mr+1, 37, 131} x n {0, 1, nr-16, nr-1, nr, nr+1, nr+20, 37, 131}
//   x k {0, 1, 37, kc, kc+1, 2 kc+3} x (alpha, beta) in {1, 0, -0.5}^2 x ld padding {0, 3}.
// The full product is ~85,000 cases per kernel; a pairwise covering design
// (every two factor values meet at least once) needs ~54, and three cases per
// kernel add a 1000+ dimension. The m/n edges are relative to the canonical
// problem (column-major swaps m and n), since that is what meets mr and nr.
// The small-M path gets the same treatment per ISA (SmallMPairwiseGroups).
// Tiles: the kernel's mr x nr, its default kc, the blocked path, threads = the
// engine's, the rest auto.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "engines_under_test.h"
#include "gemm_case.h"
#include "pairwise_cover.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

constexpr float kCaseScalars[] = {1.0f, 0.0f, -0.5f};

std::vector<int64_t> Distinct(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// threads is explicit: 'auto' runs problems under ~2 MFLOP on one thread, and
// the T2 cases are there to split the loops.
tv_tile_config KernelTiles(const KernelUnderTest& kernel, int threads) {
  tv_tile_config tiles = {};
  tiles.threads = threads;
  tiles.mr = kernel.shape.mr;
  tiles.nr = kernel.shape.nr;
  tiles.kc = kernel.kc;
  tiles.path = TV_PATH_BLOCKED;
  return tiles;
}

std::string KernelLabel(const KernelUnderTest& kernel) {
  return std::to_string(kernel.shape.mr) + "x" + std::to_string(kernel.shape.nr);
}

// (canonical m, canonical n) -> the user's (m, n): column-major computes C^T.
void SetUserSizes(GemmCase* c, int64_t canonical_m, int64_t canonical_n, int64_t k) {
  const bool col = c->layout == Layout::kColMajor;
  c->m = col ? canonical_n : canonical_m;
  c->n = col ? canonical_m : canonical_n;
  c->k = k;
}

std::vector<GemmCase> PairwiseCases() {
  std::vector<GemmCase> cases;
  const std::vector<KernelUnderTest> kernels = KernelsUnderTest();
  for (size_t ki = 0; ki < kernels.size(); ++ki) {
    const KernelUnderTest& kernel = kernels[ki];
    const int64_t mr = kernel.shape.mr, nr = kernel.shape.nr, kc = kernel.kc;
    const std::vector<int64_t> ms = Distinct({0, 1, mr - 1, mr, mr + 1, 37, 131});
    // nr - 16 and nr + 20: edge panels that leave whole vectors of the kernel unused.
    const std::vector<int64_t> ns =
        Distinct({0, 1, std::max<int64_t>(nr - 16, 0), nr - 1, nr, nr + 1, nr + 20, 37, 131});
    const std::vector<int64_t> ks = Distinct({0, 1, 37, kc, kc + 1, 2 * kc + 3});
    enum Factor { kThreads, kLayout, kTransA, kTransB, kM, kN, kK, kAlpha, kBeta, kPad, kFactors };
    std::vector<int> sizes(kFactors);
    sizes[kThreads] = 2, sizes[kLayout] = 2, sizes[kTransA] = 2, sizes[kTransB] = 2;
    sizes[kM] = static_cast<int>(ms.size()), sizes[kN] = static_cast<int>(ns.size());
    sizes[kK] = static_cast<int>(ks.size());
    sizes[kAlpha] = 3, sizes[kBeta] = 3, sizes[kPad] = 2;
    for (const std::vector<int>& row : PairwiseCover(sizes, /*seed=*/ki + 1)) {
      GemmCase c;
      c.isa = kernel.isa;
      c.threads = row[kThreads] + 1;
      c.layout = row[kLayout] ? Layout::kColMajor : Layout::kRowMajor;
      c.trans_a = row[kTransA] ? Transpose::kYes : Transpose::kNo;
      c.trans_b = row[kTransB] ? Transpose::kYes : Transpose::kNo;
      SetUserSizes(&c, ms[row[kM]], ns[row[kN]], ks[row[kK]]);
      c.alpha = kCaseScalars[row[kAlpha]];
      c.beta = kCaseScalars[row[kBeta]];
      c.pad = row[kPad] ? 3 : 0;
      c.tiles = KernelTiles(kernel, c.threads);
      c.tiles_label = KernelLabel(kernel);
      cases.push_back(c);
    }
  }
  return cases;
}

// The small-M path (TV_PATH_SMALL_M, canonical m <= TV_SMALL_M_MAX_ROWS) has its own kernels
// (row strips, dot products, a strided fallback) and its own split over K, so
// it gets its own pairwise matrix per ISA, with the thread split as a factor.
// One test per (ISA, split) runs its ~18 cases (each traced by name): a process
// per case costs more than the case under ASan.
std::vector<CaseGroup> SmallMPairwiseGroups() {
  std::vector<CaseGroup> groups;
  const std::vector<int64_t> ms = {0, 1, 2, 3, 8, 9, 16, 17, 32};
  const std::vector<int64_t> ns = {0, 1, 15, 16, 17, 33, 131};
  const std::vector<int64_t> ks = {0, 1, 2, 17, 65, 300};  // 64: the K-split granule
  constexpr int32_t kParallel[] = {TV_PARALLEL_AUTO, TV_PARALLEL_N, TV_PARALLEL_K};
  constexpr const char* kParallelLabel[] = {"smallm_parAuto", "smallm_parN", "smallm_parK"};
  enum Factor { kThreads, kLayout, kTransA, kTransB, kM, kN, kK, kAlpha, kBeta, kPad, kSplit, kFactors };
  const std::vector<int> sizes = {2, 2, 2, 2, 7, 7, 6, 3, 3, 2, 3};
  const std::vector<gemm::Isa> isas = IsasUnderTest();
  for (size_t ii = 0; ii < isas.size(); ++ii) {
    const size_t first_group = groups.size();
    for (const char* label : kParallelLabel) groups.push_back({IsaLabel(isas[ii]) + "_" + label, {}});
    for (const std::vector<int>& row : PairwiseCover(sizes, /*seed=*/100 + ii)) {
      GemmCase c;
      c.isa = isas[ii];
      c.threads = row[kThreads] + 1;
      c.layout = row[kLayout] ? Layout::kColMajor : Layout::kRowMajor;
      c.trans_a = row[kTransA] ? Transpose::kYes : Transpose::kNo;
      c.trans_b = row[kTransB] ? Transpose::kYes : Transpose::kNo;
      SetUserSizes(&c, ms[row[kM]], ns[row[kN]], ks[row[kK]]);
      c.alpha = kCaseScalars[row[kAlpha]];
      c.beta = kCaseScalars[row[kBeta]];
      c.pad = row[kPad] ? 3 : 0;
      c.tiles.path = TV_PATH_SMALL_M;
      c.tiles.threads = c.threads;
      c.tiles.parallel = kParallel[row[kSplit]];
      c.tiles_label = kParallelLabel[row[kSplit]];
      groups[first_group + row[kSplit]].cases.push_back(c);
    }
  }
  return groups;
}

// One 1000+ dimension at a time (m, then n, then k), the others small, the rest
// of the factors rotated so each kernel sees different layouts and scalars.
std::vector<GemmCase> LargeCases() {
  std::vector<GemmCase> cases;
  const std::vector<KernelUnderTest> kernels = KernelsUnderTest();
  int rotation = 0;
  for (const KernelUnderTest& kernel : kernels) {
    const int64_t sizes[3][3] = {{1031, 37, 29}, {29, 1031, 37}, {37, 29, 1031}};
    for (const auto& s : sizes) {
      GemmCase c;
      c.isa = kernel.isa;
      c.threads = ScrambledBit(rotation, 0) + 1;
      c.layout = ScrambledBit(rotation, 1) ? Layout::kColMajor : Layout::kRowMajor;
      c.trans_a = ScrambledBit(rotation, 2) ? Transpose::kYes : Transpose::kNo;
      c.trans_b = ScrambledBit(rotation, 3) ? Transpose::kYes : Transpose::kNo;
      SetUserSizes(&c, s[0], s[1], s[2]);
      c.alpha = ScrambledBit(rotation, 4) ? -0.5f : 1.0f;  // never 0: that would skip the product
      c.beta = kCaseScalars[(rotation / 2) % 3];
      c.pad = rotation % 4 == 3 ? 0 : 5;
      c.tiles = KernelTiles(kernel, c.threads);
      c.tiles_label = KernelLabel(kernel);
      cases.push_back(c);
      ++rotation;
    }
  }
  return cases;
}

class ConformanceTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(ConformanceTest, MatchesReference) { ExpectMatchesReference(GetParam()); }

std::string NameOf(const ::testing::TestParamInfo<GemmCase>& param_info) {
  return CaseName(param_info.param);
}

INSTANTIATE_TEST_SUITE_P(Pairwise, ConformanceTest, ::testing::ValuesIn(PairwiseCases()), NameOf);
INSTANTIATE_TEST_SUITE_P(Large, ConformanceTest, ::testing::ValuesIn(LargeCases()), NameOf);

class SmallMConformanceTest : public ::testing::TestWithParam<CaseGroup> {};

TEST_P(SmallMConformanceTest, MatchesReference) { ExpectGroupMatchesReference(GetParam()); }

INSTANTIATE_TEST_SUITE_P(SmallM, SmallMConformanceTest, ::testing::ValuesIn(SmallMPairwiseGroups()),
                         [](const ::testing::TestParamInfo<CaseGroup>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace tv::test
