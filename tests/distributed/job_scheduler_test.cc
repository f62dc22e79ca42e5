#include "distributed/job_scheduler.h"

#include <gtest/gtest.h>

#include "distributed/device_class.h"

namespace tv::distributed {
namespace {

EvaluatorRank Rank(int rank, const std::string& fingerprint, int threads, const std::string& host) {
  EvaluatorRank e;
  e.rank = rank;
  e.hello.fingerprint = fingerprint;
  e.hello.threads = threads;
  e.hello.host = host;
  e.hello.cpu_model = "cpu " + fingerprint;
  return e;
}

TEST(DeviceClasses, GroupByFingerprintAndThreads) {
  EvaluatorRank broken = Rank(5, "fa", 2, "h5");
  broken.hello.error = "no evaluator";
  const std::vector<DeviceClass> classes =
      GroupDeviceClasses({Rank(3, "fa", 2, "h2"), Rank(1, "fa", 2, "h1"), Rank(2, "fa", 1, "h1"),
                          Rank(4, "fb", 2, "h3"), broken});
  ASSERT_EQ(classes.size(), 3U);
  EXPECT_EQ(classes[0].name, "fa/1t");
  EXPECT_EQ(classes[1].name, "fa/2t");
  EXPECT_EQ(classes[1].ranks, (std::vector<int>{1, 3}));
  EXPECT_EQ(classes[1].hosts, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(classes[2].name, "fb/2t");
  EXPECT_EQ(
      DevicesText(classes),
      "fa/1t (cpu fa): rank 2 on h1\nfa/2t (cpu fa): ranks 1, 3 on h1, h2\nfb/2t (cpu fb): rank 4 on h3");
}

std::vector<DeviceClass> TwoClasses() {
  return GroupDeviceClasses(
      {Rank(1, "fa", 1, "h"), Rank(2, "fa", 1, "h"), Rank(3, "fb", 1, "h"), Rank(4, "fb", 1, "h")});
}

TEST(JobScheduler, EachJobRunsOncePerClass) {
  JobScheduler s(TwoClasses());
  EXPECT_EQ(s.capacity(), 2);
  s.Submit(10);
  std::vector<JobScheduler::Assignment> a = s.Assign(0);
  ASSERT_EQ(a.size(), 2U);  // one rank of each class
  EXPECT_NE(a[0].class_index, a[1].class_index);
  EXPECT_EQ(a[0].ticket, 10);
  EXPECT_EQ(a[1].ticket, 10);
  EXPECT_TRUE(s.Assign(1).empty());
  s.Submit(11);
  a = s.Assign(1);
  ASSERT_EQ(a.size(), 2U);  // the other rank of each class
  EXPECT_EQ(a[0].ticket, 11);
}

TEST(JobScheduler, LostRankRequeuesItsTaskFirstInItsClass) {
  JobScheduler s(TwoClasses());
  s.Submit(1);
  s.Submit(2);
  s.Submit(3);
  const std::vector<JobScheduler::Assignment> first = s.Assign(0);
  ASSERT_EQ(first.size(), 4U);  // tickets 1 and 2 in both classes
  int rank_with_2 = -1;
  for (const auto& a : first)
    if (a.ticket == 2 && a.class_index == 0) rank_with_2 = a.rank;
  ASSERT_NE(rank_with_2, -1);
  EXPECT_EQ(s.Lose(rank_with_2), std::optional<int64_t>(2));
  EXPECT_FALSE(s.IsLive(rank_with_2));
  EXPECT_EQ(s.capacity(), 1);
  // Its class-mate finishes ticket 1, then takes ticket 2 again before ticket 3.
  const int mate = rank_with_2 == 1 ? 2 : 1;
  EXPECT_TRUE(s.Finish(mate, 1, 5));
  const std::vector<JobScheduler::Assignment> next = s.Assign(5);
  ASSERT_EQ(next.size(), 1U);
  EXPECT_EQ(next[0].rank, mate);
  EXPECT_EQ(next[0].ticket, 2);
  EXPECT_DOUBLE_EQ(s.BusySeconds(mate), 5);
  EXPECT_EQ(s.LostRanks(), (std::vector<int>{rank_with_2}));
}

TEST(JobScheduler, LateAnswerOfALostRankIsIgnored) {
  JobScheduler s(TwoClasses());
  s.Submit(1);
  const auto a = s.Assign(0);
  s.Lose(a[0].rank);
  EXPECT_FALSE(s.Finish(a[0].rank, 1, 1));
  EXPECT_FALSE(s.Finish(a[1].rank, 99, 1));  // not its ticket
}

TEST(JobScheduler, ClassWithoutRanksAndHungRanks) {
  JobScheduler s(TwoClasses());
  EXPECT_FALSE(s.ClassWithoutRanks().has_value());
  s.Submit(1);
  s.Assign(10);
  EXPECT_EQ(s.BusySince(5).size(), 0U);
  EXPECT_EQ(s.BusySince(11).size(), 2U);
  s.Lose(3);
  s.Lose(4);
  EXPECT_EQ(s.ClassWithoutRanks(), std::optional<std::string>("fb/1t"));
  EXPECT_EQ(s.capacity(), 0);
}

}  // namespace
}  // namespace tv::distributed
