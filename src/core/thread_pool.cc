#include "core/thread_pool.h"

#include <cassert>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TV_CPU_RELAX() _mm_pause()
#else
#define TV_CPU_RELAX() ((void)0)
#endif

namespace tv {
namespace {
// Spin this many polls (~tens of microseconds) before sleeping, so back-to-back
// GEMM calls do not pay a futex wake-up each.
constexpr int kSpinPolls = 20000;
}  // namespace

ThreadPool::ThreadPool(int threads) {
  assert(threads >= 1);
  workers_.reserve(threads - 1);
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

ThreadPool::~ThreadPool() {
  stop_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::Run(int n, const std::function<void(int)>& fn) {
  assert(n >= 1 && n <= size() && n < (1 << 16));
  if (n == 1) {
    fn(0);
    return;
  }
  job_ = &fn;
  finished_.store(0, std::memory_order_relaxed);
  const uint32_t generation = generation_.load(std::memory_order_relaxed) + 1;
  claims_.store(uint64_t{generation} << 32 | static_cast<uint64_t>(n) << 16 | 1u, std::memory_order_release);
  generation_.store(generation, std::memory_order_release);
  generation_.notify_all();
  fn(0);
  ClaimAndRun(generation);
  for (int spins = 0; finished_.load(std::memory_order_acquire) != n - 1; ++spins) {
    if (spins < kSpinPolls) {
      TV_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
  job_ = nullptr;
}

void ThreadPool::ClaimAndRun(uint32_t generation) {
  uint64_t claims = claims_.load(std::memory_order_acquire);
  for (;;) {
    const uint32_t next = claims & 0xffffu;
    const uint32_t n = (claims >> 16) & 0xffffu;
    if (static_cast<uint32_t>(claims >> 32) != generation || next >= n) return;
    if (!claims_.compare_exchange_weak(claims, claims + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
      continue;  // `claims` was reloaded
    // The job stays alive until every claimed index has finished (Run waits for that).
    (*job_)(static_cast<int>(next));
    finished_.fetch_add(1, std::memory_order_acq_rel);
    claims = claims_.load(std::memory_order_acquire);
  }
}

void ThreadPool::WorkerLoop(int /*index*/) {
  // Start from the constructor's value, not a fresh load: a Run that bumps the
  // generation before this thread first looks must still count as new work.
  uint32_t seen = 0;
  for (;;) {
    uint32_t now = generation_.load(std::memory_order_acquire);
    for (int spins = 0; now == seen && spins < kSpinPolls; ++spins) {
      TV_CPU_RELAX();
      now = generation_.load(std::memory_order_acquire);
    }
    if (now == seen) {
      generation_.wait(seen, std::memory_order_acquire);
      continue;
    }
    seen = now;
    if (stop_.load(std::memory_order_acquire)) return;
    ClaimAndRun(now);
  }
}

}  // namespace tv
