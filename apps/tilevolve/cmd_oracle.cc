// `tilevolve oracle`: for each shape, sweep legal tile configurations, re-measure
// the fastest few side by side with the baseline heuristic's, the analytic
// heuristic's and the engine's default tiles, store every measurement in the
// measurement cache (so `tilevolve eval` reports oracle_fraction), and write the
// best per shape as JSON that `tilevolve bench --tiles-file` reads.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_json.h"
#include "bench/measurement_cache.h"
#include "bench/oracle_grid.h"
#include "bench/oracle_sweep.h"
#include "bench/paired_measurer.h"
#include "bench/statistics.h"
#include "bench/suite.h"
#include "bench/tiles_text.h"
#include "commands.h"
#include "device/device.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/kernel_build_id.h"

namespace tv::app {
namespace {

int OracleFail(int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve oracle: %s\n", message.c_str());
  return code;
}

nlohmann::json SweepJson(const bench::SweepResult& r) {
  nlohmann::json json = bench::ShapeJson(r.shape);
  json["tiles"] = bench::TilesToJson(r.best);
  json["gflops"] = r.best_gflops;
  json["speedup_vs_baseline"] = r.best_vs_baseline;
  json["speedup_spread"] = r.best_vs_baseline_spread;
  json["baseline_tiles"] = bench::TilesToJson(r.baseline);
  json["baseline_gflops"] = r.baseline_gflops;
  json["analytic_tiles"] = bench::TilesToJson(r.analytic);
  json["analytic_gflops"] = r.analytic_gflops;
  json["analytic_vs_baseline"] = r.analytic_vs_baseline;
  json["default_tiles"] = bench::TilesToJson(r.fallback);
  json["default_gflops"] = r.fallback_gflops;
  json["default_vs_baseline"] = r.fallback_vs_baseline;
  json["screened"] = r.screened;
  json["screen_best_gflops"] = r.screen_best_gflops;
  json["screen_median_gflops"] = r.screen_median_gflops;
  json["screen_worst_gflops"] = r.screen_worst_gflops;
  json["wrong_configs"] = r.wrong;
  if (!r.first_wrong.empty()) json["first_wrong"] = r.first_wrong;
  if (!r.status.ok()) json["error"] = r.status.message();
  return json;
}

// Stores every figure of a sweep and its winner. A figure never replaces a
// stored one of the same pairing that had more rounds behind it (a screening
// figure does not overwrite an evaluator's or a final round's).
Status StoreSweep(bench::MeasurementCache& cache, const bench::MeasurementKey& shape_key,
                  const bench::SweepResult& r, int budget) {
  for (const bench::MeasuredTiles& t : r.measured) {
    bench::MeasurementKey key = shape_key;
    key.tiles = t.tiles;
    Result<std::optional<bench::Measurement>> stored = cache.Lookup(key);
    if (!stored.ok()) return stored.status();
    if (stored->has_value() && (*stored)->error.empty() && t.measurement.error.empty() &&
        bench::SameTiles((*stored)->baseline_tiles, t.measurement.baseline_tiles) &&
        (*stored)->reps > t.measurement.reps) {
      continue;
    }
    TV_RETURN_IF_ERROR(cache.Store(key, t.measurement));
  }
  if (!r.status.ok()) return Status::Ok();
  bench::OracleEntry entry;
  entry.best = r.best;
  entry.best_gflops = r.best_gflops;
  entry.speedup_vs_baseline = r.best_vs_baseline;
  entry.budget = budget;
  entry.measured_at = r.measured.empty() ? 0 : r.measured.back().measurement.measured_at;
  return cache.StoreOracle(shape_key, entry);
}

struct Geomeans {
  std::vector<double> best, analytic, fallback;
};

void PrintGeomeans(const char* label, const Geomeans& g) {
  if (g.best.empty()) return;
  std::printf(
      "%-8s %2zu shapes: oracle best %.3fx, analytic %.3fx, engine default %.3fx (geomean speedups over "
      "the baseline heuristic)\n",
      label, g.best.size(), bench::Geomean(g.best), bench::Geomean(g.analytic), bench::Geomean(g.fallback));
}

}  // namespace

int RunOracle(const OracleOptions& options) {
  if (options.backend == "cuda") {
#ifdef TV_HAVE_CUDA_COMMANDS
    return RunOracleCuda(options);
#else
    std::fprintf(stderr,
                 "tilevolve oracle: this build has no CUDA backend (no nvcc was found at configure time); "
                 "install the CUDA toolkit and rebuild, or use --backend cpu\n");
    return 2;
#endif
  }
  Result<bench::Suite> suite = bench::LoadSuite(options.suite);
  if (!suite.ok()) return OracleFail(2, suite.status().message());
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(*suite, options.only);
  if (!shapes.ok()) return OracleFail(2, shapes.status().message());
  if (options.tag != "all" && options.tag != "train" && options.tag != "heldout")
    return OracleFail(2, "--tag must be train, heldout or all (got '" + options.tag + "')");
  if (options.tag != "all") {
    std::erase_if(*shapes, [&](const bench::SuiteShape& s) { return options.tag != bench::TagName(s.tag); });
  }
  if (options.threads < 0) return OracleFail(2, "--threads must be >= 0 (0 = all physical cores)");
  if (options.budget < 0) return OracleFail(2, "--budget must be >= 0 (0 = the default)");

  std::unique_ptr<bench::MeasurementCache> cache;
  if (!options.no_cache) {
    Result<std::unique_ptr<bench::MeasurementCache>> opened = bench::MeasurementCache::Open(
        options.cache_path.empty() ? bench::DefaultMeasurementCachePath() : options.cache_path);
    if (!opened.ok()) return OracleFail(2, opened.status().message());
    cache = std::move(*opened);
  }

  const tv_device_info device = device::DetectCpu();
  const int threads = options.threads > 0 ? options.threads : std::max(1, device.physical_cores);
  gemm::CpuGemm gemm(threads);
  bench::SweepOptions sweep;
  sweep.budget = options.budget > 0 ? options.budget : bench::kDefaultOracleBudget;
  sweep.l3_bytes = device.l3_bytes;
  bench::PairedMeasurer keys(gemm, device, nullptr, bench::PairedOptions());

  std::printf("machine: %s, %d threads, GEMM ISA %s, kernel build %s\n", device.cpu_model, threads,
              gemm::IsaName(gemm.isa()), gemm::KernelBuildId());
  std::printf(
      "suite:   %s (%zu shapes), up to %d configurations per shape, best %d re-measured with baseline, "
      "analytic "
      "and default; cache: %s\n",
      suite->name.c_str(), shapes->size(), sweep.budget, sweep.finalists,
      cache ? cache->path().c_str() : "off (--no-cache)");
  std::printf("%-36s %-7s %5s %-44s %8s %8s %8s %8s %8s\n", "shape", "tag", "tried", "best tiles", "best GF",
              "base GF", "best/bas", "anl/bas", "dflt/bas");
  std::fflush(stdout);

  nlohmann::json records = nlohmann::json::array();
  Geomeans train, heldout;
  bool any_error = false;
  for (const bench::SuiteShape& shape : *shapes) {
    const bench::SweepResult r = bench::SweepShape(shape, gemm, device, sweep);
    records.push_back(SweepJson(r));
    std::printf("%-36s %-7s %5d %-44s %8.1f %8.1f %7.3fx %7.3fx %7.3fx\n", shape.name.c_str(),
                bench::TagName(shape.tag), r.screened, bench::CompactTiles(r.best).c_str(), r.best_gflops,
                r.baseline_gflops, r.best_vs_baseline, r.analytic_vs_baseline, r.fallback_vs_baseline);
    if (r.wrong > 0)
      std::printf("    %d legal configs gave WRONG answers; first: %s\n", r.wrong, r.first_wrong.c_str());
    if (!r.status.ok()) std::printf("    error: %s\n", r.status.message().c_str());
    std::fflush(stdout);
    any_error = any_error || !r.status.ok() || r.wrong > 0;
    if (cache) {
      Status stored = StoreSweep(*cache, keys.Key(shape, tv_tile_config{}), r, sweep.budget);
      if (!stored.ok()) return OracleFail(1, stored.message());
    }
    if (r.status.ok() && r.best_vs_baseline > 0 && r.analytic_vs_baseline > 0 && r.fallback_vs_baseline > 0) {
      Geomeans& g = shape.tag == bench::ShapeTag::kTrain ? train : heldout;
      g.best.push_back(r.best_vs_baseline);
      g.analytic.push_back(r.analytic_vs_baseline);
      g.fallback.push_back(r.fallback_vs_baseline);
    }
  }
  std::printf("\n");
  PrintGeomeans("train", train);
  PrintGeomeans("heldout", heldout);

  if (!options.json_path.empty()) {
    nlohmann::json json = {
        {"machine", {{"device", nlohmann::json::parse(device::FormatJson(device), nullptr, false)}}},
        {"command", "tilevolve oracle --suite " + options.suite + " --threads " + std::to_string(threads) +
                        " --budget " + std::to_string(sweep.budget) + " --tag " + options.tag +
                        (options.only.empty() ? "" : " --only " + options.only)},
        {"suite", suite->name},
        {"threads", threads},
        {"budget", sweep.budget},
        {"gemm_isa", gemm::IsaName(gemm.isa())},
        {"kernel_build", gemm::KernelBuildId()},
        {"records", records}};
    Status written = bench::WriteJsonFile(options.json_path, json);
    if (!written.ok()) return OracleFail(1, written.message());
    std::printf("wrote %s (use: tilevolve bench --suite %s --tiles-file %s)\n", options.json_path.c_str(),
                options.suite.c_str(), options.json_path.c_str());
  }
  return any_error ? OracleFail(1, "some configurations failed (see above)") : 0;
}

}  // namespace tv::app
