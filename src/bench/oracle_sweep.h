// An oracle sweep of one shape: screen many legal configurations with short
// timings, then re-measure the fastest few side by side with the engine's fixed
// default through the full protocol (DESIGN.md rule 6: a winner is re-measured
// before it is believed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/comparison.h"
#include "bench/suite.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// Configurations per shape when the caller gives no budget: the transformer
// suite then takes about 10-15 minutes on 2 cores.
inline constexpr int kDefaultOracleBudget = 24;

struct SweepOptions {
  int budget = kDefaultOracleBudget;  // configurations screened per shape
  int finalists = 3;                  // fastest screened configs re-measured with the default
  MeasureOptions screen;              // short: one warm-up call, two repetitions
  MeasureOptions final_round;         // the protocol's usual settings
  int64_t l3_bytes = 0;               // for operand rotation (0 = unknown)
  uint64_t seed = 1;

  SweepOptions();
};

struct SweepResult {
  SuiteShape shape;
  tv_tile_config best{};
  tv_tile_config fallback{};       // the engine's fixed default (all-auto request, legalized)
  double best_gflops = 0;          // from the final round
  double fallback_gflops = 0;      // from the final round
  double speedup_vs_fallback = 0;  // paired per round, > 1: best is faster
  double speedup_spread = 0;       // relative MAD of the paired ratios
  int screened = 0;                // configurations timed in screening
  double screen_worst_gflops = 0;
  double screen_median_gflops = 0;
  double screen_best_gflops = 0;
  int wrong = 0;            // legal configurations that gave a wrong answer (an engine bug)
  std::string first_wrong;  // its tiles and message
  Status status;            // not ok: not even the default ran correctly
};

SweepResult SweepShape(const SuiteShape& shape, gemm::CpuGemm& gemm, const tv_device_info& device,
                       const SweepOptions& options);

}  // namespace tv::bench
