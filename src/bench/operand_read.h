// A read of one GEMM call's operands, timed beside it: a contender that only
// reads what the call reads (A, B and C of its operand set) with the roofline's
// vector sum, split over the same number of threads, and computes no product.
// Timed inside Compare, round by round with our GEMM, it gives the read
// bandwidth this host had at that moment, where a ceiling measured at the start
// of a run can be minutes and 2x of bandwidth away on a shared machine. It is
// one plain reading loop, not a bound: a kernel that keeps more lines in flight
// can read faster. ReadSpans reads any arrays the same way (`tilevolve
// generate` reads a decoded token's weights in place with it).
//
//   OperandReader reader(gemm.isa(), gemm.threads());
//   contenders.push_back(reader.AsContender(/*streams=*/2));  // checked = false
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "bench/comparison.h"
#include "core/thread_pool.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/sgemm_args.h"

namespace tv::bench {

// `floats` floats from `data`, as stored.
struct FloatSpan {
  const float* data;
  int64_t floats;
};

class OperandReader {
 public:
  // REQUIRES: threads >= 1. The sum loops of `isa` (kAuto and kReference: the
  // portable loop); the CPU must have that ISA.
  OperandReader(gemm::Isa isa, int threads);

  // Reads the spans of A, B and C as stored (rows x ld floats each), each cut
  // into whole blocks of 64 `streams` floats shared out over the threads; the
  // last partial block of a span is not read. Returns FloatsRead(args, streams).
  // REQUIRES: streams in {1, 2, 4}; a, b and c 64-byte aligned (GemmOperands' sets are).
  int64_t Read(const gemm::SgemmArgs& args, int streams);

  // The floats Read(args, streams) reads, without reading them.
  static int64_t FloatsRead(const gemm::SgemmArgs& args, int streams);

  // The same read over any spans: each cut into whole blocks of 64 `streams`
  // floats shared out over the threads. Returns FloatsRead(spans, streams).
  // REQUIRES: streams in {1, 2, 4}; every span's data 64-byte aligned.
  int64_t ReadSpans(std::span<const FloatSpan> spans, int streams);
  static int64_t FloatsRead(std::span<const FloatSpan> spans, int streams);

  // Read(args, streams) as a contender named "read x<streams>"; not checked
  // (no product). The contender refers to this reader.
  Contender AsContender(int streams);

 private:
  float (*sum_)(const float*, int64_t, int);
  int threads_;
  ThreadPool pool_;
};

}  // namespace tv::bench
