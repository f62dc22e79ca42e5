// Illegal tile requests: whatever a heuristic returns (negative, zero, absurd
// values, enum values out of range, a microkernel the ISA does not offer, an
// option the operands cannot support) is legalized into a legal config, never
// executed as is, Legalize is idempotent on it, and Run gives the right answer.
// Each request is one test over two shapes (small-M and blocked).
#include <gtest/gtest.h>

#include <climits>
#include <vector>

#include "engines_under_test.h"
#include "gemm_case.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

struct Request {
  const char* label;
  tv_tile_config tiles;
};

tv_tile_config AllFields(int32_t v) { return {v, v, v, v, v, v, v, v, v, v}; }

std::vector<Request> IllegalRequests(const gemm::KernelShape& first) {
  std::vector<Request> requests;
  requests.push_back({"negative_blocks", {-1, -7, -3, 0, 0, 0, 0, 0, 0, 0}});
  requests.push_back({"all_minus1", AllFields(-1)});
  requests.push_back({"all_int_min", AllFields(INT_MIN)});
  requests.push_back({"all_int_max", AllFields(INT_MAX)});
  requests.push_back({"mr3_nr5_not_offered", {0, 0, 0, 3, 5, 0, 0, 0, 0, TV_PATH_BLOCKED}});
  requests.push_back({"mr1000_nr1000", {0, 0, 0, 1000, 1000, 0, 0, 0, 0, TV_PATH_BLOCKED}});
  requests.push_back({"nr_off_by_one", {0, 0, 0, first.mr, first.nr + 1, 0, 0, 0, 0, TV_PATH_BLOCKED}});
  requests.push_back({"mr_without_nr", {0, 0, 0, first.mr, 0, 0, 0, 0, 0, TV_PATH_BLOCKED}});
  requests.push_back({"threads_minus3", {0, 0, 0, 0, 0, -3, TV_PARALLEL_M, 0, 0, 0}});
  requests.push_back({"threads_1000_parK", {0, 0, 0, 0, 0, 1000, TV_PARALLEL_K, 0, 0, 0}});
  requests.push_back({"enums_out_of_range", {0, 0, 0, 0, 0, 0, 99, -1, 7, 5}});
  // m > 16 cannot take the small-M path; strided B cannot be read in place.
  requests.push_back(
      {"smallm_inplaceB_anyway", {0, 0, 0, 0, 0, 0, 0, TV_PACK_OFF, TV_PACK_OFF, TV_PATH_SMALL_M}});
  requests.push_back(
      {"blocked_inplace_both", {0, 0, 0, 0, 0, 0, 0, TV_PACK_OFF, TV_PACK_OFF, TV_PATH_BLOCKED}});
  requests.push_back({"mc_nc_kc_1_threads1000", {1, 1, 1, 0, 0, 1000, 0, 0, 0, 0}});
  return requests;
}

std::vector<CaseGroup> IllegalCases() {
  // Canonical (m, n, k): one small-M, one blocked across several blocks.
  constexpr int64_t kShapes[][3] = {{5, 67, 131}, {131, 37, 77}};
  std::vector<CaseGroup> groups;
  int rotation = 0;
  for (gemm::Isa isa : IsasUnderTest()) {
    gemm::CpuGemm probe(1, isa);
    for (const Request& request : IllegalRequests(probe.KernelShapes()[0])) {
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
        c.alpha = rotation % 3 == 2 ? -0.5f : 1.0f;
        c.beta = rotation % 3 == 0 ? 0.0f : -0.5f;
        c.pad = ScrambledBit(rotation, 3);
        c.tiles = request.tiles;
        c.tiles_label = request.label;
        group.cases.push_back(c);
        ++rotation;
      }
    }
  }
  return groups;
}

class IllegalTilesTest : public ::testing::TestWithParam<CaseGroup> {};

TEST_P(IllegalTilesTest, LegalizedAndCorrect) { ExpectGroupMatchesReference(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Illegal, IllegalTilesTest, ::testing::ValuesIn(IllegalCases()),
                         [](const ::testing::TestParamInfo<CaseGroup>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace tv::test
