#include "evolve/evaluator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "bench/oracle_grid.h"
#include "bench/statistics.h"
#include "bench/tiles_text.h"
#include "device/device.h"
#include "evolve/eval_json.h"
#include "heuristic/baseline.h"

namespace tv::evolve {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Log-uniform in [1, 16384].
int RandomDim(uint64_t& state) {
  const double u = static_cast<double>(SplitMix64(state) >> 11) / static_cast<double>(1ull << 53);
  return std::clamp(static_cast<int>(std::exp(u * std::log(16384.0))), 1, 16384);
}

std::string ShapeText(int64_t m, int64_t n, int64_t k) {
  return std::to_string(m) + " x " + std::to_string(n) + " x " + std::to_string(k);
}

// The last few lines of a program's stderr, for a message.
std::string Tail(const std::string& text, size_t max_chars = 600) {
  if (text.size() <= max_chars) return text;
  return "..." + text.substr(text.size() - max_chars);
}

}  // namespace

std::vector<std::string> OutcomeNames() {
  return {"ok",
          "compile_failed",
          "bad_program",
          "forbidden_syscall",
          "timed_out",
          "cpu_limit",
          "crashed",
          "memory_limit",
          "output_too_large",
          "bad_output",
          "invalid_tiles",
          "host_failed",
          "wrong_result",
          "cascade_stopped"};
}

std::vector<ProbeShape> MakeProbeShapes(int count, uint64_t seed) {
  std::vector<ProbeShape> shapes = {{1, 1, 1},    {1, 4096, 4096},  {4096, 1, 4096},       {4096, 4096, 1},
                                    {7, 13, 17},  {1, 151936, 896}, {16384, 16384, 16384}, {8191, 8193, 127},
                                    {3, 65536, 5}};
  uint64_t state = seed;
  for (int i = 0; i < count; ++i) shapes.push_back({RandomDim(state), RandomDim(state), RandomDim(state)});
  return shapes;
}

Result<std::unique_ptr<Evaluator>> Evaluator::Make(const EvalOptions& options, SandboxRunner& runner) {
  if (options.threads < 0) return Status::InvalidArgument("threads must be >= 0 (0 = all physical cores)");
  std::unique_ptr<Evaluator> e(new Evaluator());
  e->options_ = options;
  e->runner_ = &runner;
  e->device_ = options.device.has_value() ? *options.device : device::DetectCpu();

  Result<bench::Suite> suite = bench::LoadSuite(options.suite);
  if (!suite.ok()) return suite.status();
  e->suite_ = std::move(*suite);
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(e->suite_, options.only);
  if (!shapes.ok()) return shapes.status();
  e->shapes_ = std::move(*shapes);
  if (e->shapes_.empty()) return Status::InvalidArgument("suite " + e->suite_.name + " has no shapes");
  for (const bench::SuiteShape& s : e->shapes_) {
    if (s.m > (1 << 30) || s.n > (1 << 30) || s.k > (1 << 30))
      return Status::InvalidArgument("shape " + s.name + " is too large for the heuristic ABI's int sizes");
  }

  const int threads = options.threads > 0 ? options.threads : std::max(1, e->device_.physical_cores);
  e->gemm_ = std::make_unique<gemm::CpuGemm>(threads);
  if (options.use_cache) {
    const std::string path =
        options.cache_path.empty() ? bench::DefaultMeasurementCachePath() : options.cache_path;
    Result<std::unique_ptr<bench::MeasurementCache>> cache = bench::MeasurementCache::Open(path);
    if (!cache.ok()) return cache.status();
    e->cache_ = std::move(*cache);
  }
  bench::PairedOptions paired = options.paired;
  paired.use_cache = options.use_cache;
  e->measurer_ = std::make_unique<bench::PairedMeasurer>(*e->gemm_, e->device_, e->cache_.get(), paired);
  return e;
}

FreshFigures FreshFiguresFromMetrics(const std::string& metrics_json) {
  FreshFigures fresh;
  const nlohmann::json metrics = nlohmann::json::parse(metrics_json, nullptr, false);
  if (!metrics.is_object() || metrics.value("outcome", std::string()) != "ok") return fresh;
  for (ShapeEval& eval : ShapeEvalsFromMetrics(metrics)) fresh.by_shape[eval.shape.name] = std::move(eval);
  return fresh;
}

Result<EvalReport> Evaluator::Evaluate(const std::string& program_path, const CascadeRequest* cascade,
                                       const FreshFigures* fresh) {
  const auto start = std::chrono::steady_clock::now();
  EvalReport report;
  report.program_path = program_path;
  auto finish = [&](std::string outcome, std::string stage, std::string message) {
    report.outcome = std::move(outcome);
    report.stage = std::move(stage);
    report.message = std::move(message);
    report.total_seconds = SecondsSince(start);
    return report;
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

  // 3. legalize every answer; 4. check and 5. time, shape by shape: known
  // figures first, then the train shapes to time now (in cascade stages), then
  // the held-out shapes.
  const auto measure_start = std::chrono::steady_clock::now();
  const int hits_before = measurer_->hits();
  const int misses_before = measurer_->misses();
  std::vector<ShapeEval> evals(shapes_.size());
  std::vector<size_t> known, to_time, heldout;
  std::vector<bool> measured(shapes_.size(), false);
  for (size_t i = 0; i < shapes_.size(); ++i) {
    const bench::SuiteShape& s = shapes_[i];
    const gemm::GemmShape g{s.m, s.n, s.k};
    ShapeEval& eval = evals[i];
    eval.shape = s;
    eval.requested = probe.tiles[i];
    eval.tiles = gemm_->Legalize(eval.requested, g);
    eval.baseline =
        gemm_->Legalize(heuristic::ChooseBaselineTiles(static_cast<int>(s.m), static_cast<int>(s.n),
                                                       static_cast<int>(s.k), &device_),
                        g);
    if (fresh != nullptr) {
      const auto it = fresh->by_shape.find(s.name);
      if (it != fresh->by_shape.end() && bench::SameTiles(it->second.tiles, eval.tiles) &&
          bench::SameTiles(it->second.baseline, eval.baseline)) {
        eval.speedup = it->second.speedup;
        eval.speedup_spread = it->second.speedup_spread;
        eval.gflops = it->second.gflops;
        eval.reused = true;
        measured[i] = true;
        continue;
      }
    }
    if (!options_.time_baseline_tiles && bench::SameTiles(eval.tiles, eval.baseline)) {
      eval.speedup = 1;  // the same code path as the baseline
      measured[i] = true;
      continue;
    }
    if (s.tag != bench::ShapeTag::kTrain) {
      heldout.push_back(i);
      continue;
    }
    Result<std::optional<bench::PairedFigure>> figure = measurer_->Lookup(s, eval.baseline, eval.tiles);
    if (!figure.ok()) return figure.status();
    (figure->has_value() ? known : to_time).push_back(i);
  }

  // Cheapest first: a child that falls behind is stopped before the costly shapes.
  std::stable_sort(to_time.begin(), to_time.end(),
                   [&](size_t a, size_t b) { return shapes_[a].flops() < shapes_[b].flops(); });
  auto measure = [&](size_t i) -> Result<std::string> {
    measured[i] = true;
    return MeasureShape(i, &evals[i]);
  };
  // The projected score: train shapes measured at their figures, the others at the parent's.
  auto projection = [&]() {
    std::vector<double> speedups;
    for (size_t i = 0; i < shapes_.size(); ++i) {
      if (shapes_[i].tag != bench::ShapeTag::kTrain) continue;
      if (measured[i]) {
        speedups.push_back(evals[i].speedup);
      } else {
        const auto it = cascade->parent_speedups.find(shapes_[i].name);
        speedups.push_back(it != cascade->parent_speedups.end() ? it->second : 1.0);
      }
    }
    return bench::Geomean(speedups);
  };
  auto collect = [&]() {
    report.shapes.clear();
    for (size_t i = 0; i < shapes_.size(); ++i) {
      if (measured[i]) report.shapes.push_back(evals[i]);
    }
    report.measure_seconds = SecondsSince(measure_start);
    report.cache_hits = measurer_->hits() - hits_before;
    report.cache_misses = measurer_->misses() - misses_before;
  };
  auto wrong = [&](const std::string& message) {
    collect();
    return finish("wrong_result", "check", message);
  };

  for (const size_t i : known) {
    Result<std::string> problem = measure(i);
    if (!problem.ok()) return problem.status();
    if (!problem->empty()) return wrong(*problem);
  }
  const size_t stages = cascade != nullptr ? cascade->thresholds.size() + 1 : 1;
  for (size_t done = 0, stage = 0; stage < stages; ++stage) {
    const size_t stage_end = to_time.size() * (stage + 1) / stages;
    for (; done < stage_end; ++done) {
      Result<std::string> problem = measure(to_time[done]);
      if (!problem.ok()) return problem.status();
      if (!problem->empty()) return wrong(*problem);
    }
    if (cascade == nullptr || stage + 1 == stages || done == to_time.size())
      continue;  // nothing left to save
    const double projected = projection();
    const double needed = cascade->thresholds[stage] * cascade->parent_score;
    if (projected < needed) {
      collect();
      report.combined_score = projected;
      report.heldout_measured = false;
      char text[320];
      std::snprintf(
          text, sizeof(text),
          "stopped after cascade stage %zu of %zu (%zu of the %zu train shapes to time): the projected "
          "score %.4f is below %.3f x the parent's %.4f",
          stage + 1, stages, done, to_time.size(), projected, cascade->thresholds[stage],
          cascade->parent_score);
      return finish("cascade_stopped", "measure", text);
    }
    ++report.cascade_stages_passed;
  }

  std::vector<double> train;
  for (size_t i = 0; i < shapes_.size(); ++i) {
    if (measured[i] && shapes_[i].tag == bench::ShapeTag::kTrain) train.push_back(evals[i].speedup);
  }
  report.combined_score = train.empty() ? 0 : bench::Geomean(train);
  report.heldout_measured =
      cascade == nullptr || !cascade->heldout_only_if_better || report.combined_score > cascade->parent_score;
  if (report.heldout_measured) {
    for (const size_t i : heldout) {
      Result<std::string> problem = measure(i);
      if (!problem.ok()) return problem.status();
      if (!problem->empty()) return wrong(*problem);
    }
    std::vector<double> heldout_speedups;
    for (size_t i = 0; i < shapes_.size(); ++i) {
      if (measured[i] && shapes_[i].tag != bench::ShapeTag::kTrain)
        heldout_speedups.push_back(evals[i].speedup);
    }
    report.heldout_speedup = heldout_speedups.empty() ? 0 : bench::Geomean(heldout_speedups);
  }

  std::vector<double> train_covered, oracle_covered;
  for (size_t i = 0; i < shapes_.size(); ++i) {
    if (!evals[i].has_oracle) continue;
    train_covered.push_back(evals[i].speedup);
    oracle_covered.push_back(evals[i].oracle_speedup);
  }
  if (!train_covered.empty()) {
    report.oracle_shapes = static_cast<int>(train_covered.size());
    report.oracle_fraction = bench::Geomean(train_covered) / bench::Geomean(oracle_covered);
  }
  collect();
  return finish("ok", "done", "");
}

Result<std::string> Evaluator::MeasureShape(size_t i, ShapeEval* eval) {
  const bench::SuiteShape& s = shapes_[i];
  Result<bench::PairedFigure> figure = measurer_->Measure(s, eval->baseline, eval->tiles);
  if (!figure.ok()) return figure.status();
  const bench::Measurement& m = figure->measurement;
  if (!m.error.empty()) {
    return "with tiles " + bench::CompactTiles(eval->tiles) + " the GEMM computed a wrong answer for " +
           s.name + " (" + ShapeText(s.m, s.n, s.k) + "): " + m.error +
           ". Legal tiles must always compute the right answer: this is a tilevolve bug, please report it "
           "with "
           "this message.";
  }
  eval->speedup = m.speedup_vs_baseline;
  eval->speedup_spread = m.speedup_spread;
  eval->gflops = m.median_seconds > 0 ? s.flops() / m.median_seconds / 1e9 : 0;
  eval->cached = figure->cached;
  if (cache_ != nullptr && s.tag == bench::ShapeTag::kTrain) {
    Result<std::optional<bench::OracleEntry>> oracle = cache_->LookupOracle(measurer_->Key(s, eval->tiles));
    if (!oracle.ok()) return oracle.status();
    if (oracle->has_value() && (*oracle)->speedup_vs_baseline > 0) {
      eval->has_oracle = true;
      eval->oracle_tiles = (*oracle)->best;
      eval->oracle_speedup = (*oracle)->speedup_vs_baseline;
    }
  }
  return std::string();
}

}  // namespace tv::evolve
