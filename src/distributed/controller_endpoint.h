// Rank 0 of an MPI evolution: one thread that does all of rank 0's MPI calls
// (heartbeats, setup, job dispatch, results, loss detection) from MPI_Init to
// shutdown, and the EvaluationPool the controller uses, which only talks to
// that thread. Evaluators are therefore served and heard from even while the
// controller is busy mutating (an LLM call may take a minute).
//
// Loss: an evaluator rank is lost when it is silent (no message, heartbeats
// included) for settings.silence_s, when its job runs longer than the config's
// evaluator.timeout_s + settings.hang_margin_s, when a message from it breaks
// off mid-transfer, or when its evaluator reports an error (a non-ok Status).
// Its job goes to another rank of its device class; when a class has no rank
// left, Next() fails (the run stops and resumes with --resume).
//
//   ControllerEndpoint endpoint(world_size, settings);   // after MPI_Init_thread
//   run.make_pool = [&](const PoolContext& c) { return endpoint.MakePool(c); };
//   RunEvolution(run);
//   endpoint.Shutdown();                                  // before MPI_Finalize
#pragma once

#include <memory>

#include "core/status.h"
#include "distributed/mpi_settings.h"
#include "evolve/run/controller.h"
#include "evolve/run/evaluation_pool.h"

namespace tv::distributed {

class ControllerEndpoint {
 public:
  // REQUIRES: MPI is initialised with at least MPI_THREAD_SERIALIZED; this is rank 0;
  // world_size >= 2. Starts the thread.
  ControllerEndpoint(int world_size, ControllerSettings settings);
  ~ControllerEndpoint();  // Shutdown()
  ControllerEndpoint(const ControllerEndpoint&) = delete;
  ControllerEndpoint& operator=(const ControllerEndpoint&) = delete;

  // Sends every evaluator the setup (config text, evaluator path), waits for
  // their answers and groups them into device classes. Fails when any rank
  // could not build its evaluator (naming rank, host and why) or none answered.
  // Call once; the pool must not outlive the endpoint.
  Result<std::unique_ptr<evolve::EvaluationPool>> MakePool(const evolve::PoolContext& context);

  // Tells every evaluator to stop, stops the thread and prints a summary
  // (evaluations, throughput, controller overhead, lost ranks) on stderr.
  // Idempotent. After it, only MPI_Finalize is left to do.
  void Shutdown();

  // Ranks lost during the run (after Shutdown: final).
  int lost_ranks() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace tv::distributed
