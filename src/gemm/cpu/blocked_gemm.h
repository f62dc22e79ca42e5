// The BLIS five loops (jc, pc, ic, jr, ir) on one thread.
#pragma once

#include <cstdint>

#include "gemm/cpu/aligned_buffer.h"
#include "gemm/cpu/canonical.h"
#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {

// The blocking of one run: cache blocks, the register kernel, the packers.
struct BlockedPlan {
  int64_t mc = 0;  // multiple of kernel.mr
  int64_t nc = 0;  // multiple of kernel.nr
  int64_t kc = 0;  // >= 1
  bool pack_a = true;
  bool pack_b = true;  // false REQUIRES b_cs == 1
  // With pack_a and more than one NC block, every row of A is packed at once
  // (once per KC slice) when that takes at most this many floats (64 MiB);
  // beyond, A is packed per NC block as in BLIS.
  int64_t whole_packed_a_limit = int64_t{16} << 20;
  // The kernels honor MicroTile::b_copy (KernelTable::copies_b): with both
  // operands packed and B's rows contiguous, the first row panel's calls pack
  // B as they read it, instead of a pass of its own before them.
  bool kernel_copies_b = false;
  MicrokernelEntry kernel{};
  PackAFn pack_a_fn = nullptr;
  PackBFn pack_b_fn = nullptr;
};

// Packing buffers of one thread.
struct BlockedWorkspace {
  AlignedBuffer a_panel;  // packed A: one block (round_up(mc, mr) x kc) or every row (round_up(m, mr) x kc)
  AlignedBuffer b_panel;  // (kc x round_up(nc, nr)) packed B block
};

// C = alpha * A * B + beta * C for the whole problem p, sequentially.
// REQUIRES: p.m, p.n, p.k >= 1 and the plan is legal for p.
void RunBlocked(const CanonicalProblem& p, const BlockedPlan& plan, BlockedWorkspace& ws);

}  // namespace tv::gemm::cpu
