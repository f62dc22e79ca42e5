// The BLIS analytical model of Low, Igual, Smith and Quintana-Orti, "Analytical
// Modeling Is Enough for High-Performance BLIS" (ACM TOMS 43(2), 2016), Sec. 5,
// for this engine's loops (gemm/cpu/blocked_gemm.cc): jc (nc) > pc (kc) >
// ic (mc) > jr (nr) > ir (mr). The innermost ir loop reuses one kc x nr
// micro-panel of B against every mr x kc micro-panel of A of the packed mc x kc
// block, so:
//   L1 holds the B micro-panel while A micro-panels stream through it,
//   L2 holds the packed A block while B micro-panels stream through it,
//   L3 holds the packed kc x nc panel of B while A blocks stream through it.
//
// Notation (the paper's): S = sizeof(float) = 4 bytes; for cache Lx, W_Lx ways,
// N_Lx sets, C_Lx line bytes, so one way holds N_Lx * C_Lx = size / W_Lx bytes.
// With LRU, data that must stay put keeps its ways when the streamed data is
// confined to the others, and one way is left for what streams (C, the next
// micro-panel): everything is counted in whole ways and sums to at most W - 1.
//
// kc (L1): the B micro-panel takes C_Br = ceil(kc nr S / (N_L1 C_L1)) ways and
//   the A micro-panel C_Ar = ceil(kc mr S / (N_L1 C_L1)) ways, C_Ar + C_Br <=
//   W_L1 - 1; kc is the largest multiple of kKcMultiple that fits. The paper
//   writes the solution in closed form, C_Ar = floor((W_L1 - 1) / (1 + nr/mr)),
//   kc = C_Ar N_L1 C_L1 / (mr S), i.e. kc is set by A filling exactly C_Ar
//   ways. That is one feasible point of the same constraint and the optimum
//   when mr >= nr (the paper's kernels); for this engine's wide kernels
//   (6 x 32: nr/mr = 5.3) it rounds C_Ar down to 1 way and leaves several ways
//   empty (on a 12-way 48 KiB L1: closed form kc 170, the constraint allows
//   288), so we take the largest kc the constraint allows, found by trying
//   every split C_Br + C_Ar = W_L1 - 1.
// mc (L2): the B micro-panel (kc x nr) streams through one share of L2:
//   C_Ac = W_L2 - 1 - ceil(kc nr S / (N_L2 C_L2)) ways hold the A block,
//   mc = C_Ac N_L2 C_L2 / (kc S), rounded down to a multiple of mr.
// nc (L3): the mc x kc blocks of every core sharing L3 stream through it:
//   C_Bc = W_L3 - 1 - ceil(cores mc kc S / (N_L3 C_L3)) ways hold the B panel,
//   nc = C_Bc N_L3 C_L3 / (kc S), rounded down to a multiple of nr. Without an
//   L3 (known L1 and L2, l3_bytes 0) the same rule is applied to L2 with one
//   core, so the B panel shares L2 with this core's A block.
// Then each is clamped to the problem (kc <= K, mc <= round_up(M, mr),
// nc <= round_up(N, nr)) and to [1, TV_HEURISTIC_MAX_TILE]; mc and nc are
// derived from the clamped kc (and nc from the clamped mc), since what must fit
// is the blocks that actually run.
#include "heuristic/analytic.h"

#include <algorithm>
#include <cstdint>

#include "core/int_math.h"
#include "tilevolve/heuristic.h"

namespace tv::heuristic {
namespace {

constexpr int64_t kFloatBytes = 4;  // S

// Used where the device info says 0 (unknown): a common x86 server core.
constexpr int64_t kTypicalL1dBytes = 32 * 1024;
constexpr int64_t kTypicalL2Bytes = 1024 * 1024;
constexpr int64_t kTypicalL3Bytes = 32 * 1024 * 1024;
constexpr int64_t kTypicalLineBytes = 64;

// Associativity, which tv_device_info does not carry. x86 L1d caches are
// virtually indexed, physically tagged with the index inside the 4 KiB page
// offset, so one way is 4 KiB and W_L1 = size / 4 KiB: 12-way for the 48 KiB
// L1d of Zen 4/5 and Intel since Sunny Cove, 8-way for 32 KiB.
constexpr int64_t kL1dBytesPerWay = 4096;
constexpr int64_t kMinL1dWays = 2;   // so that W - 1 leaves a way for each micro-panel
constexpr int64_t kMaxL1dWays = 64;  // bounds the search for absurd sizes
// 16-way L2 (Zen 2-5, Intel 2 MiB L2) and L3 (Zen 2-5 CCX slices): an assumption.
constexpr int64_t kL2Ways = 16;
constexpr int64_t kL3Ways = 16;

// More cores than this sharing one L3 are counted as this many (keeps
// cores * mc * kc * S far from overflow; no L3 is shared that widely).
constexpr int32_t kMaxCores = 4096;

// kc is a multiple of this (the microkernel unrolls k by 4; 8 keeps rows of
// the packed panels 32-byte aligned).
constexpr int64_t kKcMultiple = 8;

// The ISA's first microkernel (kernels[0] of gemm/cpu's kernel tables), the
// one this model is sized for; returned in mr/nr so the model and the kernel
// agree.
struct KernelShape {
  int64_t mr;
  int64_t nr;
};
KernelShape DefaultKernel(int vector_bits) {
  if (vector_bits >= 512) return {6, 32};  // AVX-512: 12 zmm accumulators
  if (vector_bits >= 256) return {6, 16};  // AVX2: 12 ymm accumulators
  return {4, 16};                          // portable reference kernel
}

struct Cache {
  int64_t way_bytes;  // N_Lx * C_Lx
  int64_t ways;       // W_Lx
};

int64_t RoundDown(int64_t x, int64_t multiple) { return x / multiple * multiple; }

int64_t KnownOr(int64_t bytes, int64_t typical) { return bytes > 0 ? bytes : typical; }

// Largest kc (multiple of kKcMultiple, at least kKcMultiple) with
// ceil(kc nr S / way) + ceil(kc mr S / way) <= W_L1 - 1.
int64_t ModelKc(const Cache& l1, const KernelShape& kernel) {
  int64_t best = kKcMultiple;
  for (int64_t b_ways = 1; b_ways <= l1.ways - 2; ++b_ways) {
    const int64_t a_ways = l1.ways - 1 - b_ways;
    const int64_t kc_b = b_ways * l1.way_bytes / (kernel.nr * kFloatBytes);  // B sliver in b_ways
    const int64_t kc_a = a_ways * l1.way_bytes / (kernel.mr * kFloatBytes);  // A sliver in a_ways
    best = std::max(best, RoundDown(std::min(kc_a, kc_b), kKcMultiple));
  }
  return best;
}

// mc = C_Ac N_L2 C_L2 / (kc S) with C_Ac = W_L2 - 1 - ceil(kc nr S / (N_L2 C_L2)).
int64_t ModelMc(const Cache& l2, int64_t kc, const KernelShape& kernel) {
  const int64_t a_ways =
      std::max<int64_t>(1, l2.ways - 1 - CeilDiv(kc * kernel.nr * kFloatBytes, l2.way_bytes));
  return std::max(kernel.mr, RoundDown(a_ways * l2.way_bytes / (kc * kFloatBytes), kernel.mr));
}

// nc = C_Bc N C / (kc S) with C_Bc = W - 1 - ceil(cores mc kc S / (N C)), in
// the cache that holds the B panel.
int64_t ModelNc(const Cache& outer, int64_t cores, int64_t mc, int64_t kc, const KernelShape& kernel) {
  const int64_t a_ways = CeilDiv(cores * mc * kc * kFloatBytes, outer.way_bytes);
  const int64_t b_ways = std::max<int64_t>(1, outer.ways - 1 - a_ways);
  return std::max(kernel.nr, RoundDown(b_ways * outer.way_bytes / (kc * kFloatBytes), kernel.nr));
}

// Clamps a blocking size to [multiple, min(round_up(dim, multiple), max)],
// keeping it a multiple of `multiple`.
int64_t ClampToProblem(int64_t value, int64_t dim, int64_t multiple) {
  const int64_t largest =
      std::min(RoundUp(std::max<int64_t>(dim, 1), multiple), RoundDown(TV_HEURISTIC_MAX_TILE, multiple));
  return std::clamp(value, multiple, largest);
}

}  // namespace

tv_tile_config ChooseAnalyticTiles(int m, int n, int k, const tv_device_info* device) {
  const tv_device_info unknown{};
  const tv_device_info& d = device != nullptr ? *device : unknown;

  const KernelShape kernel = DefaultKernel(d.vector_bits);
  const int64_t line = KnownOr(d.cache_line_bytes, kTypicalLineBytes);
  const int64_t l1_bytes = KnownOr(d.l1d_bytes, kTypicalL1dBytes);
  const int64_t l1_ways = std::clamp(l1_bytes / kL1dBytesPerWay, kMinL1dWays, kMaxL1dWays);
  const Cache l1{std::max(line, l1_bytes / l1_ways), l1_ways};
  const Cache l2{std::max(line, KnownOr(d.l2_bytes, kTypicalL2Bytes) / kL2Ways), kL2Ways};
  const bool no_l3 = d.l3_bytes <= 0 && d.l1d_bytes > 0 && d.l2_bytes > 0;  // detected caches, none at L3
  const Cache l3{std::max(line, KnownOr(d.l3_bytes, kTypicalL3Bytes) / kL3Ways), kL3Ways};
  const int64_t cores = std::clamp(d.physical_cores, 1, kMaxCores);

  const int64_t kc =
      std::clamp<int64_t>(ModelKc(l1, kernel), 1, std::clamp<int64_t>(k, 1, TV_HEURISTIC_MAX_TILE));
  const int64_t mc = ClampToProblem(ModelMc(l2, kc, kernel), m, kernel.mr);
  const int64_t nc = ClampToProblem(
      no_l3 ? ModelNc(l2, 1, mc, kc, kernel) : ModelNc(l3, cores, mc, kc, kernel), n, kernel.nr);

  tv_tile_config config{};  // threads, parallel, pack_a, pack_b, path: auto
  config.mc = static_cast<int32_t>(mc);
  config.nc = static_cast<int32_t>(nc);
  config.kc = static_cast<int32_t>(kc);
  config.mr = static_cast<int32_t>(kernel.mr);
  config.nr = static_cast<int32_t>(kernel.nr);
  return config;
}

}  // namespace tv::heuristic
