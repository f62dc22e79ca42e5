#include "evolve/cuda/cuda_evaluator.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

#include "bench/statistics.h"
#include "device/cuda/cuda_device_info.h"
#include "device/device.h"
#include "evolve/cuda/gpu_tiles_text.h"
#include "evolve/eval_json.h"
#include "gemm/cuda/legalize.h"

namespace tv::evolve {
namespace {

namespace gc = tv::gemm::cuda;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string ShapeText(const bench::SuiteShape& s) {
  return s.name + " (" + std::to_string(s.m) + " x " + std::to_string(s.n) + " x " + std::to_string(s.k) +
         ")";
}

std::string Tail(const std::string& text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  return "..." + text.substr(text.size() - max_chars);
}

// The gpu_* fields of `gpu` over the CPU facts of `cpu`.
tv_device_info WithGpuFields(tv_device_info cpu, const tv_device_info& gpu) {
  cpu.gpu_count = gpu.gpu_count;
  std::memcpy(cpu.gpu_name, gpu.gpu_name, sizeof cpu.gpu_name);
  cpu.gpu_cc_major = gpu.gpu_cc_major;
  cpu.gpu_cc_minor = gpu.gpu_cc_minor;
  cpu.gpu_sm_count = gpu.gpu_sm_count;
  cpu.gpu_smem_per_block = gpu.gpu_smem_per_block;
  cpu.gpu_smem_per_sm = gpu.gpu_smem_per_sm;
  cpu.gpu_regs_per_sm = gpu.gpu_regs_per_sm;
  cpu.gpu_l2_bytes = gpu.gpu_l2_bytes;
  cpu.gpu_memory_bytes = gpu.gpu_memory_bytes;
  cpu.gpu_memory_bandwidth = gpu.gpu_memory_bandwidth;
  return cpu;
}

class CudaProgramEvaluator final : public ProgramEvaluator {
 public:
  explicit CudaProgramEvaluator(std::unique_ptr<CudaEvaluator> evaluator)
      : evaluator_(std::move(evaluator)) {}

  Result<ProgramScore> Score(const std::string& program_path, const ProgramRecord* /*parent*/) override {
    return ToScore(evaluator_->Evaluate(program_path, /*remember=*/true));
  }
  Result<ProgramScore> Rescore(const std::string& program_path) override {
    return ToScore(evaluator_->Evaluate(program_path, /*remember=*/false));
  }
  std::string description() const override {
    return "built-in CUDA GEMM tiling evaluator (suite " + evaluator_->suite().name + ", " +
           evaluator_->device().gpu_name + ", bf16)";
  }

 private:
  Result<ProgramScore> ToScore(Result<CudaEvalReport> evaluated) const {
    if (!evaluated.ok()) return evaluated.status();
    const EvalReport& report = evaluated->report;
    ProgramScore s;
    s.outcome = report.outcome;
    s.score = report.outcome == "ok" ? report.combined_score : 0;
    s.heldout = report.heldout_speedup;
    s.message = report.message;
    s.metrics_json = CudaEvalReportJson(*evaluated, evaluator_->device()).dump();
    s.seconds = report.total_seconds;
    s.cache_hits = report.cache_hits;
    s.cache_misses = report.cache_misses;
    return s;
  }
  std::unique_ptr<CudaEvaluator> evaluator_;
};

}  // namespace

Result<std::unique_ptr<CudaEvaluator>> CudaEvaluator::Make(const CudaEvalOptions& options,
                                                           SandboxRunner& runner) {
  std::unique_ptr<CudaEvaluator> e(new CudaEvaluator());
  e->options_ = options;
  e->runner_ = &runner;

  Result<bench::Suite> suite = bench::LoadSuite(options.suite);
  if (!suite.ok()) return suite.status();
  e->suite_ = std::move(*suite);
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(e->suite_, options.only);
  if (!shapes.ok()) return shapes.status();
  e->shapes_ = std::move(*shapes);
  if (e->shapes_.empty()) return Status::InvalidArgument("suite " + e->suite_.name + " has no shapes");
  for (const bench::SuiteShape& s : e->shapes_) {
    if (s.m < 1 || s.n < 1 || s.k < 1)
      return Status::InvalidArgument("shape " + s.name + " has a size below 1; every size must be >= 1");
    if (s.m > (1 << 30) || s.n > (1 << 30) || s.k > (1 << 30))
      return Status::InvalidArgument("shape " + s.name + " is too large for the heuristic ABI's int sizes");
  }

  Result<std::unique_ptr<gc::CudaGemm>> gemm = gc::CudaGemm::Create();
  if (!gemm.ok()) {
    tv_device_info probe{};
    std::string reason = gemm.status().message();
    if (device::FillCudaDeviceInfo(&probe).ok() && !device::CudaUnavailableReason().empty())
      reason = device::CudaUnavailableReason();
    return Status::Unavailable(
        "the cuda backend needs an NVIDIA GPU with its driver, and none can be used here (" + reason +
        "); run on a machine with one, or use the cpu backend");
  }
  e->gemm_ = std::move(*gemm);
  e->device_ = WithGpuFields(device::DetectCpu(), e->gemm_->device());
  e->prepared_.resize(e->shapes_.size());
  e->oracle_path_ = options.oracle_path.empty() ? cuda::CudaOraclePath(e->device_) : options.oracle_path;
  Result<std::map<cuda::ShapeKey, cuda::CudaOracleEntry>> oracle = cuda::ReadCudaOracle(e->oracle_path_);
  if (oracle.ok()) e->oracle_ = std::move(*oracle);  // none or unreadable: oracle_fraction stays unknown
  return e;
}

Result<CudaEvalReport> CudaEvaluator::Evaluate(const std::string& program_path, bool remember) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto start = std::chrono::steady_clock::now();
  CudaEvalReport out;
  EvalReport& report = out.report;
  report.program_path = program_path;
  auto finish = [&](std::string outcome, std::string stage, std::string message) {
    report.outcome = std::move(outcome);
    report.stage = std::move(stage);
    report.message = std::move(message);
    report.total_seconds = SecondsSince(start);
    return out;
  };

  // 1. compile
  Result<CompiledProgram> compiled = CompileProgram(program_path, options_.compile, *runner_);
  if (!compiled.ok()) return compiled.status();
  report.program_hash = compiled->hash;
  report.compile_cached = compiled->cached;
  report.compile_seconds = compiled->seconds;
  if (!compiled->ok) {
    report.compiler_output = compiled->message;
    return finish(
        compiled->outcome, "compile",
        "the program did not compile (" + compiled->outcome + "):\n" + Tail(compiled->message, 4000));
  }

  // 2. probe: the suite's shapes first (their answers are used), then the probe set.
  std::vector<ProbeShape> asked;
  for (const bench::SuiteShape& s : shapes_)
    asked.push_back({static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k)});
  for (const ProbeShape& p : MakeProbeShapes(options_.probe_shapes, options_.probe_seed)) asked.push_back(p);
  const auto probe_start = std::chrono::steady_clock::now();
  ProbeResult probe = ProbeHeuristic(compiled->object_path, asked, device_, options_.probe, *runner_);
  report.probe_seconds = SecondsSince(probe_start);
  report.program_stderr = probe.stderr_text;
  if (probe.outcome != ProbeOutcome::kOk) {
    if (probe.outcome == ProbeOutcome::kInvalidTiles) report.failed_probe = probe.message;
    return finish(ProbeOutcomeName(probe.outcome), "probe", probe.message);
  }

  // 3. legalize every answer (the probe shapes too: no answer may fail to legalize),
  // 4. check and 5. time: train shapes first, then held-out.
  for (size_t i = shapes_.size(); i < asked.size(); ++i) {
    const gc::CudaProblem problem{asked[i].m, asked[i].n, asked[i].k, options_.gpu.dtype,
                                  gc::MaxVectorDense(asked[i].n, asked[i].k)};
    Result<gc::LegalConfig> legal = gemm_->Legalize(probe.tiles[i], problem);
    if (!legal.ok()) {
      return Status::Internal("legalizing the answer for probe shape " + std::to_string(asked[i].m) + " x " +
                              std::to_string(asked[i].n) + " x " + std::to_string(asked[i].k) + " failed: " +
                              legal.status().message() + " (a tilevolve bug: please report it)");
    }
  }
  const auto measure_start = std::chrono::steady_clock::now();
  std::vector<ShapeEval> evals(shapes_.size());
  std::vector<CudaShapeFigures> figures(shapes_.size());
  std::vector<bool> measured(shapes_.size(), false);
  auto collect = [&]() {
    report.shapes.clear();
    out.gpu.clear();
    for (size_t i = 0; i < shapes_.size(); ++i) {
      if (!measured[i]) continue;
      report.shapes.push_back(evals[i]);
      out.gpu.push_back(figures[i]);
    }
    report.measure_seconds = SecondsSince(measure_start);
  };
  std::vector<size_t> order;
  for (size_t i = 0; i < shapes_.size(); ++i)
    if (shapes_[i].tag == bench::ShapeTag::kTrain) order.push_back(i);
  for (size_t i = 0; i < shapes_.size(); ++i)
    if (shapes_[i].tag != bench::ShapeTag::kTrain) order.push_back(i);

  for (const size_t i : order) {
    const bench::SuiteShape& s = shapes_[i];
    const gc::CudaProblem problem{s.m, s.n, s.k, options_.gpu.dtype, gc::MaxVectorDense(s.n, s.k)};
    Result<gc::LegalConfig> legal = gemm_->Legalize(probe.tiles[i], problem);
    Result<gc::LegalConfig> baseline = gemm_->Legalize(gc::DefaultTiles(problem, gemm_->device()), problem);
    if (!legal.ok() || !baseline.ok()) {
      return Status::Internal("legalizing tiles for " + ShapeText(s) +
                              " failed: " + (legal.ok() ? baseline.status() : legal.status()).message() +
                              " (a tilevolve bug: please report it)");
    }
    ShapeEval& eval = evals[i];
    CudaShapeFigures& figure = figures[i];
    eval.shape = s;
    eval.requested = probe.tiles[i];
    eval.tiles = gc::ToTileConfig(*legal);
    eval.baseline = gc::ToTileConfig(*baseline);
    figure.config = gc::ConfigName(*legal);
    figure.baseline_config = gc::ConfigName(*baseline);
    measured[i] = true;
    if (s.tag == bench::ShapeTag::kTrain) {
      const auto found = oracle_.find(cuda::ShapeKey{s.m, s.n, s.k});
      if (found != oracle_.end() && found->second.baseline_config == figure.baseline_config &&
          found->second.speedup_vs_baseline > 0) {
        eval.has_oracle = true;
        eval.oracle_tiles = found->second.best;
        eval.oracle_speedup = found->second.speedup_vs_baseline;
      }
    }
    if (figure.config == figure.baseline_config) {  // the same code path: exactly 1
      eval.speedup = 1;
      continue;
    }
    const auto key = std::make_pair(i, figure.config);
    if (remember && options_.remember_pairs) {
      const auto it = remembered_.find(key);
      if (it != remembered_.end()) {
        eval.speedup = it->second.speedup;
        eval.speedup_spread = it->second.spread;
        eval.gflops = it->second.candidate_us > 0 ? s.flops() / (it->second.candidate_us * 1e3) : 0;
        eval.cached = true;
        figure.candidate_us = it->second.candidate_us;
        figure.baseline_us = it->second.baseline_us;
        ++report.cache_hits;
        continue;
      }
    }
    ++report.cache_misses;
    if (prepared_[i] == nullptr) {
      Result<std::unique_ptr<gc::PairedShape>> prepared =
          gc::PairedShape::Prepare(*gemm_, gc::CudaSuiteShape{s.name, s.m, s.n, s.k}, options_.gpu);
      if (!prepared.ok()) return prepared.status();
      prepared_[i] = std::move(*prepared);
    }
    Result<gc::PairedGpuResult> pair = prepared_[i]->Compare(*baseline, *legal, options_.gpu.measure);
    if (!pair.ok()) return pair.status();
    if (!pair->baseline.status.ok()) {
      return Status::Internal("the baseline configuration " + figure.baseline_config + " failed on " +
                              ShapeText(s) + ": " + pair->baseline.status.message() +
                              " (a tilevolve bug: please report it)");
    }
    if (!pair->candidate.status.ok()) {
      collect();
      return finish("wrong_result", "check",
                    "with the legalized configuration " + figure.config + " the GPU GEMM failed on " +
                        ShapeText(s) + ": " + pair->candidate.status.message() +
                        ". Legal tiles must always compute the right answer: this is a tilevolve bug, please "
                        "report it with this message.");
    }
    eval.speedup = pair->speedup;
    eval.speedup_spread = pair->spread;
    eval.gflops = pair->candidate.median_us > 0 ? s.flops() / (pair->candidate.median_us * 1e3) : 0;
    figure.candidate_us = pair->candidate.median_us;
    figure.baseline_us = pair->baseline.median_us;
    remembered_[key] = {pair->speedup, pair->spread, pair->candidate.median_us, pair->baseline.median_us};
  }

  std::vector<double> train, heldout;
  for (size_t i = 0; i < shapes_.size(); ++i)
    (shapes_[i].tag == bench::ShapeTag::kTrain ? train : heldout).push_back(evals[i].speedup);
  report.combined_score = train.empty() ? 0 : bench::Geomean(train);
  report.heldout_speedup = heldout.empty() ? 0 : bench::Geomean(heldout);
  report.heldout_measured = true;
  std::vector<double> train_covered, oracle_covered;
  for (const ShapeEval& eval : evals) {
    if (!eval.has_oracle) continue;
    train_covered.push_back(eval.speedup);
    oracle_covered.push_back(eval.oracle_speedup);
  }
  if (!train_covered.empty()) {
    report.oracle_shapes = static_cast<int>(train_covered.size());
    report.oracle_fraction = bench::Geomean(train_covered) / bench::Geomean(oracle_covered);
  }
  collect();
  return finish("ok", "done", "");
}

nlohmann::json CudaEvalReportJson(const CudaEvalReport& report, const tv_device_info& device) {
  nlohmann::json j = EvalReportJson(report.report);
  j["backend"] = "cuda";
  j["device"] = {{"gpu_name", device.gpu_name},
                 {"gpu_cc", std::to_string(device.gpu_cc_major) + "." + std::to_string(device.gpu_cc_minor)},
                 {"gpu_sm_count", device.gpu_sm_count},
                 {"gpu_l2_bytes", device.gpu_l2_bytes},
                 {"gpu_memory_bytes", device.gpu_memory_bytes}};
  if (j.contains("shapes") && j["shapes"].is_array()) {
    nlohmann::json& shapes = j["shapes"];
    for (size_t i = 0; i < shapes.size() && i < report.gpu.size() && i < report.report.shapes.size(); ++i) {
      const ShapeEval& s = report.report.shapes[i];
      const CudaShapeFigures& g = report.gpu[i];
      shapes[i]["config"] = g.config;
      shapes[i]["baseline_config"] = g.baseline_config;
      shapes[i]["gpu_requested"] = cuda::GpuTilesToJson(s.requested);
      shapes[i]["gpu_tiles"] = cuda::GpuTilesToJson(s.tiles);
      shapes[i]["gpu_baseline"] = cuda::GpuTilesToJson(s.baseline);
      shapes[i]["us"] = g.candidate_us;
      shapes[i]["baseline_us"] = g.baseline_us;
      if (s.has_oracle) shapes[i]["gpu_oracle_tiles"] = cuda::GpuTilesToJson(s.oracle_tiles);
    }
  }
  return j;
}

Result<std::unique_ptr<ProgramEvaluator>> MakeCudaEvaluator(const EvolveConfig& config,
                                                            SandboxRunner& runner) {
  CudaEvalOptions options;
  options.suite = config.suite;
  Result<std::unique_ptr<CudaEvaluator>> evaluator = CudaEvaluator::Make(options, runner);
  if (!evaluator.ok()) return evaluator.status();
  return std::unique_ptr<ProgramEvaluator>(new CudaProgramEvaluator(std::move(*evaluator)));
}

}  // namespace tv::evolve
