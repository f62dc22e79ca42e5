// A read of one GEMM call's operands, timed beside it: a contender that only
// reads what the call reads (A, B and C of its operand set) with the roofline's
// vector sum, split over the same number of threads, and computes no product.
// Timed inside Compare, round by round with our GEMM, it gives the read
// bandwidth this host had at that moment, where a ceiling measured at the start
// of a run can be minutes and 2x of bandwidth away on a shared machine. It is
// one plain reading loop, not a bound: a kernel that keeps more lines in flight
// can read faster.
//
//   OperandReader reader(gemm.isa(), gemm.threads(), /*streams=*/2);
//   contenders.push_back(reader.AsContender());  // checked = false
#pragma once

#include <cstdint>
#include <string>

#include "bench/comparison.h"
#include "core/thread_pool.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/sgemm_args.h"

namespace tv::bench {

class OperandReader {
 public:
  // REQUIRES: threads >= 1, streams in {1, 2, 4}. The sum loops of `isa`
  // (kAuto and kReference: the portable loop); the CPU must have that ISA.
  OperandReader(gemm::Isa isa, int threads, int streams);

  // Reads the spans of A, B and C as stored (rows x ld floats each), each cut
  // into whole blocks of 64 `streams` floats shared out over the threads; the
  // last partial block of a span is not read. Returns the floats read.
  // REQUIRES: a, b and c 64-byte aligned (GemmOperands' sets are).
  int64_t Read(const gemm::SgemmArgs& args);

  // The floats Read(args) reads, without reading them.
  int64_t FloatsRead(const gemm::SgemmArgs& args) const;

  // Read() as a contender named "read x<streams>"; not checked (no product).
  Contender AsContender();

 private:
  float (*sum_)(const float*, int64_t, int);
  int threads_;
  int streams_;
  ThreadPool pool_;
};

}  // namespace tv::bench
