// Every algorithm and option a tile config can ask for, on every ISA, against
// the double reference: the blocked five loops with threads split over N, M or
// K and A/B packed or read in place; the small-M streaming path with each
// split; and explicit odd cache blocks (1, mr-1, huge). Each request is one
// test that runs five canonical shapes: m = 1 (decode), m = 3 with k = 1031
// (deep K to split), m = 16 (the largest small-M), m = 17 (just past it: a
// small-M request must fall back), and m = 131 across several blocks. Layouts,
// transposes, alpha/beta and padding rotate over the cases.
#include <gtest/gtest.h>

#include <vector>

#include "engines_under_test.h"
#include "gemm_case.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

constexpr int32_t kHuge = 1 << 30;

struct PathRequest {
  std::string label;
  tv_tile_config tiles;
};

const char* ParallelLabel(int32_t parallel) {
  switch (parallel) {
    case TV_PARALLEL_N:
      return "parN";
    case TV_PARALLEL_M:
      return "parM";
    case TV_PARALLEL_K:
      return "parK";
    default:
      return "parAuto";
  }
}

// Every request but "auto" asks for 2 threads: 'auto' runs these small problems
// on one thread, and the parallel splits are what is under test.
std::vector<PathRequest> Requests(const std::vector<gemm::KernelShape>& shapes) {
  std::vector<PathRequest> requests;
  requests.push_back({"auto", {}});
  const auto add = [&requests](std::string label, tv_tile_config t) {
    t.threads = 2;
    requests.push_back({std::move(label), t});
  };
  size_t next_shape = 0;
  auto with_shape = [&](tv_tile_config t) {
    const gemm::KernelShape& s = shapes[next_shape++ % shapes.size()];
    t.mr = s.mr;
    t.nr = s.nr;
    return t;
  };
  auto shape_label = [](const tv_tile_config& t) {
    return std::to_string(t.mr) + "x" + std::to_string(t.nr);
  };
  for (int32_t parallel : {TV_PARALLEL_N, TV_PARALLEL_M, TV_PARALLEL_K}) {
    for (int32_t pack_a : {TV_PACK_ON, TV_PACK_OFF}) {
      for (int32_t pack_b : {TV_PACK_ON, TV_PACK_OFF}) {
        tv_tile_config t = {};
        t.path = TV_PATH_BLOCKED;
        t.parallel = parallel;
        t.pack_a = pack_a;
        t.pack_b = pack_b;
        t = with_shape(t);
        add("blocked_" + shape_label(t) + "_" + ParallelLabel(parallel) +
                (pack_a == TV_PACK_ON ? "_packA" : "_inplaceA") +
                (pack_b == TV_PACK_ON ? "_packB" : "_inplaceB"),
            t);
      }
    }
  }
  for (int32_t parallel : {TV_PARALLEL_AUTO, TV_PARALLEL_N, TV_PARALLEL_M, TV_PARALLEL_K}) {
    tv_tile_config t = {};
    t.path = TV_PATH_SMALL_M;
    t.parallel = parallel;
    add(std::string("smallm_") + ParallelLabel(parallel), t);
  }
  // Explicit cache blocks: mc, nc, kc.
  struct Blocks {
    const char* label;
    int32_t mc, nc, kc;  // -1: mr - 1 (or nr - 1 for nc)
  };
  for (const Blocks& b : {Blocks{"mc1_nc1_kc1", 1, 1, 1}, Blocks{"mcMrMinus1_ncNrMinus1_kc3", -1, -1, 3},
                          Blocks{"mcHuge_ncHuge_kcHuge", kHuge, kHuge, kHuge},
                          Blocks{"mc1_ncHuge_kc7", 1, kHuge, 7}, Blocks{"mcHuge_nc1_kc1", kHuge, 1, 1}}) {
    tv_tile_config t = with_shape({});
    t.path = TV_PATH_BLOCKED;
    t.mc = b.mc == -1 ? t.mr - 1 : b.mc;
    t.nc = b.nc == -1 ? t.nr - 1 : b.nc;
    t.kc = b.kc;
    add(std::string("blocked_") + shape_label(t) + "_" + b.label, t);
  }
  return requests;
}

std::vector<CaseGroup> PathCases() {
  constexpr float kScalars[] = {1.0f, 0.0f, -0.5f};
  // Canonical (m, n, k).
  constexpr int64_t kShapes[][3] = {
      {1, 131, 67}, {3, 300, 1031}, {16, 97, 389}, {17, 37, 131}, {131, 67, 53}};
  std::vector<CaseGroup> groups;
  int rotation = 0;
  for (gemm::Isa isa : IsasUnderTest()) {
    gemm::CpuGemm probe(1, isa);
    const std::vector<gemm::KernelShape> shapes(probe.KernelShapes().begin(), probe.KernelShapes().end());
    for (const PathRequest& request : Requests(shapes)) {
      CaseGroup& group = groups.emplace_back();
      group.name = IsaLabel(isa) + "_" + request.label;
      for (const auto& s : kShapes) {
        GemmCase c;
        c.isa = isa;
        c.threads = 2;
        c.layout = ScrambledBit(rotation, 0) ? Layout::kColMajor : Layout::kRowMajor;
        c.trans_a = ScrambledBit(rotation, 1) ? Transpose::kYes : Transpose::kNo;
        c.trans_b = ScrambledBit(rotation, 2) ? Transpose::kYes : Transpose::kNo;
        const bool col = c.layout == Layout::kColMajor;
        c.m = col ? s[1] : s[0];
        c.n = col ? s[0] : s[1];
        c.k = s[2];
        c.alpha = ScrambledBit(rotation, 3) ? -0.5f : 1.0f;  // never 0: the product must run
        c.beta = kScalars[rotation % 3];
        c.pad = rotation % 5 == 0 ? 0 : 2;
        c.tiles = request.tiles;
        c.tiles_label = request.label;
        group.cases.push_back(c);
        ++rotation;
      }
    }
  }
  return groups;
}

// B transposed (its columns contiguous along k: the dot form), m = 6..16,
// which AVX-512 runs through the axpy kernels on chunks of B transposed into
// L1 (small_m_kernels.h): partial chunks of columns and depths, split over N
// and over K, beta 0 and not.
std::vector<CaseGroup> DotFormCases() {
  constexpr int64_t kShapes[][3] = {{8, 47, 129}, {9, 100, 300}, {12, 48, 16}, {16, 97, 389},
                                    {16, 1, 1},   {13, 200, 17}, {6, 49, 130}, {7, 300, 64}};
  std::vector<CaseGroup> groups;
  int rotation = 0;
  for (gemm::Isa isa : IsasUnderTest()) {
    for (int32_t parallel : {TV_PARALLEL_N, TV_PARALLEL_K}) {
      CaseGroup& group = groups.emplace_back();
      group.name = IsaLabel(isa) + "_smallm_dotform_" + ParallelLabel(parallel);
      for (const auto& s : kShapes) {
        GemmCase c;
        c.isa = isa;
        c.threads = 2;
        c.trans_a = rotation % 2 == 0 ? Transpose::kNo : Transpose::kYes;
        c.trans_b = Transpose::kYes;
        c.m = s[0];
        c.n = s[1];
        c.k = s[2];
        c.alpha = rotation % 3 == 0 ? -0.5f : 1.0f;
        c.beta = rotation % 2 == 0 ? 0.0f : 0.75f;
        c.pad = rotation % 3;
        c.tiles.path = TV_PATH_SMALL_M;
        c.tiles.parallel = parallel;
        c.tiles.threads = 2;
        c.tiles_label = group.name;
        group.cases.push_back(c);
        ++rotation;
      }
    }
  }
  return groups;
}

class PathTest : public ::testing::TestWithParam<CaseGroup> {};

TEST_P(PathTest, MatchesReference) { ExpectGroupMatchesReference(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Paths, PathTest, ::testing::ValuesIn(PathCases()),
                         [](const ::testing::TestParamInfo<CaseGroup>& param_info) {
                           return param_info.param.name;
                         });
INSTANTIATE_TEST_SUITE_P(DotForm, PathTest, ::testing::ValuesIn(DotFormCases()),
                         [](const ::testing::TestParamInfo<CaseGroup>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace tv::test
