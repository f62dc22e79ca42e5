#include "bench/oracle_sweep.h"

#include <algorithm>
#include <numeric>

#include "bench/operands.h"
#include "bench/oracle_grid.h"
#include "bench/reference.h"
#include "bench/shape_bench.h"
#include "bench/statistics.h"
#include "bench/tiles_text.h"

namespace tv::bench {

SweepOptions::SweepOptions() {
  screen.warmup_s = 0;  // one call
  screen.min_time_s = 0.02;
  screen.min_reps = 2;
  screen.max_reps = 2;
  final_round.min_time_s = 0.05;
  final_round.min_reps = 5;
  final_round.max_reps = 10;
}

SweepResult SweepShape(const SuiteShape& shape, gemm::CpuGemm& gemm, const tv_device_info& device,
                       const SweepOptions& options) {
  SweepResult result;
  result.shape = shape;
  const gemm::GemmShape gemm_shape{shape.m, shape.n, shape.k};
  const std::vector<tv_tile_config> candidates =
      OracleCandidates(gemm, gemm_shape, device, std::max(1, options.budget), options.seed);
  result.fallback = candidates[0];

  const RotationPlan plan = PlanRotation(shape.m, shape.n, shape.k, options.l3_bytes);
  GemmOperands operands(shape.m, shape.n, shape.k, plan.sets, options.seed);
  const std::vector<float> reference = TrustedProduct(operands.Args(0));

  // Screening: each candidate alone, briefly.
  struct Screened {
    size_t index;
    double seconds;
  };
  std::vector<Screened> screened;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Contender contender = GemmContender(gemm, candidates[i]);
    const ComparisonResult r = Compare({&contender, 1}, operands, reference, options.screen);
    if (!r.contenders[0].status.ok()) {
      if (result.wrong++ == 0) {
        result.first_wrong = CompactTiles(candidates[i]) + ": " + r.contenders[0].status.message();
      }
      continue;
    }
    screened.push_back({i, r.contenders[0].seconds.median});
  }
  result.screened = static_cast<int>(screened.size());
  if (screened.empty()) {
    result.status = Status::Internal("no configuration computed the right answer: " + result.first_wrong);
    return result;
  }
  std::sort(screened.begin(), screened.end(),
            [](const Screened& a, const Screened& b) { return a.seconds < b.seconds; });
  std::vector<double> screen_gflops;
  for (const Screened& s : screened) screen_gflops.push_back(shape.flops() / s.seconds / 1e9);
  result.screen_best_gflops = screen_gflops.front();
  result.screen_worst_gflops = screen_gflops.back();
  result.screen_median_gflops = Median(screen_gflops);

  // Final round: the default first, then the fastest few, interleaved.
  std::vector<size_t> finalists = {0};
  for (const Screened& s : screened) {
    if (static_cast<int>(finalists.size()) > options.finalists) break;
    if (s.index != 0) finalists.push_back(s.index);
  }
  std::vector<Contender> contenders;
  for (size_t f : finalists)
    contenders.push_back(GemmContender(gemm, candidates[f], CompactTiles(candidates[f])));
  const ComparisonResult r = Compare(contenders, operands, reference, options.final_round);
  size_t best = finalists.size();
  for (size_t i = 0; i < finalists.size(); ++i) {
    if (!r.contenders[i].status.ok()) continue;
    if (best == finalists.size() || r.contenders[i].seconds.median < r.contenders[best].seconds.median)
      best = i;
  }
  if (best == finalists.size()) {
    result.status =
        Status::Internal("every finalist failed when re-measured: " + r.contenders[0].status.message());
    return result;
  }
  result.best = candidates[finalists[best]];
  result.best_gflops = shape.flops() / r.contenders[best].seconds.median / 1e9;
  if (r.contenders[0].status.ok()) {
    result.fallback_gflops = shape.flops() / r.contenders[0].seconds.median / 1e9;
    // ratio_to_first[best] = time_best / time_default per round.
    const Summary& ratio = r.ratio_to_first[best];
    result.speedup_vs_fallback = ratio.count > 0 ? 1.0 / ratio.median : 0;
    result.speedup_spread = ratio.relative_spread;
  } else {
    result.status =
        Status::Internal("the engine's default tiles failed: " + r.contenders[0].status.message());
  }
  return result;
}

}  // namespace tv::bench
