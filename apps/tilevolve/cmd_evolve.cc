// `tilevolve evolve INITIAL_PROGRAM [EVALUATOR] --config CONFIG.yaml`: the
// evolution run (evolve/run/controller.h).
#include <cstdio>

#include "commands.h"
#include "evolve/run/controller.h"
#ifdef TV_HAVE_MPI
#include "distributed/mpi_evolve.h"
#endif
#ifdef TV_HAVE_REPORT
#include "report/run_report.h"
#endif

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
#ifdef TV_HAVE_REPORT
  // OUTPUT_DIR/report.html tells the story of the run so far at every checkpoint.
  run.after_checkpoint = [](const std::string& output_dir) {
    return report::WriteRunReport(output_dir, output_dir + "/report.html");
  };
#endif
  if (options.distributed == "mpi") {
#ifdef TV_HAVE_MPI
    return distributed::RunMpiEvolution(run);
#else
    std::fprintf(stderr,
                 "tilevolve evolve: this build has no MPI support (Open MPI was not found at configure "
                 "time); run scripts/install-deps.sh and rebuild, or leave out --distributed\n");
    return 2;
#endif
  }
  return evolve::RunEvolution(run);
}

}  // namespace tv::app
