// An oracle sweep of one shape: screen many legal configurations with short
// timings, then re-measure the fastest few side by side with the baseline
// heuristic's tiles, the `analytic` heuristic's and the engine's fixed default
// through the full protocol (DESIGN.md rule 6: a winner is re-measured before
// it is believed). Every timing is paired with the baseline's tiles in the same
// Compare call, so each figure is also a drift-robust speedup over the
// baseline, ready for the measurement cache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/comparison.h"
#include "bench/measurement_cache.h"
#include "bench/suite.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// Configurations per shape when the caller gives no budget: the transformer
// suite's train shapes then take about 15 minutes on 2 cores.
inline constexpr int kDefaultOracleBudget = 24;

struct SweepOptions {
  int budget = kDefaultOracleBudget;  // configurations screened per shape
  int finalists = 3;                  // fastest screened configs re-measured with the references
  MeasureOptions screen;              // short: one warm-up call, two repetitions
  MeasureOptions final_round;         // the protocol's usual settings
  int64_t l3_bytes = 0;               // for operand rotation (0 = unknown)
  uint64_t seed = 1;

  SweepOptions();
};

// One configuration's figures, paired with the baseline in the same Compare.
struct MeasuredTiles {
  tv_tile_config tiles{};  // legal
  Measurement measurement;
  bool final_round = false;  // re-measured with the full protocol (else screening only)
};

struct SweepResult {
  SuiteShape shape;
  tv_tile_config best{};       // the fastest in the final round
  tv_tile_config fallback{};   // the engine's fixed default (all-auto request, legalized)
  tv_tile_config baseline{};   // the baseline heuristic's, legalized
  tv_tile_config analytic{};   // the analytic heuristic's, legalized
  double best_gflops = 0;      // from the final round
  double fallback_gflops = 0;  // from the final round
  double baseline_gflops = 0;
  double analytic_gflops = 0;
  double best_vs_baseline = 0;  // t_baseline / t_best, paired per round (> 1: best is faster)
  double best_vs_baseline_spread = 0;
  double analytic_vs_baseline = 0;  // t_baseline / t_analytic, paired per round
  double fallback_vs_baseline = 0;  // t_baseline / t_default, paired per round
  int screened = 0;                 // configurations timed in screening
  double screen_worst_gflops = 0;
  double screen_median_gflops = 0;
  double screen_best_gflops = 0;
  int wrong = 0;                        // legal configurations that gave a wrong answer (an engine bug)
  std::string first_wrong;              // its tiles and message
  std::vector<MeasuredTiles> measured;  // every configuration timed, final-round figures last
  Status status;                        // not ok: not even the baseline ran correctly
};

SweepResult SweepShape(const SuiteShape& shape, gemm::CpuGemm& gemm, const tv_device_info& device,
                       const SweepOptions& options);

}  // namespace tv::bench
