// Legal-config property: for random requested tile configs (seeded) over
// random shapes, layouts, transposes, scalars and paddings,
//   Legalize(x) is legal (every field in its valid range, see ExpectLegal),
//   Legalize(Legalize(x)) == Legalize(x), and
//   Run(args, x) agrees with the double reference.
// Each test is one engine running a batch of cases in a row, so packing buffers
// and the thread pool are reused across shapes as in real use. 3 ISAs x (6 + 6 + 2
// batches for 1, 2, 3 threads) x 20 cases = 840 cases on this machine.
#include <gtest/gtest.h>

#include <climits>
#include <random>
#include <vector>

#include "engines_under_test.h"
#include "gemm_case.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

constexpr int kBatches = 6;
constexpr int kCasesPerBatch = 20;

struct Batch {
  gemm::Isa isa;
  int threads;
  int index;
};

// A field value as a heuristic might return it: mostly plausible, sometimes auto,
// sometimes odd, sometimes absurd.
int32_t RandomSize(std::mt19937_64& rng, int32_t plausible_max) {
  const int kind = static_cast<int>(rng() % 10);
  if (kind == 0) return 0;
  if (kind == 1) return -static_cast<int32_t>(rng() % 100);
  if (kind == 2) return rng() % 2 ? INT_MAX : 1 << 20;
  if (kind == 3) return 1 + static_cast<int32_t>(rng() % 3);
  return 1 + static_cast<int32_t>(rng() % static_cast<uint64_t>(plausible_max));
}

int32_t RandomEnum(std::mt19937_64& rng, int32_t count) {
  // Mostly a real value [0, count), sometimes out of range.
  return rng() % 8 == 0 ? static_cast<int32_t>(rng() % 11) - 5 : static_cast<int32_t>(rng() % count);
}

tv_tile_config RandomTiles(std::mt19937_64& rng, const std::vector<gemm::KernelShape>& shapes) {
  tv_tile_config t;
  t.mc = RandomSize(rng, 512);
  t.nc = RandomSize(rng, 4096);
  t.kc = RandomSize(rng, 768);
  const int kernel = static_cast<int>(rng() % 4);
  if (kernel <= 1) {  // an offered shape
    const gemm::KernelShape& s = shapes[rng() % shapes.size()];
    t.mr = s.mr;
    t.nr = s.nr;
  } else if (kernel == 2) {  // auto
    t.mr = 0;
    t.nr = 0;
  } else {  // anything
    t.mr = static_cast<int32_t>(rng() % 40) - 2;
    t.nr = static_cast<int32_t>(rng() % 80) - 2;
  }
  t.threads = static_cast<int32_t>(rng() % 6) - 1;  // -1 .. 4
  t.parallel = RandomEnum(rng, 4);
  t.pack_a = RandomEnum(rng, 3);
  t.pack_b = RandomEnum(rng, 3);
  t.path = RandomEnum(rng, 3);
  return t;
}

GemmCase RandomCase(std::mt19937_64& rng, const Batch& batch, const std::vector<gemm::KernelShape>& shapes) {
  constexpr float kScalars[] = {1.0f, 0.0f, -0.5f};
  GemmCase c;
  c.isa = batch.isa;
  c.threads = batch.threads;
  c.layout = rng() % 2 ? Layout::kColMajor : Layout::kRowMajor;
  c.trans_a = rng() % 2 ? Transpose::kYes : Transpose::kNo;
  c.trans_b = rng() % 2 ? Transpose::kYes : Transpose::kNo;
  // Half the cases small enough in m for the small-M path, in either dimension.
  const int64_t small = static_cast<int64_t>(rng() % 17);
  const int64_t other = static_cast<int64_t>(rng() % 200);
  c.m = rng() % 2 ? small : other;
  c.n = static_cast<int64_t>(rng() % 2 ? rng() % 17 : rng() % 240);
  c.k = static_cast<int64_t>(rng() % 8 == 0 ? rng() % 3 : rng() % 400);
  c.alpha = kScalars[rng() % 3];
  c.beta = kScalars[rng() % 3];
  c.pad = static_cast<int64_t>(rng() % 3) * 2;
  c.tiles = RandomTiles(rng, shapes);
  c.tiles_label = "random";
  return c;
}

class LegalConfigPropertyTest : public ::testing::TestWithParam<Batch> {};

TEST_P(LegalConfigPropertyTest, RandomRequestsAreLegalizedAndCorrect) {
  const Batch& batch = GetParam();
  gemm::CpuGemm engine(batch.threads, batch.isa);
  const std::vector<gemm::KernelShape> shapes(engine.KernelShapes().begin(), engine.KernelShapes().end());
  std::mt19937_64 rng(0x7113 + 1000 * static_cast<uint64_t>(batch.isa) + 100 * batch.threads + batch.index);
  for (int i = 0; i < kCasesPerBatch; ++i) {
    const GemmCase c = RandomCase(rng, batch, shapes);
    SCOPED_TRACE("case " + std::to_string(i) + ": " + CaseName(c) + ", requested " +
                 gemm::FormatTiles(c.tiles));
    ExpectMatchesReference(engine, c, rng());
    if (::testing::Test::HasFailure()) return;  // the first failing case is the reproduction
  }
}

std::vector<Batch> Batches() {
  std::vector<Batch> batches;
  for (gemm::Isa isa : IsasUnderTest()) {
    for (int threads : {1, 2, 3}) {  // 3: slices that do not divide evenly, more threads than cores
      const int count = threads == 3 ? kBatches / 3 : kBatches;
      for (int index = 0; index < count; ++index) batches.push_back({isa, threads, index});
    }
  }
  return batches;
}

INSTANTIATE_TEST_SUITE_P(Random, LegalConfigPropertyTest, ::testing::ValuesIn(Batches()),
                         [](const ::testing::TestParamInfo<Batch>& param_info) {
                           return IsaLabel(param_info.param.isa) + "_T" +
                                  std::to_string(param_info.param.threads) + "_batch" +
                                  std::to_string(param_info.param.index);
                         });

}  // namespace
}  // namespace tv::test
