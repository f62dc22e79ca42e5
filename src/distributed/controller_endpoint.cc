#include "distributed/controller_endpoint.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "distributed/device_class.h"
#include "distributed/job_scheduler.h"
#include "distributed/mpi_link.h"
#include "distributed/wire_format.h"

namespace tv::distributed {
namespace {

void Note(const std::string& line) {
  std::fprintf(stderr, "tilevolve mpi: %s\n", line.c_str());
  std::fflush(stderr);
}

std::string Seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f s", s);
  return text;
}

}  // namespace

// Everything the MPI thread and the controller's thread share; `mutex` guards all of it.
struct ControllerEndpoint::State {
  ControllerSettings settings;
  int world_size = 0;
  std::mutex mutex;
  std::condition_variable changed;
  std::thread thread;
  bool shutdown_requested = false;
  bool shut_down = false;

  // Setup phase.
  std::optional<SetupMessage> setup_to_send;
  bool setup_sent = false;
  bool setup_done = false;
  std::map<int, HelloMessage> hellos;

  // Liveness, per evaluator rank (1..world_size-1).
  std::map<int, double> last_heard;
  std::map<int, std::string> lost_why;  // lost ranks and why
  double hang_limit_s = 0;              // evaluator.timeout_s + hang margin

  // Running phase.
  std::unique_ptr<JobScheduler> scheduler;
  struct PendingJob {
    evolve::EvaluationJob job;
    std::vector<ClassScore> scores;
  };
  std::map<int64_t, PendingJob> pending;
  std::deque<evolve::EvaluationResult> completed;
  std::optional<Status> failure;

  // Statistics.
  int64_t jobs_done = 0;
  int64_t requeued = 0;
  double first_submit = -1;
  double first_result = -1;  // a new run's initial program, which runs alone, ends here
  double last_result = 0;
  double waiting_in_next_s = 0;

  std::string HostOf(int rank) const {
    auto it = hellos.find(rank);
    return it == hellos.end() ? std::string("?") : it->second.host + " pid " + std::to_string(it->second.pid);
  }
  bool IsLost(int rank) const { return lost_why.count(rank) > 0; }

  // Marks `rank` lost, re-queues its job, and fails the pool when its class has no rank left.
  void Lose(int rank, const std::string& why, MpiLink& link) {
    if (IsLost(rank)) return;
    lost_why[rank] = why;
    link.Abandon(rank);
    std::string line = "rank " + std::to_string(rank) + " (" + HostOf(rank) + ") is lost: " + why;
    if (scheduler != nullptr) {
      const std::optional<int64_t> ticket = scheduler->Lose(rank);
      if (ticket.has_value()) {
        ++requeued;
        line += "; its job (ticket " + std::to_string(*ticket) + ") goes to another evaluator of its class";
      }
      if (const std::optional<std::string> empty = scheduler->ClassWithoutRanks();
          empty.has_value() && !failure.has_value()) {
        failure = Status::Unavailable(
            "no evaluator of device class " + *empty + " is left (rank " + std::to_string(rank) + ": " + why +
            "); the run stops here: restart the MPI job with evaluators of that class and `--resume` "
            "(every committed iteration is kept)");
      }
    }
    Note(line);
    changed.notify_all();
  }

  void HandleResult(int rank, const std::string& payload, MpiLink& link, double now) {
    Result<ResultMessage> result = DecodeResult(payload);
    if (!result.ok()) {
      Lose(rank, "sent a malformed result (" + result.status().message() + ")", link);
      return;
    }
    if (scheduler == nullptr || !scheduler->Finish(rank, result->ticket, now)) return;  // late: rank was lost
    if (!result->error.empty()) {
      Lose(rank, "its evaluator failed: " + result->error, link);
      return;
    }
    auto it = pending.find(result->ticket);
    if (it == pending.end()) return;
    const DeviceClass& device_class = scheduler->classes()[scheduler->ClassIndexOf(rank)];
    it->second.scores.push_back({device_class.name, std::move(result->score)});
    if (it->second.scores.size() < scheduler->classes().size()) return;
    completed.push_back({result->ticket, CombineClassScores(std::move(it->second.scores), settings.rule)});
    pending.erase(it);
    ++jobs_done;
    if (first_result < 0) first_result = now;
    last_result = now;
    changed.notify_all();
  }

  void Handle(const Incoming& in, MpiLink& link, double now) {
    if (in.source <= 0 || in.source >= world_size) return;
    if (in.lost) {
      Lose(in.source, "a message from it broke off mid-transfer", link);
      return;
    }
    if (IsLost(in.source)) return;  // declared lost; what it says now is ignored
    last_heard[in.source] = now;
    switch (in.tag) {
      case MessageTag::kHello: {
        Result<HelloMessage> hello = DecodeHello(in.payload);
        HelloMessage h;
        if (hello.ok()) {
          h = std::move(*hello);
        } else {
          h.error = "sent a malformed hello (" + hello.status().message() + ")";
        }
        hellos[in.source] = std::move(h);
        changed.notify_all();
        break;
      }
      case MessageTag::kResult:
        HandleResult(in.source, in.payload, link, now);
        break;
      default:  // heartbeats: last_heard is all they are for
        break;
    }
  }

  // Setup phase over: every evaluator answered or was lost.
  bool AllAnswered() const {
    for (int rank = 1; rank < world_size; ++rank)
      if (hellos.count(rank) == 0 && !IsLost(rank)) return false;
    return true;
  }

  void Loop() {
    MpiLink link;
    double last_heartbeat = 0;
    const double start = Now();
    for (int rank = 1; rank < world_size; ++rank) last_heard[rank] = start;
    std::unique_lock<std::mutex> lock(mutex);
    while (!shutdown_requested) {
      const double now = Now();
      if (setup_to_send.has_value() && !setup_sent) {
        const std::string payload = Encode(*setup_to_send);
        for (int rank = 1; rank < world_size; ++rank)
          if (!IsLost(rank)) link.Send(rank, MessageTag::kSetup, payload);
        setup_sent = true;
      }
      for (int i = 0; i < 64; ++i) {
        std::optional<Incoming> in = link.Poll();
        if (!in.has_value()) break;
        Handle(*in, link, Now());
      }
      if (now - last_heartbeat >= settings.heartbeat_s) {
        for (int rank = 1; rank < world_size; ++rank)
          if (!IsLost(rank)) link.Send(rank, MessageTag::kHeartbeat, std::string());
        last_heartbeat = now;
      }
      for (int rank = 1; rank < world_size; ++rank)
        if (!IsLost(rank) && now - last_heard[rank] > settings.silence_s)
          Lose(rank,
               "silent for " + Seconds(now - last_heard[rank]) + " (dead, or its machine is unreachable)",
               link);
      if (setup_sent && !setup_done && AllAnswered()) {
        setup_done = true;
        changed.notify_all();
      }
      if (scheduler != nullptr) {
        for (int rank : scheduler->BusySince(now - hang_limit_s))
          Lose(rank,
               "its job ran longer than evaluator.timeout_s + TILEVOLVE_MPI_HANG_MARGIN_S (" +
                   Seconds(hang_limit_s) + "): hung",
               link);
        for (const JobScheduler::Assignment& a : scheduler->Assign(now)) {
          auto it = pending.find(a.ticket);
          if (it == pending.end()) continue;
          const evolve::EvaluationJob& job = it->second.job;
          const std::string& device_class = scheduler->classes()[a.class_index].name;
          JobMessage message{job.ticket, job.code, job.rescore,
                             PromotedMetricsForClass(job.promoted_metrics, device_class), std::nullopt};
          if (job.parent.has_value()) message.parent = ParentForClass(*job.parent, device_class);
          link.Send(a.rank, MessageTag::kJob, Encode(message));
        }
      }
      changed.wait_for(lock, std::chrono::milliseconds(1));
    }
    // Shutdown: every rank that may still listen is told to stop.
    for (int rank = 1; rank < world_size; ++rank) link.Send(rank, MessageTag::kStop, std::string());
    lock.unlock();
    link.Drain(2.0);
    lock.lock();
    shut_down = true;
    changed.notify_all();
  }
};

namespace {

class MpiEvaluationPool final : public evolve::EvaluationPool {
 public:
  MpiEvaluationPool(std::shared_ptr<ControllerEndpoint::State> state, std::string description,
                    std::string devices_text)
      : state_(std::move(state)),
        description_(std::move(description)),
        devices_text_(std::move(devices_text)) {}

  int capacity() const override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::max(1, state_->scheduler->capacity());
  }

  int in_flight() const override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return static_cast<int>(state_->pending.size() + state_->completed.size());
  }

  Status Submit(evolve::EvaluationJob job) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->failure.has_value()) return *state_->failure;
    if (state_->first_submit < 0) state_->first_submit = Now();
    const int64_t ticket = job.ticket;
    if (state_->pending.count(ticket) > 0) return Status::Internal("ticket submitted twice to the MPI pool");
    state_->pending[ticket] = {std::move(job), {}};
    state_->scheduler->Submit(ticket);
    state_->changed.notify_all();
    return Status::Ok();
  }

  Result<evolve::EvaluationResult> Next() override {
    std::unique_lock<std::mutex> lock(state_->mutex);
    const double start = Now();
    state_->changed.wait(lock, [&] {
      return !state_->completed.empty() || state_->failure.has_value() || state_->shut_down ||
             (state_->pending.empty());
    });
    state_->waiting_in_next_s += Now() - start;
    if (!state_->completed.empty()) {
      evolve::EvaluationResult result = std::move(state_->completed.front());
      state_->completed.pop_front();
      return result;
    }
    if (state_->failure.has_value()) return *state_->failure;
    return Status::Internal("Next() on the MPI pool with no evaluation in flight");
  }

  std::string description() const override { return description_; }
  std::string devices_text() const override { return devices_text_; }

 private:
  std::shared_ptr<ControllerEndpoint::State> state_;
  std::string description_;
  std::string devices_text_;
};

}  // namespace

ControllerEndpoint::ControllerEndpoint(int world_size, ControllerSettings settings)
    : state_(std::make_shared<State>()) {
  state_->settings = settings;
  state_->world_size = world_size;
  state_->thread = std::thread([state = state_] { state->Loop(); });
}

ControllerEndpoint::~ControllerEndpoint() { Shutdown(); }

Result<std::unique_ptr<evolve::EvaluationPool>> ControllerEndpoint::MakePool(
    const evolve::PoolContext& context) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->setup_to_send.has_value()) return Status::Internal("the MPI pool is made once per run");
  SetupMessage setup;
  setup.config_text = context.config_text;
  setup.evaluator = context.evaluator;
  setup.heartbeat_s = state_->settings.heartbeat_s;
  setup.silence_s = state_->settings.silence_s;
  state_->hang_limit_s = context.config->evaluator.timeout_s + state_->settings.hang_margin_s;
  if (!state_->settings.rule_from_environment) {
    Result<CombineRule> rule = ParseCombineRule(context.config->device_combination);
    if (!rule.ok()) return Status::InvalidArgument("device_combination: " + rule.status().message());
    state_->settings.rule = *rule;
  }
  state_->setup_to_send = setup;
  Note("setting up " + std::to_string(state_->world_size - 1) + " evaluator rank(s)");
  state_->changed.wait(lock, [&] { return state_->setup_done || state_->shut_down; });

  std::vector<EvaluatorRank> evaluators;
  std::string errors;
  for (const auto& [rank, hello] : state_->hellos) {
    if (state_->IsLost(rank)) continue;
    if (!hello.error.empty())
      errors += "\n  rank " + std::to_string(rank) + " on " + hello.host + ": " + hello.error;
    evaluators.push_back({rank, hello});
  }
  if (!errors.empty())
    return Status::InvalidArgument("evaluator ranks could not build their evaluator:" + errors);
  if (evaluators.empty())
    return Status::Unavailable("no evaluator rank answered the setup within TILEVOLVE_MPI_SILENCE_S (" +
                               Seconds(state_->settings.silence_s) + ")");
  std::vector<DeviceClass> classes = GroupDeviceClasses(evaluators);
  const std::string devices = DevicesText(classes);
  std::string description = "MPI pool of " + std::to_string(evaluators.size()) + " evaluator rank(s) in " +
                            std::to_string(classes.size()) + " device class(es), scores combined by " +
                            CombineRuleName(state_->settings.rule) + "; " +
                            evaluators.front().hello.description;
  Note("device classes:\n" + devices);
  state_->scheduler = std::make_unique<JobScheduler>(std::move(classes));
  return std::unique_ptr<evolve::EvaluationPool>(
      new MpiEvaluationPool(state_, std::move(description), devices));
}

void ControllerEndpoint::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->thread.joinable()) return;
    state_->shutdown_requested = true;
    state_->changed.notify_all();
  }
  state_->thread.join();
  std::lock_guard<std::mutex> lock(state_->mutex);
  State& s = *state_;
  if (s.jobs_done > 0 && s.last_result > s.first_submit) {
    const double wall = s.last_result - s.first_submit;
    const double overhead_ms =
        1000 * std::max(0.0, wall - s.waiting_in_next_s) / static_cast<double>(s.jobs_done);
    char line[320];
    std::snprintf(line, sizeof(line),
                  "%lld evaluations in %.1f s (%.1f per minute); the controller spent %.1f ms per "
                  "evaluation outside waiting for evaluators; %lld job(s) re-queued",
                  static_cast<long long>(s.jobs_done), wall, 60.0 * static_cast<double>(s.jobs_done) / wall,
                  overhead_ms, static_cast<long long>(s.requeued));
    Note(line);
    const double steady = s.last_result - s.first_result;
    if (s.jobs_done > 1 && steady > 0) {
      std::snprintf(line, sizeof(line),
                    "after the first result: %lld evaluations in %.1f s (%.1f per minute)",
                    static_cast<long long>(s.jobs_done - 1), steady,
                    60.0 * static_cast<double>(s.jobs_done - 1) / steady);
      Note(line);
    }
    if (s.scheduler != nullptr)
      for (int rank : s.scheduler->LiveRanks()) {
        std::snprintf(line, sizeof(line), "rank %d busy %.0f%% of that time", rank,
                      100.0 * s.scheduler->BusySeconds(rank) / wall);
        Note(line);
      }
  }
  for (const auto& [rank, why] : s.lost_why) Note("rank " + std::to_string(rank) + " was lost: " + why);
}

int ControllerEndpoint::lost_ranks() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return static_cast<int>(state_->lost_why.size());
}

}  // namespace tv::distributed
