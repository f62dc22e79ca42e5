// CPU GEMM engines for concurrent callers. CpuGemm::Run is not reentrant (an
// engine owns packing buffers and a thread pool), so each call leases an idle
// engine, or makes one when every engine is busy; the pool grows to the number
// of threads that multiply at once and no further. A lease costs one
// uncontended mutex round trip.
//
// Fork: a child process inherits the engines but not their worker threads, so
// after fork() the child abandons every engine it inherited (leaked on
// purpose: destroying one would join threads that do not exist there) and
// makes fresh ones, as OpenBLAS does with its own pool.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"

namespace tv::integrate {

class EnginePool {
 public:
  // REQUIRES: threads >= 1 (threads per engine).
  explicit EnginePool(int threads);
  ~EnginePool();
  EnginePool(const EnginePool&) = delete;
  EnginePool& operator=(const EnginePool&) = delete;

  class Lease {
   public:
    Lease(EnginePool* pool, std::unique_ptr<gemm::CpuGemm> engine, uint64_t generation);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    gemm::CpuGemm& engine() { return *engine_; }

   private:
    EnginePool* pool_;
    std::unique_ptr<gemm::CpuGemm> engine_;
    uint64_t generation_;
  };

  Lease Acquire();
  int threads() const { return threads_; }

 private:
  void Return(std::unique_ptr<gemm::CpuGemm> engine, uint64_t generation);
  static void PrepareFork();
  static void ParentAfterFork();
  static void ChildAfterFork();

  const int threads_;
  std::mutex mu_;
  std::vector<std::unique_ptr<gemm::CpuGemm>> idle_;  // guarded by mu_
  uint64_t generation_ = 0;                           // bumped in a forked child; guarded by mu_
};

}  // namespace tv::integrate
