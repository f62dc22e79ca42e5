// A persistent pool of worker threads for fork-join parallel loops.
//
// Run(n, fn) calls fn(0) ... fn(n-1) concurrently, fn(0) on the calling thread,
// and returns when all have finished. Workers are created once and sleep on a
// futex (std::atomic::wait) between jobs after a short spin, so a GEMM call pays
// no thread creation.
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

  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  int job_threads_ = 0;
  std::atomic<uint64_t> generation_{0};  // bumped once per Run; workers wait on it
  std::atomic<int> pending_{0};          // workers still running the current job
  std::atomic<bool> stop_{false};
};

}  // namespace tv
