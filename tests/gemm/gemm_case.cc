#include "gemm_case.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/int_math.h"
#include "gemm/cpu/canonical.h"
#include "normalized_error.h"
#include "reference_gemm.h"
#include "stored_matrix.h"
#include "tilevolve/tile_config.h"

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

constexpr int64_t kSmallMMax = TV_SMALL_M_MAX_ROWS;

}  // namespace

std::string IsaLabel(gemm::Isa isa) {
  switch (isa) {
    case gemm::Isa::kAuto:
      return "Auto";
    case gemm::Isa::kReference:
      return "Reference";
    case gemm::Isa::kAvx2:
      return "Avx2";
    case gemm::Isa::kAvx512:
      return "Avx512";
  }
  return "Unknown";
}

std::string ScalarLabel(float x) {
  if (x == 1.0f) return "1";
  if (x == 0.0f) return "0";
  if (x == -0.5f) return "m0p5";
  if (x == 0.5f) return "0p5";
  // Any other value: its digits with '-' -> 'm' and '.' -> 'p'.
  std::string s = std::to_string(x);
  for (char& ch : s) ch = ch == '-' ? 'm' : ch == '.' ? 'p' : ch;
  return s;
}

std::string CaseName(const GemmCase& c) {
  std::string name = IsaLabel(c.isa) + "_" + c.tiles_label + "_T" + std::to_string(c.threads) + "_";
  name += c.layout == Layout::kRowMajor ? "RowMajor_" : "ColMajor_";
  name += c.trans_a == Transpose::kNo ? "N" : "T";
  name += c.trans_b == Transpose::kNo ? "N" : "T";
  name += "_m" + std::to_string(c.m) + "_n" + std::to_string(c.n) + "_k" + std::to_string(c.k);
  name += "_a" + ScalarLabel(c.alpha) + "_b" + ScalarLabel(c.beta) + "_pad" + std::to_string(c.pad);
  return name;
}

uint64_t SeedOf(const GemmCase& c) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char ch : CaseName(c)) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  return h;
}

bool TilesEqual(const tv_tile_config& x, const tv_tile_config& y) {
  return x.mc == y.mc && x.nc == y.nc && x.kc == y.kc && x.mr == y.mr && x.nr == y.nr &&
         x.threads == y.threads && x.parallel == y.parallel && x.pack_a == y.pack_a && x.pack_b == y.pack_b &&
         x.path == y.path;
}

void ExpectLegal(const gemm::CpuGemm& engine, const tv_tile_config& t, const gemm::GemmShape& shape) {
  const gemm::cpu::CanonicalShape cs = gemm::cpu::CanonicalizeShape(shape);
  SCOPED_TRACE("legalized tiles " + gemm::FormatTiles(t) + " for canonical m=" + std::to_string(cs.m) +
               " n=" + std::to_string(cs.n) + " k=" + std::to_string(cs.k));
  EXPECT_GE(t.threads, 1);
  EXPECT_LE(t.threads, engine.threads());
  EXPECT_TRUE(t.parallel == TV_PARALLEL_N || t.parallel == TV_PARALLEL_M || t.parallel == TV_PARALLEL_K);
  EXPECT_TRUE(t.pack_a == TV_PACK_ON || t.pack_a == TV_PACK_OFF);
  EXPECT_TRUE(t.pack_b == TV_PACK_ON || t.pack_b == TV_PACK_OFF);
  EXPECT_TRUE(t.path == TV_PATH_BLOCKED || t.path == TV_PATH_SMALL_M);
  EXPECT_GE(t.kc, 1);
  EXPECT_GE(t.nc, 1);
  EXPECT_GE(t.nr, 1);
  EXPECT_LE(t.kc, std::max<int64_t>(cs.k, 1));
  if (t.path == TV_PATH_SMALL_M) {
    EXPECT_LE(cs.m, kSmallMMax) << "the small-M path serves m <= TV_SMALL_M_MAX_ROWS only";
  }
  if (t.path == TV_PATH_BLOCKED) {
    const auto shapes = engine.KernelShapes();
    const bool offered = std::any_of(shapes.begin(), shapes.end(), [&](const gemm::KernelShape& s) {
      return s.mr == t.mr && s.nr == t.nr;
    });
    EXPECT_TRUE(offered) << t.mr << "x" << t.nr << " is not a kernel shape of this ISA";
    if (t.mr >= 1 && t.nr >= 1) {
      EXPECT_GE(t.mc, t.mr);
      EXPECT_EQ(t.mc % t.mr, 0) << "mc is not a multiple of mr";
      EXPECT_EQ(t.nc % t.nr, 0) << "nc is not a multiple of nr";
      EXPECT_LE(t.mc, RoundUp(std::max<int64_t>(cs.m, 1), t.mr)) << "mc is not clamped to the problem";
      EXPECT_LE(t.nc, RoundUp(std::max<int64_t>(cs.n, 1), t.nr)) << "nc is not clamped to the problem";
    }
    if (!cs.b_rows_contiguous) {
      EXPECT_EQ(t.pack_b, TV_PACK_ON) << "B rows are strided: B must be packed";
    }
  }
}

void ExpectLegalizeIdempotent(const gemm::CpuGemm& engine, const tv_tile_config& requested,
                              const gemm::GemmShape& shape) {
  const tv_tile_config once = engine.Legalize(requested, shape);
  const tv_tile_config twice = engine.Legalize(once, shape);
  EXPECT_TRUE(TilesEqual(once, twice))
      << "Legalize is not idempotent:\n  requested " << gemm::FormatTiles(requested) << "\n  once      "
      << gemm::FormatTiles(once) << "\n  twice     " << gemm::FormatTiles(twice);
}

void ExpectMatchesReference(gemm::CpuGemm& engine, const GemmCase& c, uint64_t seed) {
  ASSERT_EQ(engine.threads(), c.threads);
  ASSERT_EQ(engine.isa(), c.isa);
  std::mt19937_64 rng(seed);
  const bool ta = c.trans_a == Transpose::kYes;
  const bool tb = c.trans_b == Transpose::kYes;
  // Stored shapes: op(A) = A^T when transposed, so A is stored k x m.
  const int64_t a_rows = ta ? c.k : c.m, a_cols = ta ? c.m : c.k;
  const int64_t b_rows = tb ? c.n : c.k, b_cols = tb ? c.k : c.n;
  StoredMatrix a(c.layout, a_rows, a_cols, StoredMatrix::MinLd(c.layout, a_rows, a_cols) + c.pad);
  StoredMatrix b(c.layout, b_rows, b_cols, StoredMatrix::MinLd(c.layout, b_rows, b_cols) + c.pad);
  StoredMatrix out(c.layout, c.m, c.n, StoredMatrix::MinLd(c.layout, c.m, c.n) + c.pad);
  a.FillRandom(rng);
  b.FillRandom(rng);
  if (c.beta == 0.0f) {
    out.FillNaN();  // beta == 0: C must never be read
  } else {
    out.FillRandom(rng);
  }
  const std::vector<float> a_before = a.buffer();
  const std::vector<float> b_before = b.buffer();

  gemm::SgemmArgs args;
  args.layout = c.layout;
  args.trans_a = c.trans_a;
  args.trans_b = c.trans_b;
  args.m = c.m;
  args.n = c.n;
  args.k = c.k;
  args.alpha = c.alpha;
  args.a = a.data();
  args.lda = a.ld();
  args.b = b.data();
  args.ldb = b.ld();
  args.beta = c.beta;
  args.c = out.data();
  args.ldc = out.ld();
  const ReferenceGemm ref = ComputeReference(args);

  const gemm::GemmShape shape = gemm::ShapeOf(args);
  const tv_tile_config legal = engine.Legalize(c.tiles, shape);
  ExpectLegal(engine, legal, shape);
  ExpectLegalizeIdempotent(engine, c.tiles, shape);

  const Status status = engine.Run(args, c.tiles);
  ASSERT_TRUE(status.ok()) << status.message();
  const ErrorReport error = NormalizedError(args, ref);
  EXPECT_LE(error.max_error, ErrorBound(c.k))
      << error.ToString() << "\n  requested " << gemm::FormatTiles(c.tiles) << "\n  legalized "
      << gemm::FormatTiles(legal);
  std::string where;
  EXPECT_TRUE(out.PaddingIntact(&where)) << "C was written outside the matrix: " << where;
  EXPECT_TRUE(a.BitEqual(a_before)) << "A (const) changed";
  EXPECT_TRUE(b.BitEqual(b_before)) << "B (const) changed";
}

void ExpectMatchesReference(const GemmCase& c) {
  gemm::CpuGemm engine(c.threads, c.isa);
  ExpectMatchesReference(engine, c, SeedOf(c));
}

void ExpectGroupMatchesReference(const CaseGroup& group) {
  for (const GemmCase& c : group.cases) {
    SCOPED_TRACE(CaseName(c));
    ExpectMatchesReference(c);
  }
}

}  // namespace tv::test
