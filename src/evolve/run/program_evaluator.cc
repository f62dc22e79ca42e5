#include "evolve/run/program_evaluator.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "evolve/eval_json.h"
#ifdef TV_HAVE_CUDA_EVALUATOR
#include "evolve/cuda/cuda_evaluator.h"
#endif

namespace tv::evolve {
namespace {

ProgramScore FromReport(const EvalReport& report) {
  ProgramScore s;
  s.outcome = report.outcome;
  s.score = report.outcome == "ok" ? report.combined_score : 0;
  s.heldout = report.heldout_speedup;
  s.message = report.message;
  s.metrics_json = EvalReportJson(report).dump();
  s.seconds = report.total_seconds;
  s.cache_hits = report.cache_hits;
  s.cache_misses = report.cache_misses;
  return s;
}

// The parent's train speedups from its metrics JSON (EvalReportJson), for the
// cascade; nothing when they cannot be read (the child is then measured in full).
std::optional<CascadeRequest> CascadeAgainst(const ProgramRecord& parent, const EvaluatorConfig& config) {
  if (!config.cascade_evaluation || parent.outcome != "ok" || parent.score <= 0) return std::nullopt;
  const nlohmann::json metrics = nlohmann::json::parse(parent.metrics_json, nullptr, false);
  if (metrics.is_discarded() || !metrics.contains("shapes") || !metrics["shapes"].is_array())
    return std::nullopt;
  CascadeRequest request;
  request.parent_score = parent.score;
  request.thresholds = config.cascade_thresholds;
  for (const nlohmann::json& shape : metrics["shapes"]) {
    if (!shape.is_object() || !shape.contains("name") || !shape["name"].is_string() ||
        !shape.contains("speedup") || !shape["speedup"].is_number())
      continue;
    request.parent_speedups[shape["name"].get<std::string>()] = shape["speedup"].get<double>();
  }
  return request;
}

class BuiltinEvaluator final : public ProgramEvaluator {
 public:
  BuiltinEvaluator(std::unique_ptr<Evaluator> scoring, std::unique_ptr<Evaluator> remeasuring,
                   std::string suite, EvaluatorConfig config)
      : scoring_(std::move(scoring)),
        remeasuring_(std::move(remeasuring)),
        suite_(std::move(suite)),
        config_(std::move(config)) {}

  Result<ProgramScore> Score(const std::string& program_path, const ProgramRecord* parent) override {
    std::optional<CascadeRequest> cascade;
    if (parent != nullptr) cascade = CascadeAgainst(*parent, config_);
    Result<EvalReport> report = scoring_->Evaluate(program_path, cascade ? &*cascade : nullptr);
    if (!report.ok()) return report.status();
    return FromReport(*report);
  }
  Result<ProgramScore> Rescore(const std::string& program_path) override {
    Result<EvalReport> report = remeasuring_->Evaluate(program_path);
    if (!report.ok()) return report.status();
    return FromReport(*report);
  }
  Result<ProgramScore> RescoreAgainst(const std::string& program_path,
                                      const std::string& promoted_metrics) override {
    const FreshFigures fresh = FreshFiguresFromMetrics(promoted_metrics);
    Result<EvalReport> report = remeasuring_->Evaluate(program_path, nullptr, &fresh);
    if (!report.ok()) return report.status();
    return FromReport(*report);
  }
  std::string description() const override {
    return "built-in GEMM tiling evaluator (suite " + suite_ + ", " + std::to_string(scoring_->threads()) +
           " threads" + (config_.measurement_cache ? "" : ", no measurement cache") + ")";
  }

 private:
  std::unique_ptr<Evaluator> scoring_;
  std::unique_ptr<Evaluator> remeasuring_;
  std::string suite_;
  EvaluatorConfig config_;
};

class ExternalEvaluator final : public ProgramEvaluator {
 public:
  ExternalEvaluator(std::string executable, double timeout_s, SandboxRunner& runner)
      : executable_(std::move(executable)), timeout_s_(timeout_s), runner_(runner) {}

  Result<ProgramScore> Score(const std::string& program_path, const ProgramRecord* /*parent*/) override {
    SandboxSpec spec;
    spec.argv = {executable_, program_path};
    const char* path = std::getenv("PATH");
    spec.env = {std::string("PATH=") + (path != nullptr ? path : "/usr/bin:/bin"), "LANG=C.UTF-8"};
    if (const char* home = std::getenv("HOME"); home != nullptr)
      spec.env.push_back(std::string("HOME=") + home);
    spec.limits.wall_seconds = timeout_s_;
    spec.limits.cpu_seconds = timeout_s_;
    spec.limits.address_space_bytes = 8ull << 30;
    spec.limits.max_tasks = 256;
    const SandboxResult run = runner_.Run(spec);
    ProgramScore s;
    s.seconds = run.wall_seconds;
    nlohmann::json metrics = {{"stderr", run.stderr_text}};
    if (run.outcome != SandboxOutcome::kOk) {
      s.outcome = std::string(OutcomeName(run.outcome));
      s.message = "the evaluator " + executable_ + " failed: " + run.message;
      metrics["outcome"] = s.outcome;
      metrics["message"] = s.message;
      s.metrics_json = metrics.dump();
      return s;
    }
    // The last line that parses as a JSON object is the result.
    nlohmann::json result = nlohmann::json::parse(run.stdout_text, nullptr, false);
    if (result.is_discarded() || !result.is_object()) {
      size_t end = run.stdout_text.size();
      while (end > 0) {
        const size_t start = run.stdout_text.rfind('\n', end - 1);
        const size_t from = start == std::string::npos ? 0 : start + 1;
        result = nlohmann::json::parse(run.stdout_text.substr(from, end - from), nullptr, false);
        if (!result.is_discarded() && result.is_object()) break;
        if (start == std::string::npos) break;
        end = start;
      }
    }
    if (result.is_discarded() || !result.is_object() || !result.contains("combined_score") ||
        !result["combined_score"].is_number()) {
      s.outcome = "bad_output";
      s.message = "the evaluator " + executable_ +
                  " must print one JSON object with a numeric \"combined_score\" on stdout; it printed: " +
                  run.stdout_text.substr(0, 300);
      metrics["outcome"] = s.outcome;
      metrics["message"] = s.message;
      s.metrics_json = metrics.dump();
      return s;
    }
    s.outcome = result.value("outcome", std::string("ok"));
    s.score = s.outcome == "ok" ? result["combined_score"].get<double>() : 0;
    if (result.contains("heldout_speedup") && result["heldout_speedup"].is_number())
      s.heldout = result["heldout_speedup"].get<double>();
    s.message = result.value("message", std::string());
    if (!result.contains("outcome")) result["outcome"] = s.outcome;
    s.metrics_json = result.dump();
    return s;
  }
  Result<ProgramScore> Rescore(const std::string& program_path) override {
    return Score(program_path, nullptr);
  }
  std::string description() const override { return "external evaluator " + executable_; }

 private:
  std::string executable_;
  double timeout_s_;
  SandboxRunner& runner_;
};

}  // namespace

Result<std::unique_ptr<ProgramEvaluator>> MakeBuiltinEvaluator(const EvolveConfig& config,
                                                               SandboxRunner& runner) {
  EvalOptions options;
  options.suite = config.suite;
  options.threads = config.threads;
  options.use_cache = config.evaluator.measurement_cache;
  Result<std::unique_ptr<Evaluator>> scoring = Evaluator::Make(options, runner);
  if (!scoring.ok()) return scoring.status();
  options.use_cache = false;            // a candidate best's re-measurement always times anew
  options.time_baseline_tiles = false;  // where its tiles are the baseline's, the speedup is exactly 1
  Result<std::unique_ptr<Evaluator>> remeasuring = Evaluator::Make(options, runner);
  if (!remeasuring.ok()) return remeasuring.status();
  return std::unique_ptr<ProgramEvaluator>(
      new BuiltinEvaluator(std::move(*scoring), std::move(*remeasuring), config.suite, config.evaluator));
}

Result<std::unique_ptr<ProgramEvaluator>> MakeExternalEvaluator(const std::string& executable,
                                                                const EvolveConfig& config,
                                                                SandboxRunner& runner) {
  std::error_code ec;
  const std::filesystem::path path = std::filesystem::absolute(executable, ec);
  if (ec || !std::filesystem::is_regular_file(path))
    return Status::NotFound("the evaluator " + executable + " does not exist or is not a file");
  if (access(path.c_str(), X_OK) != 0)
    return Status::InvalidArgument("the evaluator " + executable + " is not executable (chmod +x it)");
  return std::unique_ptr<ProgramEvaluator>(
      new ExternalEvaluator(path.string(), config.evaluator.timeout_s, runner));
}

Result<std::unique_ptr<ProgramEvaluator>> MakeProgramEvaluator(const std::string& executable,
                                                               const EvolveConfig& config,
                                                               SandboxRunner& runner) {
  if (!executable.empty()) return MakeExternalEvaluator(executable, config, runner);
  if (config.backend == "cuda") {
#ifdef TV_HAVE_CUDA_EVALUATOR
    return MakeCudaEvaluator(config, runner);
#else
    return Status::Unavailable(
        "backend: cuda needs a build with the CUDA backend (the CUDA toolkit was not found when this "
        "tilevolve was configured); rebuild with nvcc installed, or use backend: cpu");
#endif
  }
  if (config.backend != "cpu")
    return Status::InvalidArgument("backend " + config.backend + " is unknown; use backend: cpu or cuda");
  return MakeBuiltinEvaluator(config, runner);
}

}  // namespace tv::evolve
