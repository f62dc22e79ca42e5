// The FMA peak timed beside a GEMM call: a contender that runs the roofline's
// independent FMA chains (bench/roofline_kernels.h), split over the same number
// of threads, for as many flops as the call does, and touches no operand.
// Timed inside Compare, round by round with our GEMM, it gives the FMA peak
// this host had at that moment; a peak measured once at the start of a run
// moved 200-230 GFLOP/s on one core of the shared Zen 5 VM (2026-11-28), which
// moved "% of peak" for the same kernel by as much. Compute-bound shapes get it
// as read beside (bench/operand_read.h) is to memory-bound ones.
//
//   FmaBeside fma(gemm.isa(), gemm.threads());
//   contenders.push_back(fma.AsContender(shape.flops()));  // checked = false
#pragma once

#include <cstdint>

#include "bench/comparison.h"
#include "bench/roofline.h"
#include "core/thread_pool.h"
#include "gemm/cpu/cpu_gemm.h"

namespace tv::bench {

class FmaBeside {
 public:
  // REQUIRES: threads >= 1. The FMA loops of `isa` (kAuto and kReference: the
  // portable loop); the CPU must have that ISA.
  FmaBeside(gemm::Isa isa, int threads);

  // Runs at least `flops` flops of FMA chains, shared equally by the threads.
  // Returns FlopsDone(flops).
  double Run(double flops);

  // The flops Run(flops) does: whole rounds of chains on every thread.
  double FlopsDone(double flops) const;

  // Run(flops) as a contender named "fma peak"; not checked (no product). The
  // contender refers to this object.
  Contender AsContender(double flops);

 private:
  double FlopsPerRound() const;  // one iteration of the chains on every thread
  int64_t IterationsPerThread(double flops) const;

  RooflineLoops loops_;
  int threads_;
  ThreadPool pool_;
};

}  // namespace tv::bench
