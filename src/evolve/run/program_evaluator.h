// What the controller asks of an evaluator: score one program file. Two kinds:
//  - the built-in GEMM-tiling evaluator (evolve/evaluator.h), and
//  - an external EVALUATOR executable, run in the sandbox as `EVALUATOR
//    PROGRAM_PATH`, printing one JSON object with at least "combined_score"
//    (and optionally "outcome", "artifacts" and any other metrics) on stdout,
//    so programs in any language can be evolved.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "evolve/config/evolve_config.h"
#include "evolve/database/program_record.h"
#include "evolve/evaluator.h"
#include "evolve/sandbox.h"

namespace tv::evolve {

struct ProgramScore {
  std::string outcome = "ok";  // "ok" or why not (the evaluator's typed outcome)
  double score = 0;            // combined_score when ok, else 0
  double heldout = 0;          // held-out figure where the evaluator has one (never used for selection)
  std::string message;         // when not ok
  std::string metrics_json;    // everything the evaluator said, as JSON text
  double seconds = 0;
  int cache_hits = 0;
  int cache_misses = 0;
};

class ProgramEvaluator {
 public:
  virtual ~ProgramEvaluator() = default;
  // A non-ok Status: the evaluator itself is broken (stop the run); a bad program is a ProgramScore.
  // `parent` (may be null): the program it was derived from; the built-in
  // evaluator measures a child against it in a cascade (evolve/evaluator.h).
  virtual Result<ProgramScore> Score(const std::string& program_path, const ProgramRecord* parent) = 0;
  // Score again without any cache (a new best is re-measured before it is promoted).
  virtual Result<ProgramScore> Rescore(const std::string& program_path) = 0;
  // Rescore, where shapes whose code path is the promoted program's may take
  // the figures of its re-measurement (`promoted_metrics`, its metrics JSON;
  // evolve/evaluator.h FreshFigures). By default the same as Rescore.
  virtual Result<ProgramScore> RescoreAgainst(const std::string& program_path,
                                              const std::string& promoted_metrics) {
    (void)promoted_metrics;
    return Rescore(program_path);
  }
  virtual std::string description() const = 0;
};

// The built-in evaluator on config.suite / config.threads, with the measurement cache.
Result<std::unique_ptr<ProgramEvaluator>> MakeBuiltinEvaluator(const EvolveConfig& config,
                                                               SandboxRunner& runner);

// An external evaluator executable, limited by config.evaluator.timeout_s.
Result<std::unique_ptr<ProgramEvaluator>> MakeExternalEvaluator(const std::string& executable,
                                                                const EvolveConfig& config,
                                                                SandboxRunner& runner);

// `executable` empty: MakeBuiltinEvaluator, else MakeExternalEvaluator.
Result<std::unique_ptr<ProgramEvaluator>> MakeProgramEvaluator(const std::string& executable,
                                                               const EvolveConfig& config,
                                                               SandboxRunner& runner);

}  // namespace tv::evolve
