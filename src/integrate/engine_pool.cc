#include "integrate/engine_pool.h"

#include <pthread.h>

#include <utility>

namespace tv::integrate {
namespace {

// The pools alive in this process, for the fork handlers (registered once).
std::mutex& PoolsMutex() {
  static auto* mu = new std::mutex;  // leaked: fork handlers may run during exit
  return *mu;
}
std::vector<EnginePool*>& Pools() {
  static auto* pools = new std::vector<EnginePool*>;
  return *pools;
}

}  // namespace

EnginePool::EnginePool(int threads) : threads_(threads) {
  static std::once_flag registered;
  std::call_once(registered, [] { pthread_atfork(&PrepareFork, &ParentAfterFork, &ChildAfterFork); });
  std::lock_guard<std::mutex> lock(PoolsMutex());
  Pools().push_back(this);
}

EnginePool::~EnginePool() {
  std::lock_guard<std::mutex> lock(PoolsMutex());
  std::erase(Pools(), this);
}

EnginePool::Lease::Lease(EnginePool* pool, std::unique_ptr<gemm::CpuGemm> engine, uint64_t generation)
    : pool_(pool), engine_(std::move(engine)), generation_(generation) {}

EnginePool::Lease::~Lease() { pool_->Return(std::move(engine_), generation_); }

EnginePool::Lease EnginePool::Acquire() {
  uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    generation = generation_;
    if (!idle_.empty()) {
      std::unique_ptr<gemm::CpuGemm> engine = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(engine), generation);
    }
  }
  return Lease(this, std::make_unique<gemm::CpuGemm>(threads_), generation);
}

void EnginePool::Return(std::unique_ptr<gemm::CpuGemm> engine, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) {
    (void)engine.release();  // made before a fork; its threads are gone in this process
    return;
  }
  idle_.push_back(std::move(engine));
}

// Every pool's mutex is held across fork(), so the child never inherits one
// locked by a thread that does not exist there.
void EnginePool::PrepareFork() {
  PoolsMutex().lock();
  for (EnginePool* pool : Pools()) pool->mu_.lock();
}

void EnginePool::ParentAfterFork() {
  for (EnginePool* pool : Pools()) pool->mu_.unlock();
  PoolsMutex().unlock();
}

void EnginePool::ChildAfterFork() {
  for (EnginePool* pool : Pools()) {
    for (std::unique_ptr<gemm::CpuGemm>& engine : pool->idle_) (void)engine.release();
    pool->idle_.clear();
    ++pool->generation_;
    pool->mu_.unlock();
  }
  PoolsMutex().unlock();
}

}  // namespace tv::integrate
