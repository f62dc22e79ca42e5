// Where the controller's candidates are evaluated: here, one at a time
// (MakeLocalEvaluationPool), or on the evaluator ranks of an MPI job
// (distributed/mpi_evaluation_pool.h). The controller keeps up to capacity()
// jobs in flight, collects results in whatever order they finish, and commits
// them in iteration order.
//
//   std::unique_ptr<EvaluationPool> pool = MakeLocalEvaluationPool(std::move(evaluator), dir, text);
//   pool->Submit({.ticket = 7, .code = source});
//   Result<EvaluationResult> done = pool->Next();   // done->ticket == 7
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "evolve/database/program_record.h"
#include "evolve/run/program_evaluator.h"

namespace tv::evolve {

// The part of a parent program an evaluator reads (the cascade, evolve/evaluator.h).
struct ParentSummary {
  std::string outcome;
  double score = 0;
  std::string metrics_json;
};

struct EvaluationJob {
  int64_t ticket = 0;                   // chosen by the controller, unique in the run; echoed in the result
  std::string code;                     // the whole program source
  bool rescore = false;                 // re-measure without any cache (a new best, before promotion)
  std::string promoted_metrics;         // rescore: the promoted program's re-measured metrics, whose
                                        // figures shapes with the same tiles may take (evolve/evaluator.h
                                        // FreshFigures); empty: time every shape
  std::optional<ParentSummary> parent;  // measure against this parent (a cascade); unset: in full
};

struct EvaluationResult {
  int64_t ticket = 0;
  ProgramScore score;
};

class EvaluationPool {
 public:
  virtual ~EvaluationPool() = default;
  // How many jobs may be in flight at once (>= 1).
  virtual int capacity() const = 0;
  // Starts a job; requires in_flight() < capacity(). A non-ok Status: the pool cannot work at all.
  virtual Status Submit(EvaluationJob job) = 0;
  // Blocks until one submitted job finishes and returns it; requires in_flight() > 0.
  // A bad program is a result with outcome != "ok"; a non-ok Status means the
  // evaluation itself is broken (no evaluator left, the built-in evaluator's
  // cache failed): the run stops, and resumes later from its last commit.
  virtual Result<EvaluationResult> Next() = 0;
  virtual int in_flight() const = 0;
  // One line for the log: what evaluates, where.
  virtual std::string description() const = 0;
  // The machines the timings come from, as text for the report's "device" meta.
  virtual std::string devices_text() const = 0;
};

// Evaluates in this process with `evaluator`, one job at a time (capacity 1):
// Submit stores the job, Next runs it. Candidate files are written to
// `scratch_dir` (created) and removed after evaluation. `devices_text`: this
// machine, as devices_text() returns it.
std::unique_ptr<EvaluationPool> MakeLocalEvaluationPool(std::unique_ptr<ProgramEvaluator> evaluator,
                                                        std::string scratch_dir, std::string devices_text);

// The parent record an evaluator is given for a job's ParentSummary.
ProgramRecord ParentRecordOf(const ParentSummary& parent);

}  // namespace tv::evolve
