#include "bench/comparison.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

#include "bench/reference.h"
#include "core/quiet_threads.h"

namespace tv::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Hands out operand sets in turn, shared by all contenders.
class SetRotation {
 public:
  explicit SetRotation(const GemmOperands& operands) : operands_(operands) {}
  gemm::SgemmArgs Next() {
    const int set = next_;
    next_ = (next_ + 1) % operands_.sets();
    return operands_.Args(set);
  }

 private:
  const GemmOperands& operands_;
  int next_ = 0;
};

// Runs `calls` calls; returns seconds per call, or the first error.
Result<double> TimeRepetition(const GemmRunner& run, int calls, SetRotation& rotation) {
  const Clock::time_point start = Clock::now();
  for (int c = 0; c < calls; ++c) {
    Status s = run(rotation.Next());
    if (!s.ok()) return s;
  }
  return SecondsSince(start) / calls;
}

Status CheckContender(const Contender& contender, GemmOperands& operands,
                      const std::vector<float>& reference) {
  operands.PoisonC(0);
  const gemm::SgemmArgs args = operands.Args(0);
  Status run = contender.run(args);
  if (!run.ok()) return Status::Internal(contender.name + " failed: " + run.message());
  Status check = CheckResult(args, reference);
  if (!check.ok()) return Status::Internal(contender.name + " gives a " + check.message());
  return Status::Ok();
}

// Warms up and returns how many calls make one repetition of at least min_time_s.
Result<int> WarmUp(const Contender& contender, const MeasureOptions& options, SetRotation& rotation) {
  const Clock::time_point start = Clock::now();
  int calls = 0;
  double last_call_s = 0;
  do {
    Result<double> t = TimeRepetition(contender.run, 1, rotation);
    if (!t.ok()) return Status::Internal(contender.name + " failed: " + t.status().message());
    last_call_s = *t;
    ++calls;
  } while (SecondsSince(start) < options.warmup_s);
  const double per_call = std::max(last_call_s, 1e-9);
  const double wanted = std::ceil(options.min_time_s / per_call);
  return static_cast<int>(std::clamp(wanted, 1.0, 1e9));
}

// Waits for the other threads of the process to stop running; after the first
// wait that times out (a thread that keeps working, not a pool's spin), no more.
void LetOtherThreadsSleep(const MeasureOptions& options, ComparisonResult& result) {
  if (result.others_quiet) result.others_quiet = WaitForOtherThreadsToSleep(options.settle_max_s);
}

bool SpreadsSettled(const std::vector<std::vector<double>>& times,
                    const std::vector<ContenderResult>& results, double target) {
  for (size_t i = 0; i < times.size(); ++i) {
    if (!results[i].status.ok() || times[i].empty()) continue;
    if (Summarize(times[i]).relative_spread > target) return false;
  }
  return true;
}

}  // namespace

ComparisonResult Compare(std::span<const Contender> contenders, GemmOperands& operands,
                         const std::vector<float>& reference, const MeasureOptions& options) {
  assert(!contenders.empty());
  assert(options.min_reps >= 1 && options.max_reps >= options.min_reps);
  const size_t n = contenders.size();
  ComparisonResult result;
  result.contenders.resize(n);
  SetRotation rotation(operands);

  for (size_t i = 0; i < n; ++i) {
    ContenderResult& r = result.contenders[i];
    r.name = contenders[i].name;
    LetOtherThreadsSleep(options, result);
    r.status = contenders[i].checked ? CheckContender(contenders[i], operands, reference) : Status::Ok();
    if (!r.status.ok()) continue;
    Result<int> calls = WarmUp(contenders[i], options, rotation);
    if (!calls.ok()) {
      r.status = calls.status();
      continue;
    }
    r.calls_per_rep = *calls;
  }

  // times[i][round]: seconds per call of contender i in that round (NaN once it failed).
  std::vector<std::vector<double>> times(n);
  int round = 0;
  for (; round < options.max_reps; ++round) {
    if (round >= options.min_reps && SpreadsSettled(times, result.contenders, options.target_spread)) break;
    for (size_t step = 0; step < n; ++step) {
      const size_t i = (static_cast<size_t>(round) + step) % n;
      ContenderResult& r = result.contenders[i];
      if (!r.status.ok()) continue;
      LetOtherThreadsSleep(options, result);
      Result<double> t = TimeRepetition(contenders[i].run, r.calls_per_rep, rotation);
      if (!t.ok()) {
        r.status = Status::Internal(r.name + " failed while timed: " + t.status().message());
        continue;
      }
      times[i].push_back(*t);
    }
  }
  result.rounds = round;

  for (size_t i = 0; i < n; ++i) {
    ContenderResult& r = result.contenders[i];
    if (r.status.ok() && !times[i].empty()) r.seconds = Summarize(times[i]);
  }
  result.ratio_to_first.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!result.contenders[0].status.ok() || !result.contenders[i].status.ok()) continue;
    std::vector<double> ratios;
    const size_t rounds = std::min(times[0].size(), times[i].size());
    for (size_t r = 0; r < rounds; ++r) ratios.push_back(times[i][r] / times[0][r]);
    if (!ratios.empty()) result.ratio_to_first[i] = Summarize(ratios);
  }
  return result;
}

}  // namespace tv::bench
