#include "gemm/cpu/blocked_gemm.h"

#include <algorithm>
#include <cassert>

#include "core/int_math.h"
#include "gemm/cpu/block_prefetch.h"

namespace tv::gemm::cpu {
// Loop names and order follow BLIS (sandbox/gemmlike/bls_gemm_bp_var1.c), except
// that with A packed and more than one NC block, pc comes first and A is packed
// once per pc (RunPackingAOnce):
//   jc: NC-wide column blocks of B and C
//   pc: KC-deep slices of A and B, packed B block (kc x nc) reused by every ic
//   ic: MC-tall row blocks of A, packed A block (mc x kc) reused by every jr
//   jr: NR-wide micro-panels of B
//   ir: MR-tall micro-panels of A; the microkernel updates one MR x NR block of C
namespace {

// A B block to be packed by the microkernels (CopiesBInKernel): read in place
// at `source` (rows p.b_rs apart), packed into `packed`.
struct BCopy {
  const float* source = nullptr;
  float* packed = nullptr;
};

// The next micro-panel of a B block that the microkernels pack (BCopy), in
// place: its kc rows of `cols` columns, requested over the mc / mr calls on the
// current panel, so that its copy reads L2 instead of DRAM. Without it only the
// hardware prefetchers fetch the panel, 3-4 lines per row, rows a row of B apart,
// while the copying call waits (the next block, PrefetchOfBBlock, was requested
// already; the current block's later panels were not). Zen 5, 2026-11-28
// (docs/PERFORMANCE.md, "The next B panel requested on the copy pass"):
// 256 x 576 x 576 with A in cache and B from DRAM (as `generate` runs it),
// 2 threads, 0.95 -> 0.99-1.00x oneDNN; the 10 products with m = 256 of two
// models' prefill, `tilevolve bench` at 1 thread, +2-8% each.
PrefetchCursor NextPanelInPlace(const CanonicalProblem& p, const float* panel, int64_t kc, int64_t cols,
                                int64_t mc, int mr) {
  return CursorOverBlock(panel, kc, cols, p.b_rs, CeilDiv(mc, mr));
}

// The jr and ir loops over one packed (or unpacked) A block and one B block.
// With copy.source set, b_block (== copy.packed) is not packed yet: the first
// call on each micro-panel reads B in place and packs it for the calls after it.
void RunMacroKernel(const CanonicalProblem& p, const BlockedPlan& plan, int64_t ic, int64_t mc, int64_t jc,
                    int64_t nc, int64_t kc, float beta, const float* a_block, int64_t a_rs, int64_t a_cs,
                    const float* b_block, int64_t b_ks, BCopy copy, PrefetchCursor* next_b) {
  const int mr = plan.kernel.mr;
  const int nr = plan.kernel.nr;
  for (int64_t jr = 0; jr < nc; jr += nr) {
    MicroTile tile;
    tile.kc = kc;
    tile.alpha = p.alpha;
    tile.beta = beta;
    tile.ldc = p.ldc;
    tile.n = static_cast<int>(std::min<int64_t>(nr, nc - jr));
    tile.b = plan.pack_b ? b_block + jr * kc : b_block + jr;
    tile.b_ks = b_ks;
    tile.a_rs = plan.pack_a ? 1 : a_rs;
    tile.a_cs = plan.pack_a ? mr : a_cs;
    tile.prefetch = next_b;
    PrefetchCursor next_panel{};
    if (copy.source != nullptr && jr + nr < nc) {
      next_panel =
          NextPanelInPlace(p, copy.source + jr + nr, kc, std::min<int64_t>(nr, nc - jr - nr), mc, mr);
      tile.prefetch_panel = &next_panel;
    }
    for (int64_t ir = 0; ir < mc; ir += mr) {
      tile.m = static_cast<int>(std::min<int64_t>(mr, mc - ir));
      tile.a = plan.pack_a ? a_block + ir * kc : a_block + ir * a_rs;
      tile.c = p.c + (ic + ir) * p.ldc + jc + jr;
      if (copy.source != nullptr && ir == 0) {
        MicroTile first = tile;
        first.b = copy.source + jr;
        first.b_ks = p.b_rs;
        first.b_copy = copy.packed + jr * kc;
        first.b_copy_ks = nr;
        plan.kernel.fn(first);
        continue;
      }
      plan.kernel.fn(tile);
    }
  }
}

// Whether the microkernels pack B (MicroTile::b_copy) on the first row panel.
// They need A packed and B's rows contiguous; the rows are read in place then.
bool CopiesBInKernel(const CanonicalProblem& p, const BlockedPlan& plan) {
  return plan.kernel_copies_b && plan.pack_a && plan.pack_b && p.b_cs == 1;
}

// The source of the packed B block at (pc, jc), to be requested over the
// microkernel calls of the current block (`calls`); nothing when B is not
// packed, the block is past the end, or B has no contiguous direction; nothing
// either when A is not packed: the kernel then streams A's rows itself, and the
// extra requests slowed it (6x32 tiles, 512 x 4096 x 11008, 1 thread, Zen 5: 0.94x
// of oneDNN without, 0.85x with).
PrefetchCursor PrefetchOfBBlock(const CanonicalProblem& p, const BlockedPlan& plan, int64_t pc, int64_t jc,
                                int64_t calls) {
  if (!plan.pack_b || !plan.pack_a || pc >= p.k || jc >= p.n) return {};
  const int64_t kc = std::min(plan.kc, p.k - pc);
  const int64_t nc = std::min(plan.nc, p.n - jc);
  const float* block = p.b + pc * p.b_rs + jc * p.b_cs;
  if (p.b_cs == 1) return CursorOverBlock(block, kc, nc, p.b_rs, calls);
  if (p.b_rs == 1) return CursorOverBlock(block, nc, kc, p.b_cs, calls);
  return {};
}

// Microkernel calls on one packed B block of nc columns.
int64_t CallsPerBBlock(const CanonicalProblem& p, const BlockedPlan& plan, int64_t nc) {
  return CeilDiv(p.m, plan.kernel.mr) * CeilDiv(nc, plan.kernel.nr);
}

// pc, then every row of A packed once, then jc, ic: A is packed once in all
// instead of once per NC block (each pack of A reads a strided M x KC slice;
// with many NC blocks that repacking costs as much as packing B).
void RunPackingAOnce(const CanonicalProblem& p, const BlockedPlan& plan, BlockedWorkspace& ws) {
  const int mr = plan.kernel.mr;
  const int nr = plan.kernel.nr;
  float* a_packed = ws.a_panel.Reserve(RoundUp(p.m, mr) * plan.kc);
  float* b_packed = plan.pack_b ? ws.b_panel.Reserve(RoundUp(std::min(plan.nc, p.n), nr) * plan.kc) : nullptr;
  const bool copy_b = CopiesBInKernel(p, plan);
  for (int64_t pc = 0; pc < p.k; pc += plan.kc) {
    const int64_t kc = std::min(plan.kc, p.k - pc);
    const float beta = pc == 0 ? p.beta : 1.0f;  // later slices accumulate
    plan.pack_a_fn(mr, p.m, kc, p.a + pc * p.a_cs, p.a_rs, p.a_cs, a_packed);
    for (int64_t jc = 0; jc < p.n; jc += plan.nc) {
      const int64_t nc = std::min(plan.nc, p.n - jc);
      const float* b_block = p.b + pc * p.b_rs + jc * p.b_cs;
      if (plan.pack_b && !copy_b) plan.pack_b_fn(nr, kc, nc, b_block, p.b_rs, p.b_cs, b_packed);
      const bool last_jc = jc + plan.nc >= p.n;
      PrefetchCursor next_b = PrefetchOfBBlock(p, plan, last_jc ? pc + plan.kc : pc,
                                               last_jc ? 0 : jc + plan.nc, CallsPerBBlock(p, plan, nc));
      for (int64_t ic = 0; ic < p.m; ic += plan.mc) {
        RunMacroKernel(p, plan, ic, std::min(plan.mc, p.m - ic), jc, nc, kc, beta, a_packed + ic * kc, 1, mr,
                       plan.pack_b ? b_packed : b_block, plan.pack_b ? nr : p.b_rs,
                       copy_b && ic == 0 ? BCopy{b_block, b_packed} : BCopy{}, &next_b);
      }
    }
  }
}

}  // namespace

void RunBlocked(const CanonicalProblem& p, const BlockedPlan& plan, BlockedWorkspace& ws) {
  assert(p.m >= 1 && p.n >= 1 && p.k >= 1);
  assert(plan.pack_b || p.b_cs == 1);
  assert(plan.mc % plan.kernel.mr == 0);
  const int mr = plan.kernel.mr;
  const int nr = plan.kernel.nr;
  if (plan.pack_a && p.n > plan.nc && RoundUp(p.m, mr) * plan.kc <= plan.whole_packed_a_limit) {
    RunPackingAOnce(p, plan, ws);
    return;
  }
  float* a_packed = plan.pack_a ? ws.a_panel.Reserve(RoundUp(std::min(plan.mc, p.m), mr) * plan.kc) : nullptr;
  float* b_packed = plan.pack_b ? ws.b_panel.Reserve(RoundUp(std::min(plan.nc, p.n), nr) * plan.kc) : nullptr;
  const bool copy_b = CopiesBInKernel(p, plan);
  for (int64_t jc = 0; jc < p.n; jc += plan.nc) {
    const int64_t nc = std::min(plan.nc, p.n - jc);
    for (int64_t pc = 0; pc < p.k; pc += plan.kc) {
      const int64_t kc = std::min(plan.kc, p.k - pc);
      const float beta = pc == 0 ? p.beta : 1.0f;  // later slices accumulate
      const float* b_block = p.b + pc * p.b_rs + jc * p.b_cs;
      if (plan.pack_b && !copy_b) plan.pack_b_fn(nr, kc, nc, b_block, p.b_rs, p.b_cs, b_packed);
      const bool last_pc = pc + plan.kc >= p.k;
      PrefetchCursor next_b = PrefetchOfBBlock(p, plan, last_pc ? 0 : pc + plan.kc,
                                               last_pc ? jc + plan.nc : jc, CallsPerBBlock(p, plan, nc));

      for (int64_t ic = 0; ic < p.m; ic += plan.mc) {
        const int64_t mc = std::min(plan.mc, p.m - ic);
        const float* a_block = p.a + ic * p.a_rs + pc * p.a_cs;
        if (plan.pack_a) plan.pack_a_fn(mr, mc, kc, a_block, p.a_rs, p.a_cs, a_packed);
        RunMacroKernel(p, plan, ic, mc, jc, nc, kc, beta, plan.pack_a ? a_packed : a_block, p.a_rs, p.a_cs,
                       plan.pack_b ? b_packed : b_block, plan.pack_b ? nr : p.b_rs,
                       copy_b && ic == 0 ? BCopy{b_block, b_packed} : BCopy{}, &next_b);
      }
    }
  }
}

}  // namespace tv::gemm::cpu
