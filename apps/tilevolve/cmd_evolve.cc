// `tilevolve evolve INITIAL_PROGRAM [EVALUATOR] --config CONFIG.yaml`: the
// evolution run (evolve/run/controller.h).
#include "commands.h"
#include "evolve/run/controller.h"

namespace tv::app {

int RunEvolve(const EvolveOptions& options) {
  evolve::EvolveRunOptions run;
  run.initial_program = options.initial_program;
  run.evaluator = options.evaluator;
  run.config_path = options.config_path;
  run.iterations = options.iterations;
  run.output_dir = options.output_dir;
  run.checkpoint_dir = options.checkpoint_dir;
  run.resume = options.resume;
  run.target_score = options.target_score;
  run.log_level = options.log_level;
  return evolve::RunEvolution(run);
}

}  // namespace tv::app
