// `tilevolve evolve ... --distributed mpi`: one rank of an MPI evolution.
//
//   mpirun --enable-recovery -np K tilevolve evolve INITIAL [EVALUATOR] --config C.yaml --distributed mpi
//
// Rank 0 runs the controller (evolve/run/controller.h) with its candidates
// evaluated on the other ranks (controller_endpoint.h); every other rank is an
// evaluator (evaluator_rank.h). With one rank there is no evaluator: it says
// so and returns 2. docs/DISTRIBUTED.md is the user's guide.
#pragma once

#include "evolve/run/controller.h"

namespace tv::distributed {

// Initialises and finalises MPI. Returns the process exit code: rank 0
// RunEvolution's (0 done, 1 failed, 2 bad usage, 130 interrupted); an evaluator
// rank 0 when stopped by the controller, 1 when it lost the controller.
int RunMpiEvolution(tv::evolve::EvolveRunOptions run);

}  // namespace tv::distributed
