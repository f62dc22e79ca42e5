#include "distributed/mpi_evolve.h"

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <utility>

#include "distributed/controller_endpoint.h"
#include "distributed/evaluator_rank.h"
#include "distributed/mpi_settings.h"

namespace tv::distributed {
namespace {

// Open MPI 4.1's MPI_Finalize ends with a fence over every rank, which
// sometimes waits forever for a rank that died (under --enable-recovery).
// Everything is committed and said by then, so after `seconds` the process
// leaves with `exit_code` without it.
constexpr double kFinalizeSeconds = 5;

void FinalizeWithin(double seconds, int exit_code) {
  std::fflush(nullptr);
  std::thread([seconds, exit_code] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    std::fprintf(stderr,
                 "tilevolve mpi: MPI_Finalize did not return within %.0f s (it waits for a lost rank); "
                 "leaving without it\n",
                 seconds);
    std::fflush(nullptr);
    std::_Exit(exit_code);
  }).detach();
  MPI_Finalize();
}

int RunController(evolve::EvolveRunOptions run, int world_size) {
  Result<ControllerSettings> settings = ControllerSettingsFromEnvironment();
  if (!settings.ok()) {
    std::fprintf(stderr, "tilevolve evolve: %s\n", settings.status().message().c_str());
    // The evaluators still wait for the setup: the endpoint tells them to stop.
    ControllerEndpoint endpoint(world_size, ControllerSettings{});
    endpoint.Shutdown();
    return 2;
  }
  ControllerEndpoint endpoint(world_size, *settings);
  run.make_pool = [&endpoint](const evolve::PoolContext& context) { return endpoint.MakePool(context); };
  const int code = evolve::RunEvolution(run);
  endpoint.Shutdown();
  if (endpoint.lost_ranks() > 0)
    std::fprintf(stderr,
                 "tilevolve mpi: finalizing MPI with %d evaluator rank(s) lost; if this does not end, an "
                 "evaluator's machine is frozen: stop the job (nothing committed is lost)\n",
                 endpoint.lost_ranks());
  // mpirun --enable-recovery exits 0 whatever the ranks return (Open MPI 4.1): say it here.
  std::fprintf(stderr, "tilevolve mpi: the run ended with exit code %d\n", code);
  return code;
}

}  // namespace

int RunMpiEvolution(tv::evolve::EvolveRunOptions run) {
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "tilevolve evolve: MPI_Init_thread failed; start tilevolve under mpirun or srun\n");
    return 1;
  }
  // A peer that dies must be an error code to handle, never an abort of this rank.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int rank = 0;
  int world_size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  if (provided < MPI_THREAD_SERIALIZED) {
    if (rank == 0)
      std::fprintf(stderr,
                   "tilevolve evolve: this MPI library gives no MPI_THREAD_SERIALIZED support (level %d); "
                   "use an MPI built with thread support (Debian's Open MPI has it)\n",
                   provided);
    MPI_Finalize();
    return 1;
  }
  if (world_size < 2) {
    std::fprintf(stderr,
                 "tilevolve evolve --distributed mpi: this MPI job has one rank, so no evaluator: rank 0 "
                 "is the controller and every other rank evaluates. Start it with `mpirun -np K` (K >= 2), "
                 "or leave out --distributed to evaluate in this process\n");
    MPI_Finalize();
    return 2;
  }
  // The evaluator ranks on this machine (rank 0 is node-local rank 0 where it is: the key orders by world
  // rank).
  MPI_Comm node = MPI_COMM_NULL;
  int evaluator_index = 0;
  int evaluators_here = 1;
  if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
    int node_rank = 0;
    int node_size = 1;
    MPI_Comm_rank(node, &node_rank);
    MPI_Comm_size(node, &node_size);
    const int is_controller = rank == 0 ? 1 : 0;
    int controller_here = 0;
    MPI_Allreduce(&is_controller, &controller_here, 1, MPI_INT, MPI_MAX, node);
    MPI_Comm_free(&node);
    evaluator_index = node_rank - controller_here;
    evaluators_here = node_size - controller_here;
  }

  if (rank == 0) {
    const int code = RunController(std::move(run), world_size);
    FinalizeWithin(kFinalizeSeconds, code);
    return code;
  }
  bool worker_stuck = false;
  const int code = RunEvaluatorRank({rank, evaluator_index, evaluators_here}, &worker_stuck);
  FinalizeWithin(kFinalizeSeconds, code);
  if (worker_stuck) std::_Exit(code);  // a job thread is still running: it cannot be joined
  return code;
}

}  // namespace tv::distributed
