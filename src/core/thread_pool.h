// A persistent pool of worker threads for fork-join parallel loops.
//
// Run(n, fn) calls fn(0) ... fn(n-1) concurrently, fn(0) on the calling thread,
// and returns when all have finished. Workers are created once and sleep on a
// futex (std::atomic::wait) between jobs after a short spin, so a GEMM call pays
// no thread creation.
//
// Indices 1..n-1 are claimed, not assigned: a worker takes the next unclaimed
// index when it wakes, and the caller, once fn(0) is done, runs the indices no
// worker has taken yet. So a worker the OS has not scheduled (more runnable
// threads than cores) delays nothing; each index still runs exactly once, but
// not necessarily on its own thread, so fn must not wait for another index
// (no barriers between indices).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace tv {

class ThreadPool {
 public:
  // REQUIRES: threads >= 1. threads - 1 workers are started.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // REQUIRES: 1 <= n <= size(). Not reentrant: one Run at a time per pool.
  void Run(int n, const std::function<void(int thread_index)>& fn);

 private:
  void WorkerLoop(int index);

  // Runs unclaimed indices of job `generation` until none is left.
  void ClaimAndRun(uint32_t generation);

  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<uint32_t> generation_{0};  // bumped once per Run; workers wait on it
  // The job's claims: generation << 32 | n << 16 | next index to claim.
  std::atomic<uint64_t> claims_{0};
  std::atomic<int> finished_{0};  // indices >= 1 of the current job that have returned
  std::atomic<bool> stop_{false};
};

}  // namespace tv
