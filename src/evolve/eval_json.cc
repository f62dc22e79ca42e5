#include "evolve/eval_json.h"

#include "bench/bench_json.h"
#include "bench/tiles_text.h"

namespace tv::evolve {

nlohmann::json EvalReportJson(const EvalReport& report) {
  nlohmann::json shapes = nlohmann::json::array();
  for (const ShapeEval& s : report.shapes) {
    nlohmann::json j = bench::ShapeJson(s.shape);
    j["requested"] = bench::TilesToJson(s.requested);
    j["tiles"] = bench::TilesToJson(s.tiles);
    j["baseline"] = bench::TilesToJson(s.baseline);
    j["speedup"] = s.speedup;
    j["speedup_spread"] = s.speedup_spread;
    j["gflops"] = s.gflops;
    j["cached"] = s.cached;
    if (s.reused) j["reused_from_promoted"] = true;
    if (s.has_oracle) {
      j["oracle_tiles"] = bench::TilesToJson(s.oracle_tiles);
      j["oracle_speedup"] = s.oracle_speedup;
    }
    shapes.push_back(std::move(j));
  }
  nlohmann::json json = {{"combined_score", report.combined_score},
                         {"heldout_speedup", report.heldout_measured ? nlohmann::json(report.heldout_speedup)
                                                                     : nlohmann::json()},
                         {"heldout_measured", report.heldout_measured},
                         {"cascade_stages_passed", report.cascade_stages_passed},
                         {"oracle_fraction", report.oracle_shapes > 0 ? nlohmann::json(report.oracle_fraction)
                                                                      : nlohmann::json()},
                         {"oracle_shapes", report.oracle_shapes},
                         {"outcome", report.outcome},
                         {"stage", report.stage},
                         {"message", report.message},
                         {"program", {{"path", report.program_path}, {"hash", report.program_hash}}},
                         {"shapes", shapes},
                         {"artifacts",
                          {{"compiler_output", report.compiler_output},
                           {"program_stderr", report.program_stderr},
                           {"failed_probe", report.failed_probe}}},
                         {"timing",
                          {{"compile_s", report.compile_seconds},
                           {"probe_s", report.probe_seconds},
                           {"measure_s", report.measure_seconds},
                           {"total_s", report.total_seconds},
                           {"compile_cached", report.compile_cached},
                           {"cache_hits", report.cache_hits},
                           {"cache_misses", report.cache_misses}}}};
  return json;
}

std::vector<ShapeEval> ShapeEvalsFromMetrics(const nlohmann::json& metrics) {
  std::vector<ShapeEval> evals;
  if (!metrics.is_object() || !metrics.contains("shapes") || !metrics["shapes"].is_array()) return evals;
  for (const nlohmann::json& shape : metrics["shapes"]) {
    if (!shape.is_object()) continue;
    const nlohmann::json name = shape.value("name", nlohmann::json());
    const nlohmann::json tag = shape.value("tag", nlohmann::json());
    const nlohmann::json speedup = shape.value("speedup", nlohmann::json());
    const bool sized = shape.value("m", nlohmann::json()).is_number_integer() &&
                       shape.value("n", nlohmann::json()).is_number_integer() &&
                       shape.value("k", nlohmann::json()).is_number_integer();
    if (!name.is_string() || !speedup.is_number() || !sized || !shape.contains("tiles") ||
        !shape.contains("baseline") || (tag != "train" && tag != "heldout"))
      continue;
    const Result<tv_tile_config> tiles = bench::TilesFromJson(shape["tiles"]);
    const Result<tv_tile_config> baseline = bench::TilesFromJson(shape["baseline"]);
    if (!tiles.ok() || !baseline.ok()) continue;
    ShapeEval eval;
    eval.shape.name = name.get<std::string>();
    eval.shape.m = shape["m"].get<int64_t>();
    eval.shape.n = shape["n"].get<int64_t>();
    eval.shape.k = shape["k"].get<int64_t>();
    eval.shape.tag = tag == "train" ? bench::ShapeTag::kTrain : bench::ShapeTag::kHeldout;
    eval.tiles = *tiles;
    eval.baseline = *baseline;
    eval.speedup = speedup.get<double>();
    eval.speedup_spread = shape.value("speedup_spread", 0.0);
    eval.gflops = shape.value("gflops", 0.0);
    evals.push_back(std::move(eval));
  }
  return evals;
}

}  // namespace tv::evolve
