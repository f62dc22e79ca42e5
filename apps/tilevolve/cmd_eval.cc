// `tilevolve eval PROGRAM.cpp`: score a heuristic program with the trusted
// evaluator (evolve/evaluator.h) and print per-shape speedups over the baseline.
#include <cstdio>
#include <string>

#include "bench/bench_json.h"
#include "bench/tiles_text.h"
#include "commands.h"
#include "evolve/eval_json.h"
#include "evolve/evaluator.h"
#include "gemm/cpu/cpu_gemm.h"
#include "integrate/fallback_table.h"
#include "integrate/program_search.h"

namespace tv::app {
namespace {

int EvalFail(int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve eval: %s\n", message.c_str());
  return code;
}

void PrintShapes(const evolve::EvalReport& report) {
  std::printf("%-36s %-7s %6s %6s %6s %-40s %8s %8s %7s %s\n", "shape", "tag", "m", "n", "k",
              "tiles (legalized)", "GFLOP/s", "speedup", "spread", "oracle");
  for (const evolve::ShapeEval& s : report.shapes) {
    std::string oracle = s.has_oracle ? std::to_string(s.oracle_speedup).substr(0, 5) + "x" : "-";
    std::printf("%-36s %-7s %6lld %6lld %6lld %-40s %8.1f %7.3fx %6.1f%% %s%s\n", s.shape.name.c_str(),
                bench::TagName(s.shape.tag), static_cast<long long>(s.shape.m),
                static_cast<long long>(s.shape.n), static_cast<long long>(s.shape.k),
                bench::CompactTiles(s.tiles).c_str(), s.gflops, s.speedup, 100 * s.speedup_spread,
                oracle.c_str(), s.cached ? "" : "  (measured now)");
  }
}

}  // namespace

int RunEval(const EvalOptions& options) {
  if (options.backend == "cuda") {
#ifdef TV_HAVE_CUDA_COMMANDS
    return RunEvalCuda(options);
#else
    std::fprintf(stderr,
                 "tilevolve eval: this build has no CUDA backend (no nvcc was found at configure time); "
                 "install the CUDA toolkit and rebuild, or use --backend cpu\n");
    return 2;
#endif
  }
  if (options.program.empty()) return EvalFail(2, "give the program to evaluate: tilevolve eval PROGRAM.cpp");
  evolve::EvalOptions eval;
  eval.suite = options.suite;
  eval.only = options.only;
  eval.threads = options.threads;
  eval.use_cache = !options.no_cache;
  eval.cache_path = options.cache_path;
  if (options.min_time_s > 0) eval.paired.measure.min_time_s = options.min_time_s;

  evolve::ProcessSandboxRunner runner;
  Result<std::unique_ptr<evolve::Evaluator>> evaluator = evolve::Evaluator::Make(eval, runner);
  if (!evaluator.ok()) return EvalFail(2, evaluator.status().message());
  const tv_device_info& device = (*evaluator)->device();
  std::printf(
      "machine: %s, %d threads; suite %s; measurement cache: %s\n", device.cpu_model, (*evaluator)->threads(),
      (*evaluator)->suite().name.c_str(),
      options.no_cache
          ? "off (--no-cache)"
          : (options.cache_path.empty() ? bench::DefaultMeasurementCachePath() : options.cache_path).c_str());
  std::fflush(stdout);

  Result<evolve::EvalReport> report = (*evaluator)->Evaluate(options.program);
  if (!report.ok()) return EvalFail(1, report.status().message());
  if (!report->shapes.empty()) PrintShapes(*report);

  if (!options.json_path.empty()) {
    Status written = bench::WriteJsonFile(options.json_path, evolve::EvalReportJson(*report));
    if (!written.ok()) return EvalFail(1, written.message());
  }
  const evolve::EvalReport& r = *report;
  std::printf("\nprogram:  %s (hash %s%s)\n", r.program_path.c_str(), r.program_hash.c_str(),
              r.compile_cached ? ", compiled before" : "");
  std::printf("outcome:  %s (stage %s)\n", r.outcome.c_str(), r.stage.c_str());
  if (r.outcome != "ok") {
    std::printf("message:  %s\n", r.message.c_str());
    if (!r.program_stderr.empty()) std::printf("program stderr:\n%s\n", r.program_stderr.c_str());
    return 1;
  }
  std::printf("combined_score (geomean speedup over train shapes vs baseline): %.4f\n", r.combined_score);
  std::printf("heldout_speedup (reported, never used for selection):          %.4f\n", r.heldout_speedup);
  if (r.oracle_shapes > 0) {
    std::printf("oracle_fraction (vs the oracle's best, %d train shapes):         %.4f\n", r.oracle_shapes,
                r.oracle_fraction);
  } else {
    std::printf("oracle_fraction: unknown (run `tilevolve oracle --suite %s` first)\n",
                options.suite.c_str());
  }
  std::printf("time: %.2f s (compile %.2f s, probe %.2f s, measure %.2f s); cache %d hits, %d measured now\n",
              r.total_seconds, r.compile_seconds, r.probe_seconds, r.measure_seconds, r.cache_hits,
              r.cache_misses);
  if (!options.json_path.empty()) std::printf("wrote %s\n", options.json_path.c_str());
  if (options.fallback_table) {
    const std::string path = integrate::FallbackTablePathFor(options.program);
    Result<integrate::FallbackTable> table =
        integrate::FallbackTableFromEvalJson(evolve::EvalReportJson(r), "tilevolve eval " + options.program);
    if (!table.ok()) return EvalFail(1, table.status().message());
    Status written = integrate::WriteFallbackTable(path, *table);
    if (!written.ok()) return EvalFail(1, written.message());
    std::printf("wrote %s (%zu shapes run with the baseline's tiles)\n", path.c_str(),
                table->shapes().size());
  }
  return 0;
}

}  // namespace tv::app
