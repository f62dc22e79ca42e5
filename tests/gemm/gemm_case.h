// One row of the GEMM conformance matrix and the checks every row gets.
//
// A GemmCase names an engine (ISA, threads), a problem (layout, transposes,
// m/n/k, alpha/beta, leading-dimension padding) and a requested tile config.
// ExpectMatchesReference builds fresh random operands with NaN-sentinel padding,
// runs the engine and reports every way the result can be wrong.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "gemm/sgemm_args.h"
#include "tilevolve/tile_config.h"

namespace tv::test {

struct GemmCase {
  gemm::Isa isa = gemm::Isa::kReference;
  int threads = 1;  // the engine's pool size
  gemm::Layout layout = gemm::Layout::kRowMajor;
  gemm::Transpose trans_a = gemm::Transpose::kNo;
  gemm::Transpose trans_b = gemm::Transpose::kNo;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  float alpha = 1.0f;
  float beta = 0.0f;
  int64_t pad = 0;            // lda, ldb, ldc = their minimum + pad
  tv_tile_config tiles = {};  // as requested; Run legalizes it
  std::string tiles_label;    // what the request is, e.g. "14x32" or "smallm_parK"
};

// "Reference", "Avx2", "Avx512".
std::string IsaLabel(gemm::Isa isa);
// 1 -> "1", 0 -> "0", -0.5 -> "m0p5" (test names allow [A-Za-z0-9_] only).
std::string ScalarLabel(float x);
// e.g. "Avx512_14x32_T2_RowMajor_NT_m13_n33_k385_a1_b0_pad3".
std::string CaseName(const GemmCase& c);
// A seed that depends on the case only (its name), so a failure reproduces.
uint64_t SeedOf(const GemmCase& c);

// Fails the current test (gtest) when: Run returns non-ok; the legalized config
// is not legal (ExpectLegal) or Legalize is not idempotent; an element of C is
// beyond ErrorBound(k) of the double reference (NaN counts as infinitely far);
// the padding or guard zones of C changed; A or B changed at all.
// REQUIRES: engine.threads() == c.threads and engine.isa() == c.isa.
void ExpectMatchesReference(gemm::CpuGemm& engine, const GemmCase& c, uint64_t seed);
// The same on a fresh engine, seeded with SeedOf(c).
void ExpectMatchesReference(const GemmCase& c);

// Several cases that share one request (e.g. one tile config on a few shapes):
// one gtest test, so the suite does not pay a process start per case under ctest.
struct CaseGroup {
  std::string name;  // e.g. "Avx512_blocked_14x32_parK_packA_inplaceB"
  std::vector<GemmCase> cases;
};
// ExpectMatchesReference on each case, each traced with its CaseName.
void ExpectGroupMatchesReference(const CaseGroup& group);

// Every field of `legal` is in its valid range for `shape` on `engine`:
// threads in [1, engine.threads()], parallel/pack/path resolved (no auto, no
// out-of-range value), small-M only where the canonical m <= 16, and on the
// blocked path an offered mr x nr, mc and nc multiples of mr and nr clamped to
// the problem (rounded up to mr/nr), kc in [1, max(k, 1)], B packed when its
// rows are not contiguous along N.
void ExpectLegal(const gemm::CpuGemm& engine, const tv_tile_config& legal, const gemm::GemmShape& shape);
// Legalize(Legalize(x)) == Legalize(x), field by field.
void ExpectLegalizeIdempotent(const gemm::CpuGemm& engine, const tv_tile_config& requested,
                              const gemm::GemmShape& shape);

bool TilesEqual(const tv_tile_config& x, const tv_tile_config& y);

// Bit `bit` of a fixed scramble of `index`: rotates binary factors (layout,
// transposes, ...) over a list of cases without lining them up with its period.
inline int ScrambledBit(int index, int bit) {
  return static_cast<int>(((static_cast<uint32_t>(index) + 1u) * 2654435761u >> (bit + 7)) & 1u);
}

}  // namespace tv::test
