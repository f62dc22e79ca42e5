// The evolution loop (`tilevolve evolve`): OpenEvolve's controller, crash-safe.
//
// One iteration: pick the island (round robin), select a parent and a second
// parent (for crossover) and inspirations from it, ask the mutator for a child,
// skip the evaluation of a child identical to a program already evaluated,
// evaluate it (the built-in or an external evaluator), place it in the
// population, count the island's generation (migrating when due), and commit
// the program together with the run state after it in one SQLite transaction.
// A child that would be the new best is re-measured without any cache before
// it is promoted to OUTPUT_DIR/best/best_program.cpp.
//
// Killing the process at any moment loses no evaluated program: --resume reads
// the last committed run state (iteration, population, RNG, counters) and
// continues the same run; the iteration in flight when it died is run again
// (its child was never committed). SIGINT/SIGTERM finish the iteration in
// flight and stop cleanly.
//
// OUTPUT_DIR/
//   tilevolve.db                   programs + run state (evolve/database/program_store.h)
//   best/best_program.cpp          the promoted best, with best_program_info.json
//   checkpoints/checkpoint_N/      every checkpoint_interval iterations: tilevolve.db
//                                  (a consistent copy), best_program.cpp, best_program_info.json,
//                                  metadata.json; `--checkpoint DIR` resumes from one
//   logs/evolve-<time>.log         everything printed
//   report.html                    refreshed at every checkpoint by `tilevolve evolve` (after_checkpoint)
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "evolve/config/evolve_config.h"
#include "evolve/run/evaluation_pool.h"

namespace tv::evolve {

// What a pool factory is given (EvolveRunOptions::make_pool).
struct PoolContext {
  const EvolveConfig* config = nullptr;  // the run's configuration, parsed
  std::string config_text;               // its YAML text (empty: the defaults)
  std::string evaluator;                 // the external evaluator executable; empty: built-in
  std::string output_dir;
};
using PoolFactory = std::function<Result<std::unique_ptr<EvaluationPool>>(const PoolContext& context)>;

struct EvolveRunOptions {
  std::string initial_program;  // the program of generation 0
  std::string evaluator;        // empty: the built-in GEMM tiling evaluator
  std::string config_path;      // YAML (evolve/config/evolve_config.h); empty: defaults
  int iterations = -1;          // -1: config.max_iterations; counts iterations in total, not added
  std::string output_dir = "tilevolve_output";
  std::string checkpoint_dir;  // resume from this export (copied into output_dir)
  bool resume = false;         // continue the run in output_dir
  double target_score = 0;     // > 0: stop when the promoted best reaches it (overrides the config)
  std::string log_level;       // empty: the config's
  // Called after every checkpoint is written, e.g. to refresh the HTML report;
  // an error is logged as a warning and the run goes on. May be empty.
  std::function<Status(const std::string& output_dir)> after_checkpoint;
  // Makes where candidates are evaluated (e.g. the evaluator ranks of an MPI
  // job); empty: in this process, one at a time, with the built-in or external evaluator.
  PoolFactory make_pool;
};

// Runs (or resumes) an evolution. Returns the process exit code: 0 done, 1 the
// run failed (message printed), 2 bad usage or input (message printed), 130
// interrupted after a clean stop.
int RunEvolution(const EvolveRunOptions& options);

}  // namespace tv::evolve
