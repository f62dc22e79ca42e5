// Which evaluator rank runs what: the bookkeeping of the MPI pool, without MPI
// or clocks (times are seconds passed in by the caller), so re-queueing is
// tested alone.
//
// A job (ticket) becomes one task per device class. Each class has a FIFO of
// tasks; an idle live rank of the class takes the next one. A rank that is
// lost (dead, silent or hung) gives its task back to the FRONT of its class's
// queue, where another rank of that class takes it; a class with no live rank
// left can no longer finish any job (ClassWithoutRanks).
//
//   JobScheduler s(classes);
//   s.Submit(7);
//   for (const Assignment& a : s.Assign(now)) send job 7 to a.rank ...
//   s.Finish(rank, 7, now);          // or s.Lose(rank)
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "distributed/device_class.h"

namespace tv::distributed {

class JobScheduler {
 public:
  // REQUIRES: every class has at least one rank; no rank is in two classes.
  explicit JobScheduler(std::vector<DeviceClass> classes);

  struct Assignment {
    int rank = 0;
    int64_t ticket = 0;
    int class_index = 0;
  };

  const std::vector<DeviceClass>& classes() const { return classes_; }
  // Jobs that can run at once: the fewest live ranks of any class (0 when a class has none).
  int capacity() const;
  // Queues one task of `ticket` per class.
  void Submit(int64_t ticket);
  // Gives every idle live rank the next task of its class; they are busy from `now`.
  std::vector<Assignment> Assign(double now);
  // `rank` finished `ticket` at `now`. False (and nothing changes) when it was
  // not running that ticket (a late answer of a rank already lost).
  bool Finish(int rank, int64_t ticket, double now);
  // `rank` is gone for good; the ticket it was running (if any) is queued again first in its class.
  std::optional<int64_t> Lose(int rank);
  // Live ranks running a task that started before `started_before`.
  std::vector<int> BusySince(double started_before) const;
  // The name of a class with no live rank left, if any.
  std::optional<std::string> ClassWithoutRanks() const;
  bool IsLive(int rank) const;
  bool IsEvaluator(int rank) const { return rank_state_.count(rank) > 0; }
  std::vector<int> LiveRanks() const;
  std::vector<int> LostRanks() const;
  int ClassIndexOf(int rank) const;
  // Seconds `rank` spent on finished tasks.
  double BusySeconds(int rank) const;

 private:
  struct RankState {
    int class_index = 0;
    bool live = true;
    std::optional<int64_t> ticket;  // running
    double started = 0;
    double busy_seconds = 0;
  };
  std::vector<DeviceClass> classes_;
  std::vector<std::deque<int64_t>> queues_;  // per class
  std::map<int, RankState> rank_state_;
};

}  // namespace tv::distributed
