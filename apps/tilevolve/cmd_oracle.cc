// `tilevolve oracle`: for each shape, sweep legal tile configurations, re-measure
// the fastest few side by side with the engine's fixed default, and write the
// best per shape as JSON that `tilevolve bench --tiles-file` reads.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/bench_json.h"
#include "bench/oracle_sweep.h"
#include "bench/roofline.h"
#include "bench/statistics.h"
#include "bench/suite.h"
#include "bench/tiles_text.h"
#include "commands.h"
#include "device/device.h"
#include "gemm/cpu/cpu_gemm.h"

namespace tv::app {
namespace {

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve oracle: %s\n", message.c_str());
  return code;
}

nlohmann::json SweepJson(const bench::SweepResult& r) {
  nlohmann::json json = bench::ShapeJson(r.shape);
  json["tiles"] = bench::TilesToJson(r.best);
  json["gflops"] = r.best_gflops;
  json["default_tiles"] = bench::TilesToJson(r.fallback);
  json["default_gflops"] = r.fallback_gflops;
  json["speedup_vs_default"] = r.speedup_vs_fallback;
  json["speedup_spread"] = r.speedup_spread;
  json["screened"] = r.screened;
  json["screen_best_gflops"] = r.screen_best_gflops;
  json["screen_median_gflops"] = r.screen_median_gflops;
  json["screen_worst_gflops"] = r.screen_worst_gflops;
  json["wrong_configs"] = r.wrong;
  if (!r.first_wrong.empty()) json["first_wrong"] = r.first_wrong;
  if (!r.status.ok()) json["error"] = r.status.message();
  return json;
}

}  // namespace

int RunOracle(const OracleOptions& options) {
  Result<bench::Suite> suite = bench::LoadSuite(options.suite);
  if (!suite.ok()) return Fail(2, suite.status().message());
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(*suite, options.only);
  if (!shapes.ok()) return Fail(2, shapes.status().message());
  if (options.threads < 0) return Fail(2, "--threads must be >= 0 (0 = all physical cores)");
  if (options.budget < 0) return Fail(2, "--budget must be >= 0 (0 = the default)");

  const tv_device_info device = device::DetectCpu();
  const int threads = options.threads > 0 ? options.threads : std::max(1, device.physical_cores);
  gemm::CpuGemm gemm(threads);
  bench::SweepOptions sweep;
  sweep.budget = options.budget > 0 ? options.budget : bench::kDefaultOracleBudget;
  sweep.l3_bytes = device.l3_bytes;

  std::printf("machine: %s, %d threads, GEMM ISA %s\n", device.cpu_model, threads, gemm::IsaName(gemm.isa()));
  std::printf(
      "suite:   %s (%zu shapes), up to %d configurations per shape, best %d re-measured with the default\n",
      suite->name.c_str(), shapes->size(), sweep.budget, sweep.finalists);
  std::printf("%-36s %6s %6s %6s %5s %-44s %8s %8s %8s %8s %8s\n", "shape", "m", "n", "k", "tried",
              "best tiles", "best GF", "dflt GF", "best/dfl", "med GF", "worst GF");
  std::fflush(stdout);

  nlohmann::json records = nlohmann::json::array();
  std::vector<double> speedups;
  bool any_error = false;
  for (const bench::SuiteShape& shape : *shapes) {
    const bench::SweepResult r = bench::SweepShape(shape, gemm, device, sweep);
    records.push_back(SweepJson(r));
    std::printf("%-36s %6lld %6lld %6lld %5d %-44s %8.1f %8.1f %7.3fx %8.1f %8.1f\n", shape.name.c_str(),
                static_cast<long long>(shape.m), static_cast<long long>(shape.n),
                static_cast<long long>(shape.k), r.screened, bench::CompactTiles(r.best).c_str(),
                r.best_gflops, r.fallback_gflops, r.speedup_vs_fallback, r.screen_median_gflops,
                r.screen_worst_gflops);
    if (r.wrong > 0)
      std::printf("    %d legal configs gave WRONG answers; first: %s\n", r.wrong, r.first_wrong.c_str());
    if (!r.status.ok()) std::printf("    error: %s\n", r.status.message().c_str());
    std::fflush(stdout);
    any_error = any_error || !r.status.ok() || r.wrong > 0;
    if (r.speedup_vs_fallback > 0) speedups.push_back(r.speedup_vs_fallback);
  }
  std::printf("\ngeomean best/default over %zu shapes: %.3fx\n", speedups.size(), bench::Geomean(speedups));

  if (!options.json_path.empty()) {
    nlohmann::json json = {
        {"machine", {{"device", nlohmann::json::parse(device::FormatJson(device), nullptr, false)}}},
        {"command", "tilevolve oracle --suite " + options.suite + " --threads " + std::to_string(threads) +
                        " --budget " + std::to_string(sweep.budget) +
                        (options.only.empty() ? "" : " --only " + options.only)},
        {"suite", suite->name},
        {"threads", threads},
        {"budget", sweep.budget},
        {"gemm_isa", gemm::IsaName(gemm.isa())},
        {"records", records}};
    Status written = bench::WriteJsonFile(options.json_path, json);
    if (!written.ok()) return Fail(1, written.message());
    std::printf("wrote %s (use: tilevolve bench --suite %s --tiles-file %s)\n", options.json_path.c_str(),
                options.suite.c_str(), options.json_path.c_str());
  }
  return any_error ? Fail(1, "some configurations failed (see above)") : 0;
}

}  // namespace tv::app
