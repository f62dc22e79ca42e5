// The trusted evaluator of a heuristic program (issue 3; DESIGN.md rules 1-6).
// It stops at the first stage that fails (a cascade) and says why:
//   1. compile  the program to a cached shared object, in the sandbox
//               (evolve/program_compiler.h);
//   2. probe    in the sandbox, ask it for tiles on every suite shape plus a
//               fixed set of random probe shapes; it must answer every one,
//               quickly, the same way twice, within range (evolve/heuristic_probe.h);
//   3. legalize every answer exactly as production does (CpuGemm::Legalize);
//   4. check    that the GEMM computes the right answer with those tiles and
//   5. time     them against the baseline heuristic's tiles, interleaved, one
//               timing at a time, through the measurement cache
//               (bench/paired_measurer.h: each pair is checked and timed once
//               per machine and kernel build, then looked up).
// Per shape, speedup = t_baseline / t_candidate. combined_score is the geomean
// over the suite's train shapes; heldout_speedup is reported and never used for
// selection; oracle_fraction compares with the oracle's best tiles where
// `tilevolve oracle` has measured the shape.
//
// Tiles that legalize to the baseline's own tiles are the same code path, so
// their speedup is exactly 1 (not a noisy re-measurement of the same thing).
//
// During evolution a child is measured against its parent in a cascade
// (OpenEvolve's cascade_evaluation; see CascadeRequest): figures the cache
// already has come first and cost nothing, the shapes that must be timed now
// follow in stages, and a child whose projected score falls too far below its
// parent's stops early with outcome "cascade_stopped".
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/measurement_cache.h"
#include "bench/paired_measurer.h"
#include "bench/suite.h"
#include "core/status.h"
#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "evolve/sandbox.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve {

struct EvalOptions {
  std::string suite = "transformer";  // shipped suite name or YAML path
  std::string only;                   // comma-separated shape names (empty: all)
  int threads = 0;                    // 0: all physical cores
  bool use_cache = true;              // false: --no-cache (nothing read or written)
  // false: a shape whose tiles are the baseline's scores exactly 1 without being
  // timed (its GFLOP/s is then 0, unknown). A re-measurement needs only the speedups.
  bool time_baseline_tiles = true;
  std::string cache_path;  // empty: bench::DefaultMeasurementCachePath()
  bench::PairedOptions paired;
  CompileOptions compile;
  ProbeOptions probe;
  int probe_shapes = 48;  // random shapes asked besides the suite's (never timed)
  uint64_t probe_seed = 7;
  std::optional<tv_device_info> device;  // what the heuristic is told; unset: detected
};

// What a child is measured against during evolution.
struct CascadeRequest {
  std::map<std::string, double> parent_speedups;  // train shape name -> the parent's speedup (missing: 1)
  double parent_score = 0;                        // the parent's combined_score
  // The train shapes the cache does not know are timed, cheapest (fewest
  // flops) first, in thresholds.size() + 1 equal groups. After group i the child's projected score (the
  // geomean over train shapes with the shapes not yet timed at the parent's speedup) must reach thresholds[i]
  // * parent_score, or the evaluation stops there.
  std::vector<double> thresholds;
  // Held-out shapes are timed only for a child whose score beats its parent's
  // (they never select; a promoted best is re-measured on every shape anyway).
  bool heldout_only_if_better = true;
};

struct ShapeEval {
  bench::SuiteShape shape;
  tv_tile_config requested{};  // the program's answer
  tv_tile_config tiles{};      // legalized: what runs
  tv_tile_config baseline{};   // the baseline heuristic's, legalized
  double speedup = 0;          // t_baseline / t_candidate (1 when tiles == baseline)
  double speedup_spread = 0;   // relative MAD of the paired ratios
  double gflops = 0;           // of the candidate's tiles
  bool cached = false;         // the figure came from the measurement cache
  bool reused = false;         // taken from the promoted program's re-measurement (FreshFigures)
  bool has_oracle = false;
  tv_tile_config oracle_tiles{};
  double oracle_speedup = 0;  // the oracle's best over the baseline
};

struct EvalReport {
  std::string program_path;
  std::string program_hash;
  std::string outcome = "ok";  // "ok" or the failing stage's typed outcome (see OutcomeNames())
                               // "cascade_stopped": fell short of its parent (combined_score is
                               // then the projection it stopped at)
  std::string stage;           // where it stopped: "compile", "probe", "check", "measure", or "done"
  std::string message;         // what went wrong and what to do; empty when ok

  double combined_score = 0;      // geomean speedup over train shapes (0 when not ok)
  double heldout_speedup = 0;     // geomean over heldout shapes (0 when none)
  double oracle_fraction = 0;     // geomean(candidate)/geomean(oracle) over train shapes the oracle knows
  int oracle_shapes = 0;          // how many train shapes that covers (0: oracle_fraction unknown)
  std::vector<ShapeEval> shapes;  // in suite order; only the shapes measured
  int cascade_stages_passed = 0;  // with a CascadeRequest: stages that reached their threshold
  bool heldout_measured = true;   // false: held-out shapes skipped (CascadeRequest)

  // Artifacts a later LLM prompt can show.
  std::string compiler_output;
  std::string program_stderr;
  std::string failed_probe;  // "M x N x K" of the answer that failed, when one did

  bool compile_cached = false;
  int cache_hits = 0;
  int cache_misses = 0;
  double compile_seconds = 0;
  double probe_seconds = 0;
  double measure_seconds = 0;
  double total_seconds = 0;
};

// A re-measurement before promotion (DESIGN.md rule 6) need not time again a
// shape whose legalized tiles and baseline are exactly those of the promoted
// program, whose own re-measurement already timed that code path without the
// cache: those shapes take its figure (ShapeEval::reused), every other shape is
// timed now. So a lucky sample of new tiles is still re-measured, and the
// comparison with the promoted score differs only where the code differs.
struct FreshFigures {
  std::map<std::string, ShapeEval> by_shape;  // shape name -> figure
};

// The shapes of a re-measurement's metrics (EvalReportJson); an ok outcome is
// required, and shapes whose fields do not parse are left out.
FreshFigures FreshFiguresFromMetrics(const std::string& metrics_json);

// Every outcome name an EvalReport may carry.
std::vector<std::string> OutcomeNames();

// The probe shapes: a few edge cases (1 x 1 x 1, M = 1, primes) and `count`
// log-uniform random shapes in [1, 16384]^3 from `seed`.
std::vector<ProbeShape> MakeProbeShapes(int count, uint64_t seed);

class Evaluator {
 public:
  // Loads the suite, opens the cache, detects the machine. Errors are usage
  // errors (unknown suite, unopenable cache) with a message saying what to do.
  static Result<std::unique_ptr<Evaluator>> Make(const EvalOptions& options, SandboxRunner& runner);

  // Evaluates one program file. A bad program is a report with outcome != "ok";
  // a non-ok Status means the evaluator itself could not work (cache I/O).
  // With `cascade`, measures it against its parent (CascadeRequest). With
  // `fresh`, shapes that match take their figure from it (FreshFigures).
  Result<EvalReport> Evaluate(const std::string& program_path, const CascadeRequest* cascade = nullptr,
                              const FreshFigures* fresh = nullptr);

  const tv_device_info& device() const { return device_; }
  const bench::Suite& suite() const { return suite_; }
  int threads() const { return gemm_->threads(); }

 private:
  Evaluator() = default;
  // Measures shapes_[i] into *eval; a non-empty return is the wrong-result message.
  Result<std::string> MeasureShape(size_t i, ShapeEval* eval);
  EvalOptions options_;
  SandboxRunner* runner_ = nullptr;
  tv_device_info device_{};
  bench::Suite suite_;
  std::vector<bench::SuiteShape> shapes_;
  std::unique_ptr<gemm::CpuGemm> gemm_;
  std::unique_ptr<bench::MeasurementCache> cache_;
  std::unique_ptr<bench::PairedMeasurer> measurer_;
};

}  // namespace tv::evolve
