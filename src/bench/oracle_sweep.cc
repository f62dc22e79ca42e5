#include "bench/oracle_sweep.h"

#include <algorithm>

#include "bench/operands.h"
#include "bench/oracle_grid.h"
#include "bench/paired_measurer.h"
#include "bench/reference.h"
#include "bench/shape_bench.h"
#include "bench/statistics.h"
#include "bench/tiles_text.h"
#include "heuristic/analytic.h"
#include "heuristic/baseline.h"

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
  const int m = static_cast<int>(shape.m), n = static_cast<int>(shape.n), k = static_cast<int>(shape.k);
  result.baseline = gemm.Legalize(heuristic::ChooseBaselineTiles(m, n, k, &device), gemm_shape);
  result.analytic = gemm.Legalize(heuristic::ChooseAnalyticTiles(m, n, k, &device), gemm_shape);
  std::vector<tv_tile_config> candidates =
      OracleCandidates(gemm, gemm_shape, device, std::max(1, options.budget), options.seed);
  result.fallback = candidates[0];

  const RotationPlan plan = PlanRotation(shape.m, shape.n, shape.k, options.l3_bytes);
  GemmOperands operands(shape.m, shape.n, shape.k, plan.sets, options.seed);
  const std::vector<float> reference = TrustedProduct(operands.Args(0));

  // Screening: the baseline first, then every candidate, interleaved round by round.
  std::vector<tv_tile_config> screened_tiles = {result.baseline};
  for (const tv_tile_config& c : candidates) {
    if (!SameTiles(c, result.baseline)) screened_tiles.push_back(c);
  }
  std::vector<Contender> contenders;
  for (const tv_tile_config& t : screened_tiles)
    contenders.push_back(GemmContender(gemm, t, CompactTiles(t)));
  ComparisonResult screen;
  {
    TimingLock lock;
    screen = Compare(contenders, operands, reference, options.screen);
  }
  if (!screen.contenders[0].status.ok()) {
    result.status = Status::Internal("the baseline's tiles " + CompactTiles(result.baseline) +
                                     " computed a wrong answer: " + screen.contenders[0].status.message());
    return result;
  }
  struct Screened {
    size_t index;
    double seconds;
  };
  std::vector<Screened> ranked;
  const int64_t now = UnixSeconds();
  for (size_t i = 0; i < screened_tiles.size(); ++i) {
    result.measured.push_back({screened_tiles[i], FigureOfContender(screen, i, result.baseline, now), false});
    if (!screen.contenders[i].status.ok()) {
      if (result.wrong++ == 0)
        result.first_wrong = CompactTiles(screened_tiles[i]) + ": " + screen.contenders[i].status.message();
      continue;
    }
    ranked.push_back({i, screen.contenders[i].seconds.median});
  }
  result.screened = static_cast<int>(ranked.size());
  std::sort(ranked.begin(), ranked.end(),
            [](const Screened& a, const Screened& b) { return a.seconds < b.seconds; });
  std::vector<double> screen_gflops;
  for (const Screened& s : ranked) screen_gflops.push_back(shape.flops() / s.seconds / 1e9);
  result.screen_best_gflops = screen_gflops.front();
  result.screen_worst_gflops = screen_gflops.back();
  result.screen_median_gflops = Median(screen_gflops);

  // Final round: baseline, default, analytic, then the fastest few screened.
  std::vector<tv_tile_config> finals = {result.baseline};
  auto add_final = [&](const tv_tile_config& t) {
    for (const tv_tile_config& f : finals) {
      if (SameTiles(f, t)) return;
    }
    finals.push_back(t);
  };
  add_final(result.fallback);
  add_final(result.analytic);
  int added = 0;
  for (const Screened& s : ranked) {
    if (added == options.finalists) break;
    const size_t before = finals.size();
    add_final(screened_tiles[s.index]);
    if (finals.size() > before) ++added;
  }
  contenders.clear();
  for (const tv_tile_config& t : finals) contenders.push_back(GemmContender(gemm, t, CompactTiles(t)));
  ComparisonResult r;
  {
    TimingLock lock;
    r = Compare(contenders, operands, reference, options.final_round);
  }
  const int64_t final_now = UnixSeconds();
  size_t best = finals.size();
  for (size_t i = 0; i < finals.size(); ++i) {
    const Measurement fig = FigureOfContender(r, i, result.baseline, final_now);
    result.measured.push_back({finals[i], fig, true});
    if (!fig.error.empty()) {
      if (result.wrong++ == 0) result.first_wrong = CompactTiles(finals[i]) + ": " + fig.error;
      continue;
    }
    const double gflops = shape.flops() / fig.median_seconds / 1e9;
    if (SameTiles(finals[i], result.baseline)) result.baseline_gflops = gflops;
    if (SameTiles(finals[i], result.fallback)) {
      result.fallback_gflops = gflops;
      result.fallback_vs_baseline = fig.speedup_vs_baseline;
    }
    if (SameTiles(finals[i], result.analytic)) {
      result.analytic_gflops = gflops;
      result.analytic_vs_baseline = fig.speedup_vs_baseline;
    }
    if (best == finals.size() || fig.median_seconds < r.contenders[best].seconds.median) best = i;
  }
  if (best == finals.size()) {
    result.status =
        Status::Internal("every finalist failed when re-measured: " + r.contenders[0].status.message());
    return result;
  }
  result.best = finals[best];
  result.best_gflops = shape.flops() / r.contenders[best].seconds.median / 1e9;
  result.best_vs_baseline = best == 0 ? 1.0 : 1.0 / r.ratio_to_first[best].median;
  result.best_vs_baseline_spread = best == 0 ? 0 : r.ratio_to_first[best].relative_spread;
  return result;
}

}  // namespace tv::bench
