#include "core/quiet_threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace tv {
namespace {

// A thread that spins (state R) until told to block on a future (state S).
class Spinner {
 public:
  Spinner()
      : thread_([this] {
          started_.store(true, std::memory_order_release);
          while (!block_.load(std::memory_order_acquire)) {
          }
          release_.get_future().wait();
        }) {
    while (!started_.load(std::memory_order_acquire)) std::this_thread::yield();
  }
  ~Spinner() {
    Block();
    release_.set_value();
    thread_.join();
  }
  void Block() { block_.store(true, std::memory_order_release); }

 private:
  std::atomic<bool> started_{false};
  std::atomic<bool> block_{false};
  std::promise<void> release_;
  std::thread thread_;
};

TEST(QuietThreadsTest, ASpinningThreadIsRunningAndABlockedOneIsNot) {
  EXPECT_FALSE(OtherThreadsRunning());  // the caller itself does not count
  Spinner spinner;
  EXPECT_TRUE(OtherThreadsRunning());
  EXPECT_FALSE(WaitForOtherThreadsToSleep(0.01));  // it spins until told otherwise
  spinner.Block();
  EXPECT_TRUE(WaitForOtherThreadsToSleep(10.0));  // now it waits on the future
  EXPECT_FALSE(OtherThreadsRunning());
}

}  // namespace
}  // namespace tv
