// The evaluator's metrics as JSON: what `tilevolve eval --json` writes and what
// the evolution engine stores per program (OpenEvolve's metrics dict plus
// artifacts). Keys: combined_score, heldout_speedup, oracle_fraction (null when
// unknown), oracle_shapes, outcome, stage, message, program {path, hash},
// shapes [{name, m, n, k, tag, requested, tiles, baseline, speedup,
// speedup_spread, gflops, cached, oracle_tiles, oracle_speedup}], artifacts
// {compiler_output, program_stderr, failed_probe}, timing {compile_s, probe_s,
// measure_s, total_s, compile_cached, cache_hits, cache_misses}.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "evolve/evaluator.h"

namespace tv::evolve {

nlohmann::json EvalReportJson(const EvalReport& report);

// The inverse for the shapes: one ShapeEval per entry of metrics["shapes"] whose
// name, m, n, k, tag, tiles, baseline and speedup parse (shape, tiles, baseline,
// speedup, speedup_spread, gflops set); other entries are left out, and metrics
// without a shapes array give none. The outcome is not checked.
std::vector<ShapeEval> ShapeEvalsFromMetrics(const nlohmann::json& metrics);

}  // namespace tv::evolve
