// The one measurement protocol (DESIGN.md rules 2-4): every timing in tilevolve
// (bench, oracle, the evaluator, the published tables) goes through Compare.
//
// For each contender, in order, and one at a time:
//   1. check: C of operand set 0 is poisoned with NaN, the contender runs once with
//      beta = 0, and its C must match the trusted result; a contender that fails
//      (or returns an error) is reported with that Status and never timed;
//   2. warm up for options.warmup_s (at least one call) and size a repetition:
//      calls_per_rep calls so that one repetition lasts at least options.min_time_s.
// Then rounds: in each round every contender runs one timed repetition (the
// starting contender rotates round by round). Before each check and each timed
// repetition, Compare waits until no other thread of the process is running
// (core/quiet_threads.h): peers' thread pools spin for up to ~0.1 s after a
// call and would otherwise share the cores with the next contender's timing.
// Calls walk through the operand sets in turn, so operands come from memory
// unless they really fit in cache.
// Per contender: median seconds per call and its spread. Ratio of contender i to
// contender 0: median over rounds of the paired ratio time_i / time_0.
//
//   std::vector<Contender> contenders = {{"tilevolve", ours}, {"openblas", peer}};
//   ComparisonResult r = Compare(contenders, operands, reference, options);
//   double speedup_vs_openblas = r.ratio_to_first[1].median;  // > 1: contender 0 is faster
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "bench/operands.h"
#include "bench/statistics.h"
#include "core/status.h"
#include "gemm/sgemm_args.h"

namespace tv::bench {

// Performs one GEMM with exactly the args given (the operand set of this call).
using GemmRunner = std::function<Status(const gemm::SgemmArgs& args)>;

struct Contender {
  std::string name;
  GemmRunner run;
  // false: not a GEMM but a ceiling timed beside one (bench/operand_read.h):
  // never checked against the trusted result, only timed.
  bool checked = true;
};

// The measurement protocol's version, part of every measurement cache key
// (PairedMeasurer::Key). Bump it with any change to how a figure is taken
// (operand rotation, rounds, warm-up, what is timed) that makes figures taken
// before it incomparable with those after: the cache then times them anew.
// 2: operands rotated through 4x the L3 (bench/operands.h), was 2x.
inline constexpr int kMeasurementProtocol = 2;

struct MeasureOptions {
  double warmup_s = 0.05;       // per contender, before any timing (at least one call)
  double min_time_s = 0.2;      // a timed repetition lasts at least this long (at least one call)
  int min_reps = 5;             // rounds always run
  int max_reps = 15;            // rounds at most
  double target_spread = 0.02;  // after min_reps, stop once every relative spread is <= this
  double settle_max_s = 0.5;    // longest wait for other threads to stop running, before a timing
};

struct ContenderResult {
  std::string name;
  Status status;    // not ok: failed the check or returned an error; not timed further
  Summary seconds;  // per call, over repetitions (count 0 when not timed)
  int calls_per_rep = 0;
};

struct ComparisonResult {
  std::vector<ContenderResult> contenders;  // in the order given
  // ratio_to_first[i]: time_i / time_0 paired per round (> 1: contender 0 is faster).
  // count 0 where contender i or contender 0 was not timed; [0] is all ones.
  std::vector<Summary> ratio_to_first;
  int rounds = 0;
  // false: before some timing, another thread of this process was still running
  // after settle_max_s (it was not a pool's spin); Compare stopped waiting then.
  bool others_quiet = true;
};

// REQUIRES: !contenders.empty(); reference == TrustedProduct(operands.Args(0))
// (or an equally trusted product of set 0). Contenders never run concurrently.
ComparisonResult Compare(std::span<const Contender> contenders, GemmOperands& operands,
                         const std::vector<float>& reference, const MeasureOptions& options);

}  // namespace tv::bench
