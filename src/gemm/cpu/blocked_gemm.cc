#include "gemm/cpu/blocked_gemm.h"

#include <algorithm>
#include <cassert>

#include "core/int_math.h"

namespace tv::gemm::cpu {
// Loop names and order follow BLIS (sandbox/gemmlike/bls_gemm_bp_var1.c):
//   jc: NC-wide column blocks of B and C
//   pc: KC-deep slices of A and B, packed B block (kc x nc) reused by every ic
//   ic: MC-tall row blocks of A, packed A block (mc x kc) reused by every jr
//   jr: NR-wide micro-panels of B
//   ir: MR-tall micro-panels of A; the microkernel updates one MR x NR block of C
void RunBlocked(const CanonicalProblem& p, const BlockedPlan& plan, BlockedWorkspace& ws) {
  assert(p.m >= 1 && p.n >= 1 && p.k >= 1);
  assert(plan.pack_b || p.b_cs == 1);
  const int mr = plan.kernel.mr;
  const int nr = plan.kernel.nr;
  const MicrokernelFn microkernel = plan.kernel.fn;
  float* a_packed = plan.pack_a ? ws.a_panel.Reserve(RoundUp(std::min(plan.mc, p.m), mr) * plan.kc) : nullptr;
  float* b_packed = plan.pack_b ? ws.b_panel.Reserve(RoundUp(std::min(plan.nc, p.n), nr) * plan.kc) : nullptr;

  for (int64_t jc = 0; jc < p.n; jc += plan.nc) {
    const int64_t nc = std::min(plan.nc, p.n - jc);
    for (int64_t pc = 0; pc < p.k; pc += plan.kc) {
      const int64_t kc = std::min(plan.kc, p.k - pc);
      const float beta = pc == 0 ? p.beta : 1.0f;  // later slices accumulate
      const float* b_block = p.b + pc * p.b_rs + jc * p.b_cs;
      if (plan.pack_b) plan.pack_b_fn(nr, kc, nc, b_block, p.b_rs, p.b_cs, b_packed);

      for (int64_t ic = 0; ic < p.m; ic += plan.mc) {
        const int64_t mc = std::min(plan.mc, p.m - ic);
        const float* a_block = p.a + ic * p.a_rs + pc * p.a_cs;
        if (plan.pack_a) plan.pack_a_fn(mr, mc, kc, a_block, p.a_rs, p.a_cs, a_packed);

        for (int64_t jr = 0; jr < nc; jr += nr) {
          MicroTile tile;
          tile.kc = kc;
          tile.alpha = p.alpha;
          tile.beta = beta;
          tile.ldc = p.ldc;
          tile.n = static_cast<int>(std::min<int64_t>(nr, nc - jr));
          tile.b = plan.pack_b ? b_packed + jr * kc : b_block + jr;
          tile.b_ks = plan.pack_b ? nr : p.b_rs;

          for (int64_t ir = 0; ir < mc; ir += mr) {
            tile.m = static_cast<int>(std::min<int64_t>(mr, mc - ir));
            tile.a = plan.pack_a ? a_packed + ir * kc : a_block + ir * p.a_rs;
            tile.a_rs = plan.pack_a ? 1 : p.a_rs;
            tile.a_cs = plan.pack_a ? mr : p.a_cs;
            tile.c = p.c + (ic + ir) * p.ldc + jc + jr;
            microkernel(tile);
          }
        }
      }
    }
  }
}

}  // namespace tv::gemm::cpu
