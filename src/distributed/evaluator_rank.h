// An evaluator rank of an MPI evolution (every rank but 0). It waits for the
// setup (the run's YAML text and the external evaluator's path: no shared
// config file is needed), builds its own evaluator (MakeProgramEvaluator with
// a ProcessSandboxRunner), answers with its device (fingerprint, CPU, threads),
// then evaluates one job at a time until told to stop.
//
// Its MPI side (this thread) stays responsive while a job runs on a worker
// thread: it sends heartbeats, and it stops on its own when the controller has
// been silent for the setup's silence_s (the controller died).
//
// Caches: when several evaluator ranks share a machine, each uses its own cache root,
// <cache root>/mpi-local-rank-<N> (TILEVOLVE_CACHE_DIR is set for it), so no
// two processes write one measurement cache and each has its own timing lock
// (bind such ranks to disjoint cores: docs/DISTRIBUTED.md).
#pragma once

namespace tv::distributed {

struct EvaluatorRankOptions {
  int rank = 1;
  int node_local_rank = 0;  // among the evaluator ranks of this machine (MPI_COMM_TYPE_SHARED)
  int node_local_size = 1;  // evaluator ranks on this machine (rank 0 not counted)
};

// Returns the process exit code: 0 stopped by the controller, 1 the controller
// went silent (or the setup was malformed). Sets *worker_stuck when a job was
// still running at the end (the caller must then leave with std::_Exit after
// MPI_Finalize, as the worker thread cannot be joined).
int RunEvaluatorRank(const EvaluatorRankOptions& options, bool* worker_stuck);

}  // namespace tv::distributed
