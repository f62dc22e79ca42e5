#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tv {
namespace {

TEST(ThreadPoolTest, SizeCountsTheCaller) {
  EXPECT_EQ(ThreadPool(1).size(), 1);
  EXPECT_EQ(ThreadPool(4).size(), 4);
}

TEST(ThreadPoolTest, EachIndexBelowNRunsExactlyOnce) {
  ThreadPool pool(4);
  for (int n = 1; n <= pool.size(); ++n) {
    std::vector<std::atomic<int>> calls(pool.size());
    pool.Run(n, [&](int i) { calls[i].fetch_add(1); });
    for (int i = 0; i < pool.size(); ++i)
      EXPECT_EQ(calls[i].load(), i < n ? 1 : 0) << "n=" << n << " i=" << i;
  }
}

TEST(ThreadPoolTest, IndexZeroRunsOnTheCaller) {
  // The other indices run on whichever thread claims them first (the caller
  // takes those no worker has started), so only index 0's thread is fixed.
  ThreadPool pool(3);
  for (int round = 0; round < 100; ++round) {
    std::vector<std::thread::id> ids(3);
    pool.Run(3, [&](int i) { ids[i] = std::this_thread::get_id(); });
    EXPECT_EQ(ids[0], std::this_thread::get_id());
  }
}

TEST(ThreadPoolTest, PlainWritesAreVisibleAfterRun) {
  // Run is a join: what workers wrote without atomics is visible to the caller.
  ThreadPool pool(2);
  std::vector<int64_t> sums(2);
  for (int round = 0; round < 1000; ++round) {
    pool.Run(2, [&](int i) {
      int64_t s = 0;
      for (int v = 0; v < 100; ++v) s += v + i + round;
      sums[i] = s;
    });
    ASSERT_EQ(sums[0], 4950 + 100 * round);
    ASSERT_EQ(sums[1], 4950 + 100 * (round + 1));
  }
}

TEST(ThreadPoolTest, ManyBackToBackRuns) {
  ThreadPool pool(2);
  std::atomic<int64_t> total{0};
  constexpr int kRuns = 5000;
  for (int r = 0; r < kRuns; ++r) pool.Run(r % 2 + 1, [&](int i) { total.fetch_add(i + 1); });
  // Odd r runs both indices (1 + 2), even r only index 0 (1).
  EXPECT_EQ(total.load(), kRuns / 2 * 1 + kRuns / 2 * 3);
}

TEST(ThreadPoolTest, WorkersWakeAfterSleeping) {
  ThreadPool pool(2);
  std::atomic<int> calls{0};
  for (int r = 0; r < 3; ++r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // past the spin: workers sleep
    pool.Run(2, [&](int) { calls.fetch_add(1); });
  }
  EXPECT_EQ(calls.load(), 6);
}

TEST(ThreadPoolTest, CreateAndDestroyRepeatedly) {
  for (int r = 0; r < 200; ++r) {
    ThreadPool pool(2);
    if (r % 2) {
      std::atomic<int> calls{0};
      pool.Run(2, [&](int) { calls.fetch_add(1); });
      EXPECT_EQ(calls.load(), 2);
    }
  }
}

TEST(ThreadPoolTest, MoreThreadsThanCores) {
  ThreadPool pool(8);
  std::atomic<int> calls{0};
  for (int r = 0; r < 20; ++r) pool.Run(8, [&](int) { calls.fetch_add(1); });
  EXPECT_EQ(calls.load(), 160);
}

}  // namespace
}  // namespace tv
