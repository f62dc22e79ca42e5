#include "bench/comparison.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/operands.h"
#include "bench/reference.h"
#include "core/quiet_threads.h"

namespace tv::bench {
namespace {

using gemm::SgemmArgs;

// A correct, slow GEMM for the fake contenders: row-major, beta = 0.
Status NaiveGemm(const SgemmArgs& a) {
  for (int64_t i = 0; i < a.m; ++i) {
    for (int64_t j = 0; j < a.n; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < a.k; ++p) sum += a.a[i * a.lda + p] * a.b[p * a.ldb + j];
      a.c[i * a.ldc + j] = a.alpha * sum;
    }
  }
  return Status::Ok();
}

MeasureOptions Quick() {
  MeasureOptions o;
  o.warmup_s = 0.0;
  o.min_time_s = 0.0005;
  o.min_reps = 3;
  o.max_reps = 4;
  return o;
}

struct Fixture {
  GemmOperands operands{16, 24, 20, 3, 5};
  std::vector<float> reference = TrustedProduct(operands.Args(0));
};

TEST(CompareTest, CorrectContendersAreTimedWithRatios) {
  Fixture f;
  std::vector<Contender> contenders = {{"a", &NaiveGemm}, {"b", &NaiveGemm}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  ASSERT_EQ(r.contenders.size(), 2u);
  for (const ContenderResult& c : r.contenders) {
    EXPECT_TRUE(c.status.ok()) << c.status.message();
    EXPECT_GE(c.seconds.count, 3);
    EXPECT_GT(c.seconds.median, 0);
    EXPECT_GE(c.calls_per_rep, 1);
  }
  EXPECT_GE(r.rounds, 3);
  EXPECT_LE(r.rounds, 4);
  EXPECT_DOUBLE_EQ(r.ratio_to_first[0].median, 1.0);
  EXPECT_GT(r.ratio_to_first[1].median, 0);
  EXPECT_EQ(r.ratio_to_first[1].count, r.rounds);
}

TEST(CompareTest, WrongAnswerIsAnErrorAndNeverTimed) {
  Fixture f;
  int wrong_calls = 0;
  GemmRunner off_by_one = [&](const SgemmArgs& a) {
    ++wrong_calls;
    Status s = NaiveGemm(a);
    a.c[a.ldc + 1] += 1.0f;  // one wrong element
    return s;
  };
  std::vector<Contender> contenders = {{"good", &NaiveGemm}, {"wrong", off_by_one}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  EXPECT_TRUE(r.contenders[0].status.ok());
  EXPECT_FALSE(r.contenders[1].status.ok());
  EXPECT_NE(r.contenders[1].status.message().find("wrong result"), std::string::npos)
      << r.contenders[1].status.message();
  EXPECT_NE(r.contenders[1].status.message().find("C(1, 1)"), std::string::npos);
  EXPECT_EQ(wrong_calls, 1);  // only the check ran
  EXPECT_EQ(r.contenders[1].seconds.count, 0);
  EXPECT_EQ(r.ratio_to_first[1].count, 0);
}

TEST(CompareTest, UnwrittenElementShowsAsNaN) {
  Fixture f;
  GemmRunner skips_last_row = [](const SgemmArgs& a) {
    SgemmArgs shorter = a;
    shorter.m = a.m - 1;
    return NaiveGemm(shorter);
  };
  std::vector<Contender> contenders = {{"skips", skips_last_row}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  ASSERT_FALSE(r.contenders[0].status.ok());
  EXPECT_NE(r.contenders[0].status.message().find("never written"), std::string::npos)
      << r.contenders[0].status.message();
}

TEST(CompareTest, ReadingCWithBetaZeroIsCaught) {
  Fixture f;
  // A runner that reads C before writing it picks up the NaN poison.
  GemmRunner accumulates = [](const SgemmArgs& a) {
    for (int64_t i = 0; i < a.m; ++i) {
      for (int64_t j = 0; j < a.n; ++j) {
        float sum = a.c[i * a.ldc + j];  // wrong: beta == 0 must not read C
        for (int64_t p = 0; p < a.k; ++p) sum += a.a[i * a.lda + p] * a.b[p * a.ldb + j];
        a.c[i * a.ldc + j] = sum;
      }
    }
    return Status::Ok();
  };
  std::vector<Contender> contenders = {{"ok", &NaiveGemm}, {"accumulates", accumulates}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  EXPECT_TRUE(r.contenders[0].status.ok());
  EXPECT_FALSE(r.contenders[1].status.ok());
}

TEST(CompareTest, ErrorStatusIsReported) {
  Fixture f;
  std::vector<Contender> contenders = {
      {"fails", [](const SgemmArgs&) { return Status::InvalidArgument("no such kernel"); }}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  ASSERT_FALSE(r.contenders[0].status.ok());
  EXPECT_NE(r.contenders[0].status.message().find("no such kernel"), std::string::npos);
}

TEST(CompareTest, ContendersNeverOverlapAndRotateOperandSets) {
  Fixture f;
  std::atomic<int> running{0};
  bool overlapped = false;
  std::vector<const float*> seen_a;
  auto make = [&](int) {
    return GemmRunner([&](const SgemmArgs& a) {
      if (running.fetch_add(1) != 0) overlapped = true;
      seen_a.push_back(a.a);
      Status s = NaiveGemm(a);
      running.fetch_sub(1);
      return s;
    });
  };
  std::vector<Contender> contenders = {{"x", make(0)}, {"y", make(1)}, {"z", make(2)}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  EXPECT_FALSE(overlapped);
  // All three operand sets were used.
  std::vector<const float*> distinct;
  for (const float* p : seen_a) {
    if (std::find(distinct.begin(), distinct.end(), p) == distinct.end()) distinct.push_back(p);
  }
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_EQ(r.ratio_to_first.size(), 3u);
}

// A peer whose helper thread, like an OpenMP or OpenBLAS pool, keeps spinning for
// `spin` after each call (until the peer is destroyed with spin < 0) and then
// sleeps until the next call.
class SpinningPeer {
 public:
  explicit SpinningPeer(std::chrono::milliseconds spin) : spin_(spin), helper_([this] { Loop(); }) {}
  ~SpinningPeer() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true);
    }
    wake_.notify_one();
    helper_.join();
  }
  Status Run(const SgemmArgs& a) {
    Status s = NaiveGemm(a);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++calls_;
    }
    wake_.notify_one();
    return s;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    int seen = 0;
    for (;;) {
      wake_.wait(lock, [&] { return stop_.load() || calls_ != seen; });
      if (stop_.load()) return;
      seen = calls_;
      lock.unlock();
      const auto until = std::chrono::steady_clock::now() + spin_;
      while ((spin_.count() < 0 || std::chrono::steady_clock::now() < until) && !stop_.load()) {
      }
      lock.lock();
    }
  }

  std::chrono::milliseconds spin_;
  std::mutex mutex_;
  std::condition_variable wake_;
  int calls_ = 0;
  std::atomic<bool> stop_{false};
  std::thread helper_;
};

TEST(CompareTest, APeersSpinningThreadsSleepBeforeTheNextContenderIsTimed) {
  Fixture f;
  SpinningPeer peer(std::chrono::milliseconds(20));
  std::atomic<int> calls_beside_a_running_thread{0};
  std::atomic<int> our_calls{0};
  GemmRunner ours = [&](const SgemmArgs& a) {
    ++our_calls;
    if (OtherThreadsRunning()) ++calls_beside_a_running_thread;
    return NaiveGemm(a);
  };
  std::vector<Contender> contenders = {{"ours", ours},
                                       {"peer", [&](const SgemmArgs& a) { return peer.Run(a); }}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  EXPECT_TRUE(r.others_quiet);
  EXPECT_GT(our_calls.load(), 0);
  EXPECT_EQ(calls_beside_a_running_thread.load(), 0);
}

TEST(CompareTest, AThreadThatNeverStopsIsReportedAndTheTimingGoesOn) {
  Fixture f;
  SpinningPeer peer(std::chrono::milliseconds(-1));
  MeasureOptions options = Quick();
  options.settle_max_s = 0.01;
  std::vector<Contender> contenders = {{"peer", [&](const SgemmArgs& a) { return peer.Run(a); }},
                                       {"other", &NaiveGemm}};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, options);
  EXPECT_FALSE(r.others_quiet);
  EXPECT_TRUE(r.contenders[0].status.ok());
  EXPECT_TRUE(r.contenders[1].status.ok());
  EXPECT_EQ(r.ratio_to_first[1].count, r.rounds);
}

TEST(CompareTest, AnUncheckedContenderIsTimedThoughItComputesNothing) {
  Fixture f;
  int calls = 0;
  GemmRunner nothing = [&](const SgemmArgs&) {
    ++calls;
    return Status::Ok();  // C keeps its NaN poison: a checked contender would fail
  };
  Contender checked{"checked", nothing};
  Contender unchecked{"unchecked", nothing};
  unchecked.checked = false;
  std::vector<Contender> contenders = {{"gemm", &NaiveGemm}, checked, unchecked};
  const ComparisonResult r = Compare(contenders, f.operands, f.reference, Quick());
  EXPECT_FALSE(r.contenders[1].status.ok());
  ASSERT_TRUE(r.contenders[2].status.ok()) << r.contenders[2].status.message();
  EXPECT_EQ(r.ratio_to_first[2].count, r.rounds);
  EXPECT_GT(calls, r.rounds);
}

TEST(CheckResultTest, ToleranceGrowsWithDepth) {
  EXPECT_GT(ResultTolerance(4096), ResultTolerance(64));
  EXPECT_LT(ResultTolerance(4096), 0.01);  // far below one dropped product (~0.25)
}

}  // namespace
}  // namespace tv::bench
