// The library's process-wide state: the machine, the engines, the enabled
// heuristic (or none), and the hit counters. One per loaded library
// (libtilevolve and libtilevolve_blas each hold their own).
//
// Thread safety: the enabled heuristic is a shared pointer swapped atomically;
// a call loads it once, so enable/disable while other threads multiply is
// safe and a call in flight finishes with the heuristic it started with (the
// program is unloaded when the last such call returns). Enable/Disable are
// serialized among themselves. Counters are relaxed atomics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "gemm/sgemm_args.h"
#include "integrate/active_heuristic.h"
#include "integrate/engine_pool.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tilevolve.h"

namespace tv::integrate {

class Runtime {
 public:
  // The process-wide instance, made on first use (detects the machine, reads
  // TILEVOLVE_NUM_THREADS) and never destroyed, so calls during exit stay safe.
  static Runtime& Get();

  // Runs one GEMM. REQUIRES: the arguments passed CheckSgemmCall.
  Route Run(const gemm::SgemmArgs& args);

  // See tv::enable_optimizations / tv::disable_optimizations.
  bool Enable(const std::string& path);
  void Disable();

  void CountRejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }
  OptimizationInfo Info() const;
  const tv_device_info& device() const { return device_; }

 private:
  Runtime();

  tv_device_info device_{};
  int threads_ = 1;
  EnginePool engines_;
  std::atomic<std::shared_ptr<const ActiveHeuristic>> active_;
  std::array<std::atomic<uint64_t>, kRouteCount> routes_{};
  std::atomic<uint64_t> rejected_{0};
  std::mutex enable_mu_;  // one Enable/Disable at a time
  mutable std::mutex refusal_mu_;
  std::string refusal_;  // guarded by refusal_mu_
};

// Threads per GEMM call: $TILEVOLVE_NUM_THREADS when it is a positive integer,
// else the physical cores of `device` (at least 1).
int ThreadsFromEnvironment(const tv_device_info& device);

}  // namespace tv::integrate
