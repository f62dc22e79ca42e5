#include "distributed/evaluator_rank.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "core/cache_dir.h"
#include "device/device.h"
#include "distributed/mpi_link.h"
#include "distributed/mpi_settings.h"
#include "distributed/wire_format.h"
#include "evolve/config/evolve_config.h"
#include "evolve/run/evaluation_pool.h"
#include "evolve/run/program_evaluator.h"
#include "evolve/sandbox.h"

namespace tv::distributed {
namespace {

struct Outgoing {
  MessageTag tag = MessageTag::kResult;
  std::string payload;
};

// Runs one task at a time on its own thread; the MPI thread polls for its output.
// The thread's state is shared, so an abandoned (stuck) thread never touches freed memory.
class Worker {
 public:
  ~Worker() {
    if (thread_.joinable()) thread_.join();
  }
  bool busy() const { return thread_.joinable(); }
  void Start(std::function<Outgoing()> task) {
    shared_ = std::make_shared<Shared>();
    thread_ = std::thread([shared = shared_, task = std::move(task)] {
      shared->output = task();
      shared->done.store(true, std::memory_order_release);
    });
  }
  std::optional<Outgoing> TakeIfDone() {
    if (!busy() || !shared_->done.load(std::memory_order_acquire)) return std::nullopt;
    thread_.join();
    return std::move(shared_->output);
  }
  // The worker cannot be joined (it is stuck): leave it to process exit.
  void Abandon() {
    if (thread_.joinable()) thread_.detach();
  }

 private:
  struct Shared {
    std::atomic<bool> done{false};
    Outgoing output;
  };
  std::thread thread_;
  std::shared_ptr<Shared> shared_;
};

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown-host";
  return name;
}

// Everything the evaluator rank keeps between jobs.
struct EvaluatorContext {
  evolve::ProcessSandboxRunner runner;
  std::unique_ptr<evolve::ProgramEvaluator> evaluator;
  std::string scratch_dir;
};

// Builds the evaluator from the setup; the hello says what it is, or why not.
HelloMessage BuildEvaluator(const SetupMessage& setup, const EvaluatorRankOptions& options,
                            EvaluatorContext* context) {
  HelloMessage hello;
  hello.host = HostName();
  hello.pid = getpid();
  if (options.node_local_size > 1) {
    // Ranks sharing a machine never share a cache file or a timing lock.
    const std::string root = CacheRoot() + "/mpi-local-rank-" + std::to_string(options.node_local_rank);
    setenv("TILEVOLVE_CACHE_DIR", root.c_str(), 1);
  }
  hello.cache_dir = CacheRoot();
  const tv_device_info device = device::DetectCpu();
  hello.fingerprint = device.fingerprint;
  hello.cpu_model = device.cpu_model;
  Result<evolve::LoadedConfig> loaded =
      evolve::ParseEvolveConfig(setup.config_text, "the run's configuration (sent by rank 0)");
  if (!loaded.ok()) {
    hello.error = loaded.status().message();
    return hello;
  }
  evolve::EvolveConfig config = loaded->config;
  Result<std::optional<int>> threads = EvaluatorThreadsOverride();
  if (!threads.ok()) {
    hello.error = threads.status().message();
    return hello;
  }
  if (threads->has_value()) config.threads = **threads;
  hello.threads = config.threads > 0 ? config.threads : std::max(1, static_cast<int>(device.physical_cores));
  Result<std::unique_ptr<evolve::ProgramEvaluator>> evaluator =
      evolve::MakeProgramEvaluator(setup.evaluator, config, context->runner);
  if (!evaluator.ok()) {
    hello.error = evaluator.status().message();
    return hello;
  }
  context->evaluator = std::move(*evaluator);
  hello.description = context->evaluator->description();
  std::error_code ec;
  context->scratch_dir =
      (std::filesystem::temp_directory_path(ec) /
       ("tilevolve-mpi-rank-" + std::to_string(options.rank) + "-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(context->scratch_dir, ec);
  if (ec) hello.error = "cannot create the scratch directory " + context->scratch_dir + ": " + ec.message();
  return hello;
}

ResultMessage Evaluate(const JobMessage& job, EvaluatorContext* context) {
  ResultMessage result;
  result.ticket = job.ticket;
  const std::string path = context->scratch_dir + "/candidate_" + std::to_string(job.ticket) + ".cpp";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(job.code.data(), 1, job.code.size(), file) != job.code.size()) {
      if (file != nullptr) std::fclose(file);
      result.error = "cannot write the candidate to " + path;
      return result;
    }
    if (std::fclose(file) != 0) {
      result.error = "cannot write the candidate to " + path;
      return result;
    }
  }
  Result<evolve::ProgramScore> score = Status::Internal("not evaluated");
  if (job.rescore) {
    score = context->evaluator->RescoreAgainst(path, job.promoted_metrics);
  } else if (job.parent.has_value()) {
    const evolve::ProgramRecord parent = evolve::ParentRecordOf(*job.parent);
    score = context->evaluator->Score(path, &parent);
  } else {
    score = context->evaluator->Score(path, nullptr);
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (!score.ok()) {
    result.error = score.status().message();
  } else {
    result.score = std::move(*score);
  }
  return result;
}

void Note(int rank, const std::string& line) {
  std::fprintf(stderr, "tilevolve mpi rank %d: %s\n", rank, line.c_str());
  std::fflush(stderr);
}

}  // namespace

int RunEvaluatorRank(const EvaluatorRankOptions& options, bool* worker_stuck) {
  *worker_stuck = false;
  MpiLink link;
  auto context = std::make_shared<EvaluatorContext>();
  Worker worker;
  double heartbeat_s = 1;
  double silence_s = 120;  // until the setup says otherwise (the controller may load a big run first)
  double last_from_controller = Now();
  double last_heartbeat = 0;
  bool set_up = false;
  int exit_code = 0;
  bool stop = false;
  while (!stop) {
    const double now = Now();
    while (std::optional<Incoming> in = link.Poll()) {
      if (in->source != 0) continue;
      if (in->lost) break;  // the controller died mid-message: its silence ends the loop
      last_from_controller = Now();
      if (in->tag == MessageTag::kStop) {
        stop = true;
        break;
      }
      if (in->tag == MessageTag::kSetup && !set_up && !worker.busy()) {
        Result<SetupMessage> setup = DecodeSetup(in->payload);
        if (!setup.ok()) {
          Note(options.rank, setup.status().message());
          HelloMessage hello;
          hello.error = setup.status().message();
          link.Send(0, MessageTag::kHello, Encode(hello));
          continue;
        }
        heartbeat_s = setup->heartbeat_s;
        silence_s = setup->silence_s;
        set_up = true;
        worker.Start([setup = *setup, options, context] {
          return Outgoing{MessageTag::kHello, Encode(BuildEvaluator(setup, options, context.get()))};
        });
      } else if (in->tag == MessageTag::kJob) {
        Result<JobMessage> job = DecodeJob(in->payload);
        if (!job.ok() || worker.busy() || context->evaluator == nullptr) {
          ResultMessage refused;
          refused.ticket = job.ok() ? job->ticket : -1;
          refused.error = !job.ok()       ? job.status().message()
                          : worker.busy() ? std::string("a job came while another was running")
                                          : std::string("a job came before the evaluator was built");
          link.Send(0, MessageTag::kResult, Encode(refused));
          continue;
        }
        worker.Start([job = std::move(*job), context] {
          return Outgoing{MessageTag::kResult, Encode(Evaluate(job, context.get()))};
        });
      }
    }
    if (stop) break;
    if (std::optional<Outgoing> out = worker.TakeIfDone()) link.Send(0, out->tag, std::move(out->payload));
    if (now - last_heartbeat >= heartbeat_s) {
      link.Send(0, MessageTag::kHeartbeat, std::string());
      last_heartbeat = now;
    }
    if (now - last_from_controller > silence_s) {
      char line[160];
      std::snprintf(
          line, sizeof(line),
          "the controller (rank 0) has been silent for %.1f s; stopping (restart the run with --resume)",
          now - last_from_controller);
      Note(options.rank, line);
      exit_code = 1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  link.Drain(2.0);
  if (worker.busy()) {
    *worker_stuck = true;
    worker.Abandon();
  } else if (!context->scratch_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(context->scratch_dir, ec);
  }
  return exit_code;
}

}  // namespace tv::distributed
